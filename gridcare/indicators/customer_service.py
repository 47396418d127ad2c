"""The customer-service quality indicator Птсо (regulation.md §2.5): for each of the
three sub-indicators, every parameter's plan (П), fact (Ф), Ф/П × 100 % and score from
the `ScoreBand` table of its dependence ✅ [R18]; a sub-indicator is the weighted mean of
its scored parameters and Птсо the weighted mean of the sub-indicators (weights ❓,
data).
Reads only."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from gridcare.indicators.models import (
    ScoreBand,
    ServiceParameter,
    ServiceParameterValue,
    SubIndicator,
    SubIndicatorWeight,
)
from gridcare.indicators.models.service import FORM_NUMBERS
from gridcare.indicators.periods import year_period
from gridcare.indicators.reliability import q4
from gridcare.indicators.service_measures import MeasuredFact, service_measures

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Band:
    direction: str
    ratio_from: Decimal | None  # inclusive
    ratio_to: Decimal | None  # exclusive
    score: Decimal

    def contains(self, ratio: Decimal) -> bool:
        return (self.ratio_from is None or ratio >= self.ratio_from) and (
            self.ratio_to is None or ratio < self.ratio_to
        )


def score_bands() -> list[Band]:
    return [
        Band(b.direction, b.ratio_from, b.ratio_to, b.score)
        for b in ScoreBand.objects.order_by("direction", "ratio_from", "id")
    ]


def ratio_percent(fact: Decimal | None, plan: Decimal | None) -> Decimal | None:
    """Ф/П × 100, 4 places. A zero plan met by a zero fact is 100 %; any other fact
    against a zero plan has no ratio."""
    if fact is None or plan is None:
        return None
    if plan == 0:
        return HUNDRED if fact == 0 else None
    return q4(fact * HUNDRED / plan)


def score_for(
    ratio: Decimal | None, direction: str, bands: list[Band]
) -> Decimal | None:
    """The score of the first band of the dependence that holds the ratio."""
    if ratio is None:
        return None
    for band in bands:
        if band.direction == direction and band.contains(ratio):
            return band.score
    return None


@dataclass(frozen=True)
class ParameterResult:
    parameter: ServiceParameter
    plan: Decimal | None
    fact: Decimal | None
    fact_entered: bool  # True: entered by staff; False: computed from the data
    how: str  # how a computed fact was counted
    ratio: Decimal | None
    score: Decimal | None


@dataclass(frozen=True)
class SubIndicatorResult:
    code: str
    label: str
    form: str
    weight: Decimal
    weight_mark: str
    parameters: list[ParameterResult]
    value: Decimal | None  # weighted mean of the scores


@dataclass(frozen=True)
class ServiceQualityResult:
    year: int
    sub_indicators: list[SubIndicatorResult]
    value: Decimal | None  # Птсо; None while a sub-indicator has no score


def _weighted_mean(rows: list[ParameterResult]) -> Decimal | None:
    scored = [r for r in rows if r.score is not None and r.parameter.weight > 0]
    weights = sum((r.parameter.weight for r in scored), Decimal(0))
    if not weights:
        return None
    total = sum(
        (r.parameter.weight * r.score for r in scored if r.score is not None),
        Decimal(0),
    )
    return q4(total / weights)


def _parameter_result(
    parameter: ServiceParameter,
    value: ServiceParameterValue | None,
    measured: dict[str, MeasuredFact],
    bands: list[Band],
) -> ParameterResult:
    plan = value.plan if value else None
    if parameter.measure:
        fact_row = measured[parameter.measure]
        fact, entered, how = fact_row.value, False, fact_row.how
    else:
        fact, entered, how = (value.fact if value else None), True, ""
    ratio = ratio_percent(fact, plan)
    return ParameterResult(
        parameter=parameter,
        plan=plan,
        fact=fact,
        fact_entered=entered,
        how=how,
        ratio=ratio,
        score=score_for(ratio, parameter.direction, bands),
    )


def customer_service_quality(
    year: int, *, stages: list, now: datetime | None = None
) -> ServiceQualityResult:
    """Compute the three sub-indicators and Птсо for the year; `stages` is the year's
    grid-connection deadline summary (connection_quality(...).stages)."""
    start, end = year_period(year)
    measured = service_measures(
        period_start=start, period_end=end, stages=stages, now=now
    )
    bands = score_bands()
    values = {
        v.parameter_id: v for v in ServiceParameterValue.objects.filter(year=year)
    }
    weights = {w.sub_indicator: w for w in SubIndicatorWeight.objects.all()}
    parameters = list(ServiceParameter.objects.filter(is_active=True))
    subs = []
    for code, label in SubIndicator.choices:
        rows = [
            _parameter_result(p, values.get(p.pk), measured, bands)
            for p in parameters
            if p.sub_indicator == code
        ]
        weight_row = weights.get(code)
        subs.append(
            SubIndicatorResult(
                code=code,
                label=str(label),
                form=FORM_NUMBERS[SubIndicator(code)],
                weight=weight_row.weight if weight_row else Decimal(0),
                weight_mark=weight_row.status_mark if weight_row else "❓",
                parameters=rows,
                value=_weighted_mean(rows),
            )
        )
    value = None
    weights_total = sum((s.weight for s in subs), Decimal(0))
    if weights_total and all(s.value is not None for s in subs):
        weighted = sum(
            (s.weight * s.value for s in subs if s.value is not None), Decimal(0)
        )
        value = q4(weighted / weights_total)
    return ServiceQualityResult(year, subs, value)
