"""Notifications over HTTP (mounted at /api/v1/notifications): a person's in-app
messages, preferences and quiet hours, browser push subscriptions."""

from datetime import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.schemas import DateTime, errors
from gridcare.notifications.selectors import notification_list_for_user, preference_get
from gridcare.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    preference_update,
    push_subscription_register,
    push_subscription_remove,
)

router = Router(tags=["Уведомления"])


class NotificationOut(Schema):
    id: int = Field(description="Идентификатор.")
    event: str = Field(description="Событие, например `outage_started`.")
    subject: str = Field(description="Тема.")
    body: str = Field(description="Текст.")
    link: str = Field(description="Ссылка на подробности.")
    created_at: DateTime = Field(description="Когда.")
    read_at: DateTime | None = Field(
        description="Когда прочитано; null — не прочитано."
    )


class ReadIn(Schema):
    ids: list[int] = Field(
        default_factory=list, description="Какие отметить; пусто — все."
    )


class PreferenceSchema(Schema):
    muted: list[str] = Field(
        default_factory=list,
        description="Отключённые каналы по темам: `outages.email`, `outages.sms`, "
        "`outages.web_push`. Ответы по обращениям не отключаются.",
    )
    quiet_hours_enabled: bool = Field(
        True, description="Тихие часы для SMS и push (кроме срочных)."
    )
    quiet_from: time | None = Field(
        None, description="Начало тихих часов (мск); null — по умолчанию компании."
    )
    quiet_to: time | None = Field(None, description="Конец тихих часов (мск).")


class PushSubscriptionIn(Schema):
    endpoint: str = Field(
        max_length=1000, description="PushSubscription.endpoint браузера."
    )
    p256dh: str = Field(max_length=200, description="keys.p256dh.")
    auth: str = Field(max_length=100, description="keys.auth.")


class PushKeyOut(Schema):
    enabled: bool = Field(description="Включены ли push-уведомления.")
    public_key: str = Field(
        description="VAPID-ключ для PushManager.subscribe (applicationServerKey)."
    )


@router.get("", response={200: list[NotificationOut], **errors(401)})
def list_notifications(request: HttpRequest) -> Any:
    """Мои уведомления в личном кабинете, новые первыми."""
    return list(notification_list_for_user(user=request.auth))  # type: ignore[attr-defined]


@router.post(
    "/read",
    response={204: None, **errors(401, 422)},
    openapi_extra=idempotency_openapi(),
)
def mark_notifications_read(request: HttpRequest, payload: ReadIn) -> Status:
    """Отметить уведомления прочитанными."""
    user = request.auth  # type: ignore[attr-defined]
    if not payload.ids:
        notification_mark_all_read(user=user)
    for pk in payload.ids:
        notification_mark_read(user=user, notification_id=pk)
    return Status(204, None)


def _preference_out(user: object) -> dict[str, Any]:
    preference = preference_get(user=user)
    if preference is None:
        return PreferenceSchema().model_dump()
    return {
        "muted": preference.muted,
        "quiet_hours_enabled": preference.quiet_hours_enabled,
        "quiet_from": preference.quiet_from,
        "quiet_to": preference.quiet_to,
    }


@router.get("/preferences", response={200: PreferenceSchema, **errors(401)})
def get_notification_preferences(request: HttpRequest) -> dict[str, Any]:
    """Мои настройки уведомлений."""
    return _preference_out(request.auth)  # type: ignore[attr-defined]


@router.put("/preferences", response={200: PreferenceSchema, **errors(400, 401, 422)})
def update_notification_preferences(
    request: HttpRequest, payload: PreferenceSchema
) -> dict[str, Any]:
    """Изменить настройки: отключённые каналы и тихие часы."""
    user = request.auth  # type: ignore[attr-defined]
    preference_update(
        user=user,
        muted=payload.muted,
        quiet_hours_enabled=payload.quiet_hours_enabled,
        quiet_from=payload.quiet_from,
        quiet_to=payload.quiet_to,
    )
    return _preference_out(user)


@router.get("/push-key", auth=None, response={200: PushKeyOut})
def get_push_key(request: HttpRequest) -> dict[str, Any]:
    """Открытый VAPID-ключ для подписки браузера на push-уведомления."""
    return {
        "enabled": settings.WEBPUSH_ENABLED,
        "public_key": settings.WEBPUSH_VAPID_PUBLIC_KEY,
    }


@router.post(
    "/push-subscriptions",
    response={204: None, **errors(400, 401, 422)},
    openapi_extra=idempotency_openapi(),
)
def create_push_subscription(
    request: HttpRequest, payload: PushSubscriptionIn
) -> HttpResponse:
    """Запомнить push-подписку этого браузера."""
    user = request.auth  # type: ignore[attr-defined]

    def create() -> tuple[int, Any]:
        push_subscription_register(
            user=user,
            endpoint=payload.endpoint,
            p256dh=payload.p256dh,
            auth=payload.auth,
            user_agent=request.headers.get("User-Agent", ""),
        )
        return 204, None

    return idempotent_response(
        request, operation="create_push_subscription", payload=payload, create=create
    )


@router.delete("/push-subscriptions", response={204: None, **errors(401, 422)})
def delete_push_subscription(
    request: HttpRequest, payload: PushSubscriptionIn
) -> Status:
    """Забыть push-подписку этого браузера."""
    push_subscription_remove(user=request.auth, endpoint=payload.endpoint)  # type: ignore[attr-defined]
    return Status(204, None)
