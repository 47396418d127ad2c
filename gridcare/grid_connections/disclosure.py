"""Selectors for the reports issue: the data ПП 24 п. 19 «л» requires to disclose
about applications ✅ [R41], counts by power group (⚠️ groups [R70]) and the inputs of
the quality-of-connection indicator Птпр — deadline breaches per stage (the formula
itself is ❓, regulation.md §2.2, so only its inputs are given)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from gridcare.calendars.terms import MOSCOW
from gridcare.grid_connections.codes import STAGE_ORDER, ApplicantCategory, Stage
from gridcare.grid_connections.models import ApplicationStage, ConnectionApplication

# Power groups of Приложение 7 section 3 and the industry rating ⚠️ [R70].
POWER_GROUPS: tuple[tuple[str, Decimal | None], ...] = (
    ("up_to_15", Decimal(15)),
    ("15_150", Decimal(150)),
    ("150_670", Decimal(670)),
    ("over_670", None),
)
GENERATION_GROUP = "generation"


def power_group(application: ConnectionApplication) -> str:
    """The disclosure power group (microgeneration counted apart)."""
    if application.category == ApplicantCategory.MICROGENERATION:
        return GENERATION_GROUP
    total = application.total_power_kw
    for name, bound in POWER_GROUPS:
        if bound is None or total <= bound:
            return name
    return POWER_GROUPS[-1][0]


def _period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    start = datetime.combine(date_from, time.min, tzinfo=MOSCOW)
    end = datetime.combine(date_to, time.max, tzinfo=MOSCOW)
    return start, end


@dataclass(frozen=True)
class DisclosureRow:
    """One application as ПП 24 п. 19 «л» discloses it ✅ [R41]."""

    number: str
    received_at: datetime | None
    category: str
    power_group: str
    max_power_kw: Decimal
    branch: str
    status: str
    offer_sent_at: datetime | None  # contract signed by the company + TU sent
    contract_concluded_at: datetime | None
    fulfilment_checked_at: datetime | None  # progress of TU
    connected_at: datetime | None
    actual_voltage: str
    actual_power_kw: Decimal | None
    documents_signed_at: datetime | None


def disclosure_application_rows(
    *, date_from: date, date_to: date, branch_id: int | None = None
) -> list[DisclosureRow]:
    """Return the applications received in the period (or still open from before it)
    with the dates of each public stage."""
    start, end = _period(date_from, date_to)
    qs = (
        ConnectionApplication.objects.exclude(received_at__isnull=True)
        .filter(received_at__lte=end)
        .filter(
            Q(received_at__gte=start)
            | Q(completed_at__isnull=True, closed_at__isnull=True)
            | Q(completed_at__gte=start)
        )
        .select_related("branch")
        .order_by("received_at", "id")
    )
    if branch_id is not None:
        qs = qs.filter(branch_id=branch_id)
    return [
        DisclosureRow(
            number=a.number or "",
            received_at=a.received_at,
            category=a.category,
            power_group=power_group(a),
            max_power_kw=a.total_power_kw,
            branch=a.branch.name if a.branch_id else "",
            status=a.status,
            offer_sent_at=a.offer_sent_at,
            contract_concluded_at=a.contract_concluded_at,
            fulfilment_checked_at=a.fulfilment_checked_at,
            connected_at=a.connected_at,
            actual_voltage=a.actual_voltage,
            actual_power_kw=a.actual_power_kw,
            documents_signed_at=a.completed_at,
        )
        for a in qs
    ]


@dataclass(frozen=True)
class PowerGroupSummary:
    power_group: str
    applications_received: int
    contracts_concluded: int
    connections_completed: int


def disclosure_power_group_summary(
    *, date_from: date, date_to: date
) -> list[PowerGroupSummary]:
    """Count applications received, contracts concluded and connections completed in
    the period, by power group."""
    start, end = _period(date_from, date_to)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    qs = ConnectionApplication.objects.filter(
        Q(received_at__range=(start, end))
        | Q(contract_concluded_at__range=(start, end))
        | Q(completed_at__range=(start, end))
    )
    for a in qs:
        row = counts[power_group(a)]
        row[0] += bool(a.received_at and start <= a.received_at <= end)
        row[1] += bool(
            a.contract_concluded_at and start <= a.contract_concluded_at <= end
        )
        row[2] += bool(a.completed_at and start <= a.completed_at <= end)
    groups = [name for name, _ in POWER_GROUPS] + [GENERATION_GROUP]
    return [PowerGroupSummary(g, *counts[g]) for g in groups]


@dataclass(frozen=True)
class StageBreachSummary:
    """Inputs of the quality-of-connection indicator for one stage."""

    stage: str
    with_deadline: int  # stages due or completed in the period that had a deadline
    on_time: int
    late: int  # completed after the deadline
    overdue_open: int  # not completed, deadline passed before the period's end


@dataclass(frozen=True)
class StageBreach:
    application_number: str
    stage: str
    due_at: datetime
    completed_at: datetime | None
    deadline_case: str
    term_mark: str


def _stages_in_period(start: datetime, end: datetime) -> list[ApplicationStage]:
    return list(
        ApplicationStage.objects.filter(due_at__isnull=False)
        .filter(
            Q(completed_at__range=(start, end))
            | Q(completed_at__isnull=True, due_at__lte=end)
        )
        .select_related("application")
        .order_by("due_at", "id")
    )


def _is_late(row: ApplicationStage, cutoff: datetime) -> bool:
    assert row.due_at is not None
    if row.completed_at is not None:
        return row.completed_at > row.due_at
    return row.paused_at is None and row.due_at < cutoff


def connection_deadline_breach_summary(
    *, date_from: date, date_to: date, now: datetime | None = None
) -> list[StageBreachSummary]:
    """Per stage: how many deadlines fell to the period, met, missed, still overdue.
    Open stages of withdrawn or annulled applications are left out."""
    start, end = _period(date_from, date_to)
    cutoff = min(end, now or timezone.now())
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in _stages_in_period(start, end):
        if row.completed_at is None and not row.application.is_open:
            continue
        if row.completed_at is None and row.due_at and row.due_at >= cutoff:
            continue
        t = totals[row.stage]
        t[0] += 1
        if row.completed_at is None:
            t[3] += int(_is_late(row, cutoff))
        elif _is_late(row, cutoff):
            t[2] += 1
        else:
            t[1] += 1
    return [
        StageBreachSummary(stage, *totals[stage])
        for stage in STAGE_ORDER
        if stage in totals or stage in (Stage.OFFER, Stage.CONNECTION)
    ]


def connection_deadline_breach_list(
    *, date_from: date, date_to: date, now: datetime | None = None
) -> list[StageBreach]:
    """Return each missed deadline of the period (late or still overdue)."""
    start, end = _period(date_from, date_to)
    cutoff = min(end, now or timezone.now())
    return [
        StageBreach(
            application_number=row.application.number or "",
            stage=row.stage,
            due_at=row.due_at,  # type: ignore[arg-type]
            completed_at=row.completed_at,
            deadline_case=row.deadline_case,
            term_mark=row.term_mark,
        )
        for row in _stages_in_period(start, end)
        if (row.completed_at is not None or row.application.is_open)
        and _is_late(row, cutoff)
    ]
