"""Auth endpoints: a bearer token for the app by login and password, the current
user, logout (revoking the token)."""

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Status

from gridcare.accounts.schemas import MeOut, TokenIn, TokenOut
from gridcare.accounts.services import api_token_issue, api_token_revoke
from gridcare.api.auth import AUTH, TokenAuth
from gridcare.api.errors import AuthenticationFailed
from gridcare.api.schemas import errors

router = Router(tags=["Вход"])


@router.post("/token", auth=None, response={201: TokenOut, **errors(401, 422)})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Войти по телефону или e-mail и паролю и получить токен.

    Неверный логин или пароль — 401 с одним сообщением для обоих случаев."""
    user = authenticate(request, username=payload.login, password=payload.password)
    if user is None:
        raise AuthenticationFailed(
            "Неверный телефон/e-mail или пароль.", code="invalid_credentials"
        )
    token, key = api_token_issue(user=user, name=payload.device_name)  # type: ignore[arg-type]
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
