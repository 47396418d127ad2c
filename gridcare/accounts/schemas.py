"""API schemas of login identity: token login and the current user."""

from typing import Any

from ninja import Field, Schema

from gridcare.accounts.models import Role
from gridcare.accounts.roles import ROLE_RIGHTS
from gridcare.api.schemas import DateTime, code_enum

RoleCode = code_enum(Role, "Role", "Роль пользователя")


class TokenIn(Schema):
    login: str = Field(
        min_length=1,
        max_length=254,
        description="Телефон (+79170000001, 8 917 000-00-01) или e-mail.",
    )
    password: str = Field(min_length=1, max_length=128, description="Пароль.")
    otp: str = Field(
        "",
        max_length=8,
        description="Код из приложения-аутентификатора (сотрудникам с входом по коду).",
    )
    device_name: str = Field(
        "",
        max_length=100,
        description="Название устройства, чтобы потом узнать токен в списке входов.",
    )


class MeOut(Schema):
    id: int = Field(description="Идентификатор пользователя.")
    full_name: str = Field(description="ФИО.")
    email: str | None = Field(description="E-mail для входа.")
    phone: str | None = Field(description="Телефон для входа, +7XXXXXXXXXX.")
    role: RoleCode = Field(description="Роль.")  # type: ignore[valid-type]
    role_label: str = Field(description="Роль по-русски.")
    branch_id: int | None = Field(description="Филиал сотрудника.")
    consumer_id: int | None = Field(
        description="Карточка потребителя, если пользователь — потребитель."
    )
    rights: list[str] = Field(
        description="Права роли, например `appeal.register`; у потребителя пусто."
    )

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(Role(obj.role).label)

    @staticmethod
    def resolve_consumer_id(obj: Any) -> int | None:
        consumer = getattr(obj, "consumer", None)
        return consumer.pk if consumer is not None else None

    @staticmethod
    def resolve_rights(obj: Any) -> list[str]:
        return sorted(str(r) for r in ROLE_RIGHTS.get(obj.role, frozenset()))


class TokenOut(Schema):
    token: str = Field(
        description="Токен для заголовка `Authorization: Bearer …`; "
        "показывается один раз, сервер хранит только его хеш."
    )
    token_type: str = Field("Bearer", description="Всегда `Bearer`.")
    expires_at: DateTime | None = Field(
        description="Когда токен перестанет действовать."
    )
    user: MeOut


class UserSessionOut(Schema):
    id: int = Field(description="Идентификатор сеанса.")
    user_agent: str = Field(description="Браузер и устройство (User-Agent).")
    ip_address: str | None = Field(
        description="IP-адрес входа или последней активности."
    )
    started_at: DateTime = Field(description="Когда начат.")
    last_seen_at: DateTime = Field(description="Последняя активность (точность 5 мин).")
    is_current: bool = Field(description="Сеанс, из которого пришёл запрос.")

    @classmethod
    def from_session(cls, session: Any, *, current_key: str | None) -> "UserSessionOut":
        return cls(
            id=session.pk,
            user_agent=session.user_agent,
            ip_address=session.ip_address,
            started_at=session.started_at,
            last_seen_at=session.last_seen_at,
            is_current=bool(current_key) and session.session_key == current_key,
        )


class UserSessionPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[UserSessionOut]


class ApiTokenOut(Schema):
    id: int = Field(description="Идентификатор токена (не сам токен).")
    name: str = Field(description="Название устройства, указанное при входе.")
    user_agent: str = Field(description="Приложение (User-Agent) при выдаче.")
    ip_address: str | None = Field(description="IP-адрес при выдаче.")
    created_at: DateTime = Field(description="Когда выдан.")
    last_used_at: DateTime | None = Field(description="Последнее использование.")
    expires_at: DateTime | None = Field(description="Когда истекает.")
    is_current: bool = Field(description="Токен, с которым пришёл запрос.")

    @classmethod
    def from_token(cls, token: Any, *, current_id: int | None) -> "ApiTokenOut":
        return cls(
            id=token.pk,
            name=token.name,
            user_agent=token.user_agent,
            ip_address=token.ip_address,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            expires_at=token.expires_at,
            is_current=token.pk == current_id,
        )


class ApiTokenPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ApiTokenOut]


class SignOutOut(Schema):
    sessions_ended: int = Field(description="Сколько сеансов в браузерах завершено.")
    tokens_revoked: int = Field(description="Сколько токенов отозвано.")
