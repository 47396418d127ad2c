"""Reads of notifications: everything sent to a person (the notifications centre),
their unread count and their preferences."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gridcare.notifications.models import (
    Channel,
    Notification,
    NotificationPreference,
    NotificationStatus,
)


@dataclass(frozen=True)
class CentreFilters:
    topic: str = ""
    channel: str = ""
    unread: bool = False


def notification_list_for_user(
    *, user: object, filters: CentreFilters | None = None
) -> QuerySet[Notification]:
    """Return what was sent to the user, newest first: in-app messages and the
    e-mails, SMS and push messages delivered to them (queued or failed ones are not
    «sent» yet). Unread applies to in-app messages, the centre's own."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    filters = filters or CentreFilters()
    qs = Notification.objects.filter(recipient=user).filter(
        Q(channel=Channel.IN_APP) | Q(status=NotificationStatus.SENT)
    )
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.unread:
        qs = qs.filter(channel=Channel.IN_APP, read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def notification_unread_count(*, user: object) -> int:
    """How many in-app messages the user has not read."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    ).count()


def preference_get(*, user: object) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(user=user).first()
