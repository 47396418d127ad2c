"""State gauges of the registry for /metrics (read when Prometheus scrapes)."""

from django.db.models import Count
from django.utils import timezone

from gridcare.appeals.models import Appeal
from gridcare.appeals.workflow import OPEN_STATUSES


def open_appeals() -> list[tuple[dict[str, str], float]]:
    """Open appeals by status, and of them those not assigned to anyone."""
    rows = (
        Appeal.objects.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(n=Count("id"))
    )
    result = [({"status": row["status"], "assigned": "any"}, row["n"]) for row in rows]
    unassigned = Appeal.objects.filter(
        status__in=OPEN_STATUSES, assignee__isnull=True
    ).count()
    result.append(({"status": "open", "assigned": "no"}, unassigned))
    return result


def overdue_appeals() -> list[tuple[dict[str, str], float]]:
    """Open appeals past their answer deadline (deadlines breached now)."""
    count = Appeal.objects.filter(
        status__in=OPEN_STATUSES, due_at__lt=timezone.now()
    ).count()
    return [({}, count)]
