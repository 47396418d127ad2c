"""Facts of the customer-service parameters computed from the registry data for a year
(Moscow calendar year). Each returns the value with its numerator and denominator so
the page can show how it was counted. Reads only."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from gridcare.appeals.codes import Status
from gridcare.appeals.models import Appeal, AppealEvent
from gridcare.grid_connections.codes import Stage
from gridcare.grid_connections.disclosure import StageBreachSummary
from gridcare.indicators.models.service import ServiceMeasure
from gridcare.indicators.reliability import q4

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class MeasuredFact:
    value: Decimal | None
    numerator: Decimal | int
    denominator: int
    how: str  # «12 из 15»


def _share(numerator: int, denominator: int) -> MeasuredFact:
    value = q4(Decimal(numerator) * HUNDRED / denominator) if denominator else None
    return MeasuredFact(value, numerator, denominator, f"{numerator} из {denominator}")


def _on_time(qs: QuerySet[Appeal], start: datetime, cutoff: datetime) -> MeasuredFact:
    """Appeals whose deadline fell to the period: answered by it, of those answered or
    already overdue (withdrawn unanswered ones are left out)."""
    due = qs.filter(due_at__gte=start, due_at__lt=cutoff).filter(
        Q(answered_at__isnull=False) | ~Q(status=Status.WITHDRAWN)
    )
    counts = due.aggregate(
        total=Count("pk"),
        met=Count("pk", filter=Q(answered_at__lte=F("due_at"))),
    )
    return _share(counts["met"], counts["total"])


def _stage_share(stages: list[StageBreachSummary], stage: str | None) -> MeasuredFact:
    rows = [s for s in stages if stage is None or s.stage == stage]
    return _share(sum(s.on_time for s in rows), sum(s.with_deadline for s in rows))


def service_measures(
    *,
    period_start: datetime,
    period_end: datetime,
    stages: list[StageBreachSummary],
    now: datetime | None = None,
) -> dict[str, MeasuredFact]:
    """Return every `ServiceMeasure` for the period; `stages` is the grid-connection
    deadline summary of the same period."""
    cutoff = min(period_end, now or timezone.now())
    appeals = Appeal.objects.all()
    received = appeals.filter(
        received_at__gte=period_start,
        received_at__lt=period_end,
        registered_at__isnull=False,
    )
    counts = received.aggregate(
        total=Count("pk"),
        complaints=Count("pk", filter=Q(has_complaint=True)),
        settled=Count("pk", filter=Q(has_complaint=True, complaint_settled=True)),
    )
    answered = appeals.filter(answered_at__gte=period_start, answered_at__lt=period_end)
    reopened = answered.filter(
        pk__in=AppealEvent.objects.filter(action="reopened").values("appeal_id")
    ).count()
    rated = appeals.filter(
        rated_at__gte=period_start, rated_at__lt=period_end, rating__isnull=False
    ).aggregate(n=Count("pk"), avg=Avg("rating"))
    average = q4(Decimal(str(rated["avg"]))) if rated["n"] else None
    return {
        ServiceMeasure.APPEALS_ON_TIME: _on_time(appeals, period_start, cutoff),
        ServiceMeasure.COMPLAINTS_ON_TIME: _on_time(
            appeals.filter(has_complaint=True), period_start, cutoff
        ),
        ServiceMeasure.SERVICE_REQUESTS_ON_TIME: _on_time(
            appeals.filter(has_service_request=True), period_start, cutoff
        ),
        ServiceMeasure.CONNECTION_STAGES_ON_TIME: _stage_share(stages, None),
        ServiceMeasure.CONNECTION_OFFERS_ON_TIME: _stage_share(stages, Stage.OFFER),
        ServiceMeasure.COMPLAINTS_SHARE: _share(counts["complaints"], counts["total"]),
        ServiceMeasure.COMPLAINTS_SETTLED_SHARE: _share(
            counts["settled"], counts["total"]
        ),
        ServiceMeasure.REOPENED_SHARE: _share(reopened, answered.count()),
        ServiceMeasure.AVERAGE_RATING: MeasuredFact(
            average, average or 0, rated["n"], f"оценок: {rated['n']}"
        ),
    }
