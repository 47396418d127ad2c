"""Reads of notifications: a person's in-app messages and their preferences."""

from django.db.models import QuerySet

from gridcare.notifications.models import Channel, Notification, NotificationPreference


def notification_list_for_user(
    *, user: object, limit: int = 100
) -> QuerySet[Notification]:
    """Return the user's in-app messages, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP).order_by(
        "-created_at", "-pk"
    )[:limit]


def notification_unread_count(*, user: object) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    ).count()


def preference_get(*, user: object) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(user=user).first()
