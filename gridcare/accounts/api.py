"""Auth endpoints: a bearer token for the app by login and password (under the
lockout), the current user, logout (revoking the token), and the caller's browser
sessions and tokens, which they may end. Registration and password reset need the
notification layer and live in `consumers.api` (/api/v1/consumer-accounts)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from gridcare.accounts import two_factor
from gridcare.accounts.lockout import login_authenticate
from gridcare.accounts.schemas import (
    ApiTokenOut,
    ApiTokenPageOut,
    MeOut,
    SignOutOut,
    TokenIn,
    TokenOut,
    UserSessionOut,
    UserSessionPageOut,
)
from gridcare.accounts.services import api_token_issue, api_token_revoke
from gridcare.accounts.sessions import (
    api_token_get_for_user,
    api_token_list_for_user,
    user_session_end,
    user_session_get_for_user,
    user_session_list_for_user,
    user_sign_out_everywhere,
)
from gridcare.api.auth import AUTH, TokenAuth
from gridcare.api.errors import AuthenticationFailed
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.core.errors import ApplicationError
from gridcare.core.web import client_ip

router = Router(tags=["Вход"])


@router.post(
    "/token", auth=None, response={201: TokenOut, **errors(401, 403, 422, 429)}
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Войти по телефону или e-mail и паролю и получить токен.

    Неверный логин или пароль — 401 с одним сообщением для обоих случаев. После 5
    неудачных попыток за 15 минут по одному логину (или 20 с одного IP-адреса) — 429
    `login_locked` с временем, когда можно повторить (`details.retry_at`)."""
    user = login_authenticate(
        request=request,
        login=payload.login,
        password=payload.password,
        ip_address=client_ip(request),
    )
    try:
        two_factor.token_code_check(user=user, code=payload.otp)
    except ApplicationError as exc:
        raise AuthenticationFailed(exc.message, code=exc.code) from exc
    token, key = api_token_issue(
        user=user,
        name=payload.device_name,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        ip_address=client_ip(request),
    )
    return Status(201, {"token": key, "expires_at": token.expires_at, "user": user})


@router.get("/me", auth=AUTH, response={200: MeOut, **errors(401)})
def get_me(request: HttpRequest) -> Any:
    """Текущий пользователь: роль, права, карточка потребителя."""
    return request.auth  # type: ignore[attr-defined]


@router.delete("/token", auth=[TokenAuth()], response={204: None, **errors(401)})
def delete_token(request: HttpRequest) -> Status[None]:
    """Выйти: отозвать токен, с которым пришёл запрос."""
    api_token_revoke(token=request.api_token)  # type: ignore[attr-defined]
    return Status(204, None)


def _current_session_key(request: HttpRequest) -> str | None:
    if getattr(request, "api_token", None) is not None:
        return None
    session = getattr(request, "session", None)
    return session.session_key if session is not None else None


@router.get("/sessions", auth=AUTH, response={200: UserSessionPageOut, **errors(401)})
def list_sessions(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Открытые сеансы в браузерах: устройство, IP-адрес, начало, последняя активность."""
    result = paginate(user_session_list_for_user(user=request.auth), page)  # type: ignore[attr-defined]
    current = _current_session_key(request)
    result["items"] = [
        UserSessionOut.from_session(s, current_key=current) for s in result["items"]
    ]
    return result


@router.delete(
    "/sessions/{int:session_id}", auth=AUTH, response={204: None, **errors(401, 404)}
)
def end_session(request: HttpRequest, session_id: int) -> Status[None]:
    """Завершить сеанс в браузере (чужой или завершённый — 404)."""
    session = user_session_get_for_user(user=request.auth, session_id=session_id)  # type: ignore[attr-defined]
    user_session_end(session=session)
    return Status(204, None)


@router.get("/tokens", auth=AUTH, response={200: ApiTokenPageOut, **errors(401)})
def list_tokens(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Действующие токены приложений (отозванные и истёкшие не показываются)."""
    result = paginate(api_token_list_for_user(user=request.auth), page)  # type: ignore[attr-defined]
    current = getattr(getattr(request, "api_token", None), "pk", None)
    result["items"] = [
        ApiTokenOut.from_token(t, current_id=current) for t in result["items"]
    ]
    return result


@router.delete(
    "/tokens/{int:token_id}", auth=AUTH, response={204: None, **errors(401, 404)}
)
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Отозвать токен приложения (чужой или уже отозванный — 404)."""
    token = api_token_get_for_user(user=request.auth, token_id=token_id)  # type: ignore[attr-defined]
    api_token_revoke(token=token)
    return Status(204, None)


@router.post(
    "/sessions/end-others", auth=AUTH, response={200: SignOutOut, **errors(401)}
)
def end_other_sessions(request: HttpRequest) -> dict[str, int]:
    """Выйти везде, кроме текущего устройства: завершить другие сеансы и отозвать
    другие токены. Повтор ничего не меняет (ответ с нулями)."""
    summary = user_sign_out_everywhere(
        user=request.auth,  # type: ignore[attr-defined]
        except_session_key=_current_session_key(request),
        except_token_id=getattr(getattr(request, "api_token", None), "pk", None),
    )
    return {"sessions_ended": summary.sessions, "tokens_revoked": summary.tokens}
