"""Self-service identity of consumers: registration confirmed by a one-time code,
re-sending the code, password reset by code. The codes themselves (hashing, expiry,
attempts, resend limit) are `accounts.codes`; delivery goes through the notification
layer, which sits above accounts, so these flows live here (docs/domains/accounts.md).

Nothing here tells whether a login exists: registering an address that already has an
account sends that address a notice instead of a code, and a password reset for an
unknown login answers as if the code was sent."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.backends import user_find_by_login
from gridcare.accounts.codes import (
    CODE_LIFETIME,
    RESEND_INTERVAL,
    one_time_code_issue,
    one_time_code_verify,
    registration_is_pending,
)
from gridcare.accounts.lockout import login_failures_clear
from gridcare.accounts.logins import Login, login_parse
from gridcare.accounts.models import CodePurpose, Role, User
from gridcare.accounts.passwords import password_check, user_password_set
from gridcare.accounts.sessions import user_sign_out_everywhere
from gridcare.consumers.consents import consent_texts_current
from gridcare.consumers.models import Consent, Consumer, ConsumerKind
from gridcare.consumers.services import consent_give
from gridcare.core.errors import ApplicationError
from gridcare.notifications.models import Channel
from gridcare.notifications.services import notification_send

CODE_EVENT = "one_time_code"
FULL_NAME_MAX = 200


@dataclass(frozen=True)
class RegistrationInput:
    """What a person fills in to register: the consents are the purposes ticked."""

    full_name: str
    login: str
    password: str
    consent_purposes: frozenset[str]
    channel: str = "personal_account"
    ip_address: str | None = None


@dataclass(frozen=True)
class CodeSent:
    """Where a code went (masked) and when a new one may be asked for. The same answer
    whether or not a code was really sent (unknown or already registered logins)."""

    login: Login
    expires_at: datetime
    resend_at: datetime

    @property
    def channel(self) -> str:
        return Channel.EMAIL if self.login.is_email else Channel.SMS

    @property
    def masked(self) -> str:
        return self.login.masked


def _as_if_sent(login: Login) -> CodeSent:
    now = timezone.now()
    return CodeSent(login, now + CODE_LIFETIME, now + RESEND_INTERVAL)


def _send(
    *, user: User, login: Login, purpose: str, code: str = "", dedup_key: str
) -> None:
    """Queue the message with the code (or the notice) to the login's address."""
    site = settings.SITE_URL.rstrip("/")
    notification_send(
        event=CODE_EVENT,
        context={
            "code": code,
            "purpose": purpose,
            "minutes": int(CODE_LIFETIME.total_seconds() // 60),
            "company": settings.COMPANY_NAME,
            "login_link": site + reverse("accounts:login"),
            "reset_link": site + reverse("consumers:password_reset"),
        },
        channels=[Channel.EMAIL if login.is_email else Channel.SMS],
        recipient=user,
        email=login.value if login.is_email else "",
        phone="" if login.is_email else login.value,
        dedup_key=dedup_key,
        # The person is waiting on the screen: never held back by quiet hours.
        urgent=True,
    )


def _issue_and_send(*, user: User, login: Login, purpose: str) -> CodeSent:
    issued = one_time_code_issue(
        user=user,
        purpose=purpose,
        channel=Channel.EMAIL if login.is_email else Channel.SMS,
        address=login.value,
    )
    _send(
        user=user,
        login=login,
        purpose=purpose,
        code=issued.code,
        dedup_key=f"otc:{issued.record.pk}",
    )
    return CodeSent(login, issued.record.expires_at, issued.resend_at)


def _check_registration(data: RegistrationInput, login: Login) -> str:
    full_name = " ".join((data.full_name or "").split())
    if not full_name:
        raise ApplicationError(_("Укажите фамилию, имя и отчество."), code="invalid")
    if len(full_name) > FULL_NAME_MAX:
        raise ApplicationError(
            _("ФИО — не длиннее %(max)s символов.") % {"max": FULL_NAME_MAX},
            code="invalid",
        )
    texts = consent_texts_current()
    unknown = set(data.consent_purposes) - set(texts)
    if unknown:
        raise ApplicationError(
            _("Неизвестная цель согласия: %(purposes)s.")
            % {"purposes": ", ".join(sorted(unknown))},
            code="consent_unknown",
        )
    for purpose, text in texts.items():
        if text.is_required and purpose not in data.consent_purposes:
            raise ApplicationError(
                _(
                    "Без согласия на обработку персональных данных с целью «%(label)s» "
                    "личный кабинет создать нельзя: без него мы не можем рассматривать "
                    "обращения и оказывать услуги."
                )
                % {"label": text.get_purpose_display()},
                code="consent_required",
            )
    probe = User(
        email=login.value if login.is_email else None,
        phone=None if login.is_email else login.value,
        full_name=full_name,
    )
    password_check(password=data.password, user=probe)
    return full_name


def consumer_register(*, data: RegistrationInput) -> CodeSent:
    """Create an inactive consumer login (User + Consumer + the consents ticked) and
    send the confirmation code to the phone or e-mail.

    Refuses a bad login, an empty name, a missing required consent or a weak password
    (nothing is saved). A login with an unconfirmed registration is registered anew
    (new password and consents, new code); a login that already has an account gets
    a notice instead of a code, and the answer is the same."""
    login = login_parse(data.login)
    full_name = _check_registration(data, login)
    existing = user_find_by_login(login.value)
    if existing is not None and not registration_is_pending(existing):
        if existing.is_active:
            hour = timezone.now().strftime("%Y%m%d%H")
            _send(
                user=existing,
                login=login,
                purpose="already_registered",
                dedup_key=f"already_registered:{existing.pk}:{hour}",
            )
        return _as_if_sent(login)
    with transaction.atomic():
        if existing is not None:
            user = User.objects.select_for_update().get(pk=existing.pk)
            user.full_name = full_name
            user.set_password(data.password)
            user.save(update_fields=["full_name", "password"])
            consumer = Consumer.objects.get(user=user)
            consumer.name = full_name
            consumer.save(update_fields=["name"])
            Consent.objects.filter(consumer=consumer, withdrawn_at=None).update(
                withdrawn_at=timezone.now()
            )
        else:
            user = User.objects.create_user(
                email=login.value if login.is_email else None,
                phone=None if login.is_email else login.value,
                password=data.password,
                full_name=full_name,
                role=Role.CONSUMER,
                is_active=False,
            )
            consumer = Consumer.objects.create(
                kind=ConsumerKind.INDIVIDUAL,
                name=full_name,
                email=login.value if login.is_email else "",
                phone="" if login.is_email else login.value,
                user=user,
            )
        for purpose, text in consent_texts_current().items():
            if purpose in data.consent_purposes:
                consent_give(
                    consumer=consumer,
                    text=text,
                    channel=data.channel,
                    ip_address=data.ip_address,
                )
        return _issue_and_send(user=user, login=login, purpose=CodePurpose.REGISTRATION)


def registration_code_resend(*, login: str) -> CodeSent:
    """Send a new confirmation code for an unconfirmed registration (not more than
    once a minute); for any other login answer the same without sending."""
    parsed = login_parse(login)
    user = user_find_by_login(parsed.value)
    if user is None or not registration_is_pending(user):
        return _as_if_sent(parsed)
    return _issue_and_send(user=user, login=parsed, purpose=CodePurpose.REGISTRATION)


def consumer_registration_confirm(*, login: str, code: str) -> User:
    """Check the registration code and activate the account; return the user (the
    caller logs them in). Wrong, expired or used-up codes are refused; attempts are
    counted, so this must not run inside a transaction the refusal rolls back."""
    parsed = login_parse(login)
    user = user_find_by_login(parsed.value)
    if user is not None and not registration_is_pending(user):
        user = None
    one_time_code_verify(user=user, purpose=CodePurpose.REGISTRATION, code=code)
    assert user is not None  # verify refuses a missing user
    user.is_active = True
    user.save(update_fields=["is_active"])
    login_failures_clear(login=parsed.value)
    return user


def password_reset_request(*, login: str) -> CodeSent:
    """Send a password-reset code to an active account's phone or e-mail; for an
    unknown login answer the same without sending."""
    parsed = login_parse(login)
    user = user_find_by_login(parsed.value)
    if user is None or not user.is_active:
        return _as_if_sent(parsed)
    return _issue_and_send(user=user, login=parsed, purpose=CodePurpose.PASSWORD_RESET)


def password_reset_confirm(*, login: str, code: str, new_password: str) -> User:
    """Check the reset code, set the new password, end every session and revoke every
    API token of the account, and lift the login lockout.

    A weak password is refused before the code is used, so the person may try
    another password with the same code."""
    parsed = login_parse(login)
    user = user_find_by_login(parsed.value)
    if user is not None and not user.is_active:
        user = None
    if user is not None:
        password_check(password=new_password, user=user)
    one_time_code_verify(user=user, purpose=CodePurpose.PASSWORD_RESET, code=code)
    assert user is not None
    with transaction.atomic():
        user_password_set(user=user, password=new_password)
        user_sign_out_everywhere(user=user)
    for known in (user.email, user.phone):
        if known:
            login_failures_clear(login=known)
    return user
