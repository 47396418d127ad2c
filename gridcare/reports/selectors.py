"""Exact counts of the appeal registry for reports and dashboards: aggregates for clean
days, a direct count for dirty ones (see aggregates.py)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import (
    ExtractYear,
    TruncDate,
    TruncMonth,
)
from django.utils import timezone

from gridcare.appeals.models import Appeal
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.reports.aggregates import (
    DIMENSIONS,
    MOSCOW,
    counted_appeals,
    day_ranges,
    marked_moscow_days,
    received_between,
)
from gridcare.reports.models import DailyAppealStat, DirtyDay

PERIODS = ("day", "month", "year")
GROUPS = frozenset({*PERIODS, *DIMENSIONS, "deadline"})


@dataclass
class Totals:
    """Appeals in one cell, with their satisfaction ratings (1–5)."""

    count: int = 0
    rating_count: int = 0
    rating_sum: int = 0

    def add(self, count: int, rating_count: int, rating_sum: int) -> None:
        self.count += count
        self.rating_count += rating_count
        self.rating_sum += rating_sum

    @property
    def rating_avg(self) -> Decimal | None:
        if not self.rating_count:
            return None
        return (Decimal(self.rating_sum) / self.rating_count).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )


Key = tuple[Any, ...]


def dirty_days_between(date_from: date, date_to: date) -> set[date]:
    """Moscow days in date_from..date_to whose aggregates may be stale."""
    marks = DirtyDay.objects.filter(
        day__range=(date_from - timedelta(days=1), date_to)
    ).values_list("day", flat=True)
    return {d for d in marked_moscow_days(marks) if date_from <= d <= date_to}


def _where(filters: Mapping[str, object]) -> Q:
    q = Q()
    for name, value in filters.items():
        if name not in GROUPS or name in PERIODS:
            raise ValueError(f"unknown filter {name}")
        if isinstance(value, list | tuple | set | frozenset):
            q &= Q(**{f"{name}__in": list(value)})
        else:
            q &= Q(**{name: value})
    return q


def _period_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(MOSCOW).date()
    return value


def _from_aggregates(
    date_from: date, date_to: date, group_by: Sequence[str], where: Q, dirty: set[date]
) -> QuerySet[Any]:
    qs = DailyAppealStat.objects.filter(day__range=(date_from, date_to)).filter(where)
    if dirty:
        qs = qs.exclude(day__in=sorted(dirty))
    if "month" in group_by:
        qs = qs.annotate(month=TruncMonth("day"))
    if "year" in group_by:
        qs = qs.annotate(year=ExtractYear("day"))
    return (
        qs.values(*group_by)
        .annotate(n=Sum("count"), rc=Sum("rating_count"), rs=Sum("rating_sum"))
        .order_by()
    )


def _from_registry(
    group_by: Sequence[str], where: Q, dirty: set[date]
) -> QuerySet[Any]:
    days = Q()
    for first, last in day_ranges(dirty):
        days |= received_between(first, last)
    qs = counted_appeals().filter(days).filter(where)
    if "day" in group_by:
        qs = qs.annotate(day=TruncDate("received_at", tzinfo=MOSCOW))
    if "month" in group_by:
        qs = qs.annotate(month=TruncMonth("received_at", tzinfo=MOSCOW))
    if "year" in group_by:
        qs = qs.annotate(year=ExtractYear("received_at", tzinfo=MOSCOW))
    return (
        qs.values(*group_by)
        .annotate(n=Count("id"), rc=Count("rating"), rs=Sum("rating"))
        .order_by()
    )


def appeal_counts(
    *,
    date_from: date,
    date_to: date,
    group_by: Sequence[str] = (),
    filters: Mapping[str, object] | None = None,
) -> dict[Key, Totals]:
    """Count registered appeals received on Moscow days date_from..date_to, grouped by
    `group_by` (period «day»/«month»/«year», appeal dimensions, «deadline»), narrowed
    by `filters` ({dimension: value or list}). Exactly equal to a direct count."""
    unknown = set(group_by) - GROUPS
    if unknown:
        raise ValueError(f"unknown group {sorted(unknown)}")
    where = _where(filters or {})
    dirty = dirty_days_between(date_from, date_to)
    result: dict[Key, Totals] = {}
    parts = [_from_aggregates(date_from, date_to, group_by, where, dirty)]
    if dirty:
        parts.append(_from_registry(group_by, where, dirty))
    for part in parts:
        for row in part:
            key = tuple(_period_value(row[g]) for g in group_by)
            result.setdefault(key, Totals()).add(row["n"], row["rc"], row["rs"] or 0)
    return result


def appeal_total(
    *, date_from: date, date_to: date, filters: Mapping[str, object] | None = None
) -> Totals:
    """All registered appeals of the period matching `filters`, in one cell."""
    return appeal_counts(date_from=date_from, date_to=date_to, filters=filters).get(
        (), Totals()
    )


def open_appeal_counts(
    *,
    group_by: Sequence[str] = (),
    filters: Mapping[str, object] | None = None,
    now: datetime | None = None,
) -> dict[Key, dict[str, int]]:
    """Appeals still open now, overdue or not, grouped by appeal dimensions (a live
    count: «overdue» changes with the clock, not with the data)."""
    now = now or timezone.now()
    qs = Appeal.objects.filter(status__in=list(OPEN_STATUSES)).filter(
        _where(filters or {})
    )
    measures = {
        "total": Count("id"),
        "overdue": Count("id", filter=Q(due_at__lt=now.astimezone(UTC))),
    }
    if not group_by:  # values() without fields would group by every column
        row = qs.aggregate(**measures)
        return {(): {"open": row["total"], "overdue": row["overdue"]}}
    rows = qs.values(*group_by).annotate(**measures).order_by()
    return {
        tuple(row[g] for g in group_by): {
            "open": row["total"],
            "overdue": row["overdue"],
        }
        for row in rows
    }
