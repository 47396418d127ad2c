"""State gauges of the notification engine for /metrics."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from gridcare.notifications.models import Notification


def notifications_last_day() -> list[tuple[dict[str, str], float]]:
    """Notifications created in the last 24 hours by channel and status (sent,
    failed, pending…): the queue and the failures at a glance."""
    since = timezone.now() - timedelta(hours=24)
    rows = (
        Notification.objects.filter(created_at__gte=since)
        .values("channel", "status")
        .annotate(n=Count("id"))
    )
    return [
        ({"channel": row["channel"], "status": row["status"]}, row["n"]) for row in rows
    ]
