"""Daily aggregates of the appeal registry, kept exactly equal to direct counts.

Design (docs/domains/reports.md): `DailyAppealStat` holds, per Moscow day of receipt,
the number of registered appeals for each combination of the report dimensions.
Database triggers on the appeal table (migration 0002) bump a `DirtyDay` mark for the
UTC day of `received_at` on every INSERT (statement-level on PostgreSQL, so COPY and
bulk inserts stay fast), every UPDATE of a reported column and every DELETE — whatever
wrote the row: services, the demo loader, the importer, the admin or raw SQL. Readers
(`selectors.appeal_counts`) take aggregates for clean days and count the appeals of
dirty days directly, so every figure is exact at any moment; `stats_refresh_dirty`
(`gridcare reports_refresh`, a periodic timer) rebuilds dirty days and clears each mark
only if its version did not move while it was being rebuilt."""

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDate

from gridcare.appeals.codes import Status
from gridcare.appeals.models import Appeal
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.reports.models import DailyAppealStat, DeadlineBucket, DirtyDay

MOSCOW = ZoneInfo("Europe/Moscow")

# Appeal columns copied into the aggregate as they are.
DIMENSIONS: tuple[str, ...] = (
    "branch_id",
    "channel",
    "service_form",
    "category",
    "kind",
    "has_complaint",
    "has_service_request",
    "service_request_type",
    "led_to_connection_contract",
    "led_to_transmission_contract",
    "complaint_settled",
)

# Columns whose change can move an appeal between aggregate cells (the UPDATE trigger
# fires only for them).
TRACKED_COLUMNS: tuple[str, ...] = (
    "received_at",
    "status",
    "answered_at",
    "due_at",
    "rating",
    *DIMENSIONS,
)

# Rebuild at most this many days in one transaction.
CHUNK_DAYS = 31


def day_start(day: date) -> datetime:
    """Midnight of a Moscow day, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=MOSCOW)


def moscow_day(moment: datetime) -> date:
    return moment.astimezone(MOSCOW).date()


def deadline_bucket() -> Case:
    """The `DeadlineBucket` of an appeal, as a database expression."""
    return Case(
        When(status__in=list(OPEN_STATUSES), then=Value(DeadlineBucket.OPEN)),
        When(answered_at__isnull=True, then=Value(DeadlineBucket.NO_ANSWER)),
        When(
            due_at__isnull=False,
            answered_at__gt=F("due_at"),
            then=Value(DeadlineBucket.LATE),
        ),
        default=Value(DeadlineBucket.ON_TIME),
    )


def counted_appeals() -> QuerySet[Appeal]:
    """Appeals the reports count: every registered one (a received but unconfirmed
    internet form, status «new», is not yet an appeal of the registry)."""
    return Appeal.objects.exclude(status=Status.NEW).annotate(
        deadline=deadline_bucket()
    )


def received_between(first: date, last: date) -> Q:
    """Appeals received on Moscow days first..last inclusive."""
    return Q(received_at__gte=day_start(first)) & Q(
        received_at__lt=day_start(last + timedelta(days=1))
    )


def day_ranges(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Contiguous runs (first, last) of the given days, in order."""
    run: list[date] = []
    for day in sorted(set(days)):
        if run and day - run[-1] != timedelta(days=1):
            yield run[0], run[-1]
            run = []
        run.append(day)
    if run:
        yield run[0], run[-1]


def _computed(first: date, last: date) -> list[DailyAppealStat]:
    rows = (
        counted_appeals()
        .filter(received_between(first, last))
        .annotate(day=TruncDate("received_at", tzinfo=MOSCOW))
        .values("day", "deadline", *DIMENSIONS)
        .annotate(n=Count("id"), rc=Count("rating"), rs=Sum("rating"))
        .order_by()
    )
    return [
        DailyAppealStat(
            day=row["day"],
            deadline=row["deadline"],
            count=row["n"],
            rating_count=row["rc"],
            rating_sum=row["rs"] or 0,
            **{d: row[d] for d in DIMENSIONS},
        )
        for row in rows
    ]


def stat_days_refresh(*, days: Iterable[date]) -> int:
    """Rebuild the aggregates of the given Moscow days from the registry; return the
    number of aggregate rows written."""
    written = 0
    for first, last in day_ranges(days):
        start = first
        while start <= last:
            end = min(last, start + timedelta(days=CHUNK_DAYS - 1))
            with transaction.atomic():
                DailyAppealStat.objects.filter(day__range=(start, end)).delete()
                stats = DailyAppealStat.objects.bulk_create(
                    _computed(start, end), batch_size=2000
                )
            written += len(stats)
            start = end + timedelta(days=1)
    return written


def marked_moscow_days(marks: Iterable[date]) -> set[date]:
    """Moscow days touched by UTC-day marks (UTC day d overlaps Moscow days d, d+1)."""
    return {d + timedelta(days=k) for d in marks for k in (0, 1)}


def stats_refresh_dirty(*, limit: int | None = None) -> int:
    """Rebuild every dirty day (or the `limit` oldest marks) and clear their marks;
    return the number of marks cleared. A mark bumped meanwhile stays."""
    marks = list(DirtyDay.objects.order_by("day").values_list("day", "version"))
    if limit is not None:
        marks = marks[:limit]
    cleared = 0
    for start in range(0, len(marks), CHUNK_DAYS):
        chunk = marks[start : start + CHUNK_DAYS]
        with transaction.atomic():
            stat_days_refresh(days=marked_moscow_days(day for day, _ in chunk))
            for day, version in chunk:
                cleared += DirtyDay.objects.filter(day=day, version=version).delete()[0]
    return cleared


def stats_mark_all() -> int:
    """Mark every day that has appeals (or aggregates) dirty; return the number."""
    days = {
        moment.astimezone(UTC).date()
        for moment in Appeal.objects.datetimes("received_at", "day", tzinfo=UTC)
    }
    days |= set(DailyAppealStat.objects.dates("day", "day"))
    existing = set(DirtyDay.objects.values_list("day", flat=True))
    DirtyDay.objects.bulk_create(
        [DirtyDay(day=d) for d in days - existing], batch_size=2000
    )
    return len(days)


def stats_refresh_full() -> int:
    """Rebuild every aggregate from the registry (after a restore or a layout change)."""
    stats_mark_all()
    return stats_refresh_dirty()
