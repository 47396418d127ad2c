"""Inputs of the reliability indicators Пsaidi and Пsaifi (Приказ Минэнерго № 1256,
regulation.md §2.2), per voltage level since 2024 ✅ [R14]:

    Пsaidi = Σ (T_i × N_i) / N_max      Пsaifi = Σ N_i / N_max

T_i — hours from the actual start to the actual end of interruption i, N_i — points of
supply it cut off (of that voltage level), N_max — points of supply of the company.
Which interruptions are excluded is not confirmed (❓ [R12]): `ExclusionClass` rows say
so, and `OutageSetting.short_interruption_minutes` drops very short ones when set.
Selectors for the reports issue; nothing here writes."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count

from gridcare.consumers.models import SupplyPoint, VoltageLevel
from gridcare.outages.models import Outage, OutageStatus, OutageSupplyPoint
from gridcare.outages.selectors import outage_setting_get


@dataclass(frozen=True)
class Interruption:
    """One finished interruption as the indicators see it."""

    outage_id: int
    kind: str
    cause: str
    voltage_level: str  # of the equipment switched off
    started_at: datetime
    ended_at: datetime
    duration_hours: float
    points_by_level: dict[str, int]  # N_i per voltage level of the points
    exclusion_class: str  # code, '' = not classified (counted)
    counted: bool
    why_excluded: str = ""

    @property
    def points_total(self) -> int:
        return sum(self.points_by_level.values())


def interruption_list(
    *, period_start: datetime, period_end: datetime
) -> list[Interruption]:
    """Return restored outages that began in [period_start, period_end), oldest first,
    each with its duration, points cut off per voltage level and exclusion class."""
    outages = list(
        Outage.objects.filter(
            status=OutageStatus.RESTORED,
            started_at__gte=period_start,
            started_at__lt=period_end,
        )
        .select_related("exclusion_class")
        .order_by("started_at", "pk")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        OutageSupplyPoint.objects.filter(outage__in=[o.pk for o in outages])
        .values("outage_id", "voltage_level")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["outage_id"]][row["voltage_level"]] = row["n"]
    short = outage_setting_get().short_interruption_minutes
    result = []
    for outage in outages:
        assert outage.started_at and outage.ended_at  # restored outages have both
        duration = outage.ended_at - outage.started_at
        klass = outage.exclusion_class
        counted, why = True, ""
        if klass is not None and not klass.counts_in_indicators:
            counted, why = False, klass.name
        elif short and duration < timedelta(minutes=short):
            counted, why = False, f"короче {short} мин"
        result.append(
            Interruption(
                outage_id=outage.pk,
                kind=outage.kind,
                cause=outage.cause,
                voltage_level=outage.voltage_level,
                started_at=outage.started_at,
                ended_at=outage.ended_at,
                duration_hours=duration.total_seconds() / 3600,
                points_by_level=dict(counts.get(outage.pk, {})),
                exclusion_class=klass.code if klass else "",
                counted=counted,
                why_excluded=why,
            )
        )
    return result


@dataclass(frozen=True)
class ReliabilityInputs:
    voltage_level: str
    interruptions: int  # counted interruptions that cut off points of this level
    points_interrupted: int  # Σ N_i
    point_hours: float  # Σ T_i × N_i
    points_max: int  # N_max

    @property
    def saidi(self) -> float | None:
        return self.point_hours / self.points_max if self.points_max else None

    @property
    def saifi(self) -> float | None:
        return self.points_interrupted / self.points_max if self.points_max else None


def reliability_inputs(
    *,
    period_start: datetime,
    period_end: datetime,
    points_max: dict[str, int] | None = None,
) -> list[ReliabilityInputs]:
    """Return Σ N_i, Σ T_i × N_i and N_max per voltage level for the period.

    N_max defaults to today's count of points of supply per level (the register keeps
    no history of points); the reports issue may pass the period's maximum instead."""
    interruptions = [
        i
        for i in interruption_list(period_start=period_start, period_end=period_end)
        if i.counted
    ]
    if points_max is None:
        points_max = dict(
            SupplyPoint.objects.values_list("voltage_level").annotate(n=Count("pk"))
        )
    result = []
    for level in VoltageLevel.values:
        touched = [i for i in interruptions if i.points_by_level.get(level)]
        result.append(
            ReliabilityInputs(
                voltage_level=level,
                interruptions=len(touched),
                points_interrupted=sum(i.points_by_level[level] for i in touched),
                point_hours=sum(
                    i.duration_hours * i.points_by_level[level] for i in touched
                ),
                points_max=points_max.get(level, 0),
            )
        )
    return result
