"""Notifications over HTTP (mounted at /api/v1/notifications): everything sent to a
person (the notifications centre), read marks, preferences and quiet hours, browser
push subscriptions."""

from datetime import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import DateTime, PageIn, code_enum, errors
from gridcare.notifications.models import Channel, Topic
from gridcare.notifications.selectors import (
    CentreFilters,
    notification_list_for_user,
    notification_unread_count,
    preference_get,
)
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
    topic: str = Field(
        description="Тема: `appeals`, `outages`, `reminders`, `account`, `other`."
    )
    channel: str = Field(
        description="Канал: `in_app` (в личном кабинете), `email`, `sms`, `web_push`."
    )
    subject: str = Field(description="Тема.")
    body: str = Field(description="Текст.")
    link: str = Field(description="Ссылка на подробности.")
    created_at: DateTime = Field(description="Когда.")
    read_at: DateTime | None = Field(
        description="Когда прочитано; null — не прочитано."
    )


class NotificationPageOut(Schema):
    count: int = Field(description="Всего записей под фильтром.")
    limit: int = Field(description="Размер страницы.")
    offset: int = Field(description="Сдвиг.")
    unread: int = Field(description="Непрочитанных сообщений в личном кабинете.")
    items: list[NotificationOut]


TopicCode = code_enum(Topic, "NotificationTopic", "Тема уведомления")
ChannelCode = code_enum(Channel, "NotificationChannel", "Канал уведомления")


class NotificationFiltersIn(Schema):
    topic: TopicCode | None = Field(None, description="Только эта тема.")  # type: ignore[valid-type]
    channel: ChannelCode | None = Field(None, description="Только этот канал.")  # type: ignore[valid-type]
    unread: bool = Field(False, description="Только непрочитанные (в личном кабинете).")


class ReadIn(Schema):
    ids: list[int] = Field(
        default_factory=list, description="Какие отметить; пусто — все."
    )


class PreferenceSchema(Schema):
    muted: list[str] = Field(
        default_factory=list,
        description="Отключённые каналы по темам `outages`, `reminders`, `other` и "
        "каналам `email`, `sms`, `web_push`, `in_app`, например `outages.sms`. "
        "Сообщения по обращениям и подтверждения не отключаются.",
    )
    quiet_hours_enabled: bool = Field(
        True, description="Тихие часы для SMS и push (кроме срочных)."
    )
    quiet_from: time | None = Field(
        None, description="Начало тихих часов (мск); null — по умолчанию компании."
    )
    quiet_to: time | None = Field(None, description="Конец тихих часов (мск).")

    @field_validator("quiet_from", "quiet_to")
    @classmethod
    def _moscow_wall_clock(cls, value: time | None) -> time | None:
        if value is not None and value.tzinfo is not None:
            raise ValueError("время без часового пояса (мск), например 22:00")
        return value


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


@router.get("", response={200: NotificationPageOut, **errors(401, 422)})
def list_notifications(
    request: HttpRequest,
    filters: Query[NotificationFiltersIn],
    page: Query[PageIn],
) -> dict[str, Any]:
    """Всё, что отправлено мне: сообщения в личном кабинете и доставленные e-mail,
    SMS и push, новые первыми."""
    user = request.auth  # type: ignore[attr-defined]
    result = paginate(
        notification_list_for_user(
            user=user,
            filters=CentreFilters(
                topic=filters.topic or "",
                channel=filters.channel or "",
                unread=filters.unread,
            ),
        ),
        page,
    )
    return {**result, "unread": notification_unread_count(user=user)}


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
