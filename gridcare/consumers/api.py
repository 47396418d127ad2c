"""API v1 of consumers (mounted at /api/v1/consumer-accounts): registration confirmed
by a one-time code, password reset by code, consents per purpose and the caller's
linked consumer accounts (лицевые счета) with points of supply and meters.

Registration and password reset are here, not in /auth, because they send codes
through the notification layer, which sits above accounts (docs/domains/accounts.md).
Code checks and link attempts are counted outside any transaction, so a refusal never
rolls its own count back; creates accept Idempotency-Key."""

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from gridcare.accounts.schemas import TokenOut
from gridcare.accounts.services import api_token_issue
from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.consumers.consents import (
    consent_get_for_user,
    consent_list_for_consumer,
    consent_states_for_consumer,
    consumer_consent_give,
    consumer_consent_withdraw,
)
from gridcare.consumers.identity import (
    CodeSent,
    RegistrationInput,
    consumer_register,
    consumer_registration_confirm,
    password_reset_confirm,
    password_reset_request,
    registration_code_resend,
)
from gridcare.consumers.linking import (
    consumer_account_find_for_link,
    consumer_account_get_for_user,
    consumer_account_link,
    consumer_account_list_for_user,
    consumer_account_unlink,
    consumer_of_user,
)
from gridcare.consumers.schemas import (
    AccountLinkIn,
    AccountOut,
    AccountPageOut,
    CodeIn,
    CodeSentOut,
    ConsentGiveIn,
    ConsentOut,
    ConsentPageOut,
    ConsentPurposeOut,
    LoginIn,
    PasswordResetConfirmIn,
    RegistrationIn,
)
from gridcare.core.web import client_ip

router = Router(tags=["Лицевые счета"])
APP_CHANNEL = "mobile_app"


def _code_sent(sent: CodeSent) -> CodeSentOut:
    return CodeSentOut(
        login=sent.masked,
        channel=str(sent.channel),
        expires_at=sent.expires_at,
        resend_at=sent.resend_at,
    )


# ---- registration and password reset (anonymous) --------------------------------


@router.post(
    "/registration",
    auth=None,
    response={202: CodeSentOut, **errors(400, 422, 429)},
    openapi_extra=idempotency_openapi(),
)
def register_consumer(request: HttpRequest, payload: RegistrationIn) -> HttpResponse:
    """Зарегистрироваться по телефону или e-mail с паролем.

    Учётная запись создаётся неактивной; на телефон (SMS) или e-mail уходит код из
    6 цифр (действует 10 минут). Согласие `service` обязательно, остальные — по
    желанию. Если логин уже зарегистрирован, ответ тот же (на адрес уходит
    уведомление вместо кода). Повтор с тем же Idempotency-Key — первый ответ."""

    def create() -> tuple[int, Any]:
        sent = consumer_register(
            data=RegistrationInput(
                full_name=payload.full_name,
                login=payload.login,
                password=payload.password,
                consent_purposes=frozenset(payload.consents),
                channel=APP_CHANNEL,
                ip_address=client_ip(request),
            )
        )
        return 202, _code_sent(sent)

    return idempotent_response(
        request,
        operation="register_consumer",
        payload=payload.model_dump(exclude={"password"})
        | {"password_len": len(payload.password)},
        create=create,
    )


@router.post(
    "/registration/confirm",
    auth=None,
    response={201: TokenOut, **errors(400, 422)},
    openapi_extra=idempotency_openapi(),
)
def confirm_registration(request: HttpRequest, payload: CodeIn) -> HttpResponse:
    """Подтвердить регистрацию кодом и получить токен.

    Неверный, истёкший или исчерпанный (5 попыток) код — 400 `code_invalid`. Код
    действует один раз: повтор с тем же Idempotency-Key (ответ потерялся в сети)
    возвращает тот же токен."""

    def create() -> tuple[int, Any]:
        user = consumer_registration_confirm(login=payload.login, code=payload.code)
        token, key = api_token_issue(
            user=user,
            name=payload.device_name,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            ip_address=client_ip(request),
        )
        return 201, TokenOut.model_validate(
            {"token": key, "expires_at": token.expires_at, "user": user}
        )

    return idempotent_response(
        request, operation="confirm_registration", payload=payload, create=create
    )


@router.post(
    "/registration/resend-code",
    auth=None,
    response={202: CodeSentOut, **errors(400, 422, 429)},
)
def resend_registration_code(request: HttpRequest, payload: LoginIn) -> Status[Any]:
    """Отправить код регистрации ещё раз (не чаще раза в минуту, 429 — рано)."""
    return Status(202, _code_sent(registration_code_resend(login=payload.login)))


@router.post(
    "/password-reset",
    auth=None,
    response={202: CodeSentOut, **errors(400, 422, 429)},
)
def request_password_reset(request: HttpRequest, payload: LoginIn) -> Status[Any]:
    """Запросить код для смены пароля. Ответ одинаков, есть такой логин или нет."""
    return Status(202, _code_sent(password_reset_request(login=payload.login)))


@router.post(
    "/password-reset/confirm",
    auth=None,
    response={204: None, **errors(400, 422)},
    openapi_extra=idempotency_openapi(),
)
def confirm_password_reset(
    request: HttpRequest, payload: PasswordResetConfirmIn
) -> HttpResponse:
    """Сменить пароль по коду. Все сеансы и токены учётной записи завершаются.

    Слабый пароль — 400 `password_rejected` (причины в `details.reasons`, код не
    расходуется); неверный код — 400 `code_invalid`. Повтор с тем же
    Idempotency-Key — тот же ответ 204, хотя код уже израсходован."""

    def create() -> tuple[int, Any]:
        password_reset_confirm(
            login=payload.login, code=payload.code, new_password=payload.new_password
        )
        return 204, None

    return idempotent_response(
        request,
        operation="confirm_password_reset",
        payload=payload.model_dump(exclude={"new_password"})
        | {"password_hash": hashlib.sha256(payload.new_password.encode()).hexdigest()},
        create=create,
    )


# ---- consents -------------------------------------------------------------------


@router.get(
    "/consents/purposes", response={200: list[ConsentPurposeOut], **errors(401, 404)}
)
def list_consent_purposes(request: HttpRequest) -> list[dict[str, Any]]:
    """Цели обработки данных: действующий текст и согласие пользователя по каждой."""
    consumer = consumer_of_user(user=request.auth)  # type: ignore[attr-defined]
    return [
        {
            "purpose": s.purpose,
            "label": s.label,
            "is_required": s.is_required,
            "text_version": s.text.version,
            "text": s.text.text,
            "consent_id": s.consent.pk if s.consent else None,
            "given_at": s.consent.given_at if s.consent else None,
            "needs_renewal": s.needs_renewal,
        }
        for s in consent_states_for_consumer(consumer=consumer)
    ]


@router.get("/consents", response={200: ConsentPageOut, **errors(401, 404)})
def list_consents(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Все согласия пользователя, данные и отозванные, новые первыми."""
    consumer = consumer_of_user(user=request.auth)  # type: ignore[attr-defined]
    return paginate(consent_list_for_consumer(consumer=consumer), page)


@router.post(
    "/consents",
    response={201: ConsentOut, **errors(400, 401, 404, 422)},
    openapi_extra=idempotency_openapi(),
)
def give_consent(request: HttpRequest, payload: ConsentGiveIn) -> HttpResponse:
    """Дать согласие на цель (на действующую редакцию текста). Уже данное на эту
    редакцию согласие возвращается как есть."""
    consumer = consumer_of_user(user=request.auth)  # type: ignore[attr-defined]

    def create() -> tuple[int, Any]:
        consent = consumer_consent_give(
            consumer=consumer,
            purpose=payload.purpose,
            channel=APP_CHANNEL,
            ip_address=client_ip(request),
        )
        return 201, ConsentOut.from_orm(consent)

    return idempotent_response(
        request, operation="give_consent", payload=payload, create=create
    )


@router.post(
    "/consents/{int:consent_id}/withdraw",
    response={200: ConsentOut, **errors(401, 404, 409)},
)
def withdraw_consent(request: HttpRequest, consent_id: int) -> Any:
    """Отозвать добровольное согласие (повтор ничего не меняет). Согласие для
    обслуживания так не отзывается — 409 `consent_required`."""
    consent = consent_get_for_user(user=request.auth, consent_id=consent_id)  # type: ignore[attr-defined]
    return consumer_consent_withdraw(consent=consent)


# ---- linked consumer accounts ----------------------------------------------------


@router.get("", response={200: AccountPageOut, **errors(401)})
def list_accounts(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Мои лицевые счета: точки поставки (адрес, мощность, напряжение), счётчики."""
    return paginate(consumer_account_list_for_user(user=request.auth), page)  # type: ignore[attr-defined]


@router.post(
    "",
    response={201: AccountOut, 200: AccountOut, **errors(400, 401, 404, 409, 422, 429)},
    openapi_extra=idempotency_openapi(),
)
def link_account(request: HttpRequest, payload: AccountLinkIn) -> HttpResponse:
    """Привязать лицевой счёт по номеру и заводскому номеру счётчика на нём.

    201 — привязан; 200 — уже был вашим. Неверная пара номеров — 400
    `account_not_matched`; счёт другого зарегистрированного потребителя — 409
    `account_owned_by_other` («обратитесь в офис»); после 5 неудач за час — 429."""
    user = request.auth  # type: ignore[attr-defined]
    account = consumer_account_find_for_link(
        user=user, number=payload.number, meter_serial=payload.meter_serial
    )

    def create() -> tuple[int, Any]:
        result = consumer_account_link(user=user, account=account)
        fresh = consumer_account_get_for_user(user=user, account_id=account.pk)
        return (201 if result.created else 200), AccountOut.from_orm(fresh)

    return idempotent_response(
        request, operation="link_account", payload=payload, create=create
    )


@router.get("/{int:account_id}", response={200: AccountOut, **errors(401, 404)})
def get_account(request: HttpRequest, account_id: int) -> Any:
    """Лицевой счёт пользователя (чужой — 404)."""
    return consumer_account_get_for_user(user=request.auth, account_id=account_id)  # type: ignore[attr-defined]


@router.delete("/{int:account_id}", response={204: None, **errors(401, 404, 409)})
def unlink_account(request: HttpRequest, account_id: int) -> Status[None]:
    """Отвязать лицевой счёт, привязанный в личном кабинете (чужой — 404;
    закреплённый в офисе — 409 `account_not_linked_here`)."""
    user = request.auth  # type: ignore[attr-defined]
    account = consumer_account_get_for_user(user=user, account_id=account_id)
    consumer_account_unlink(user=user, account=account)
    return Status(204, None)
