"""Пsaidi and Пsaifi per voltage level (Приказ № 1256, regulation.md §2.2):

    Пsaidi = Σ (T_i × N_i) / N_max        Пsaifi = Σ N_i / N_max

T_i — hours from the actual start to the actual end of outage i; N_i — points of supply
it cut off at that voltage level (an interruption of a point of supply = outage × point);
N_max — points of supply of the level in the year. Formulas ⚠️ (standard definitions,
inputs ✅ [R21]); levels НН, СН2, СН1, ВН ✅ [R14]; which outages are left out ❓ [R12]:
`ExclusionRule` rows. An outage belongs to the year (month) in which it began; only
restored outages (with an end) are counted. Values are exact Decimals, rounded to
4 places only in the result. Reads only."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from gridcare.consumers.models import SupplyPoint, VoltageLevel
from gridcare.indicators.models import ExclusionRule, SupplyPointCount
from gridcare.indicators.models.reliability import ExclusionRuleKind
from gridcare.indicators.periods import year_period
from gridcare.outages.models import Outage, OutageKind, OutageStatus, OutageSupplyPoint

FOUR_PLACES = Decimal("0.0001")
# Levels in the order of the forms: ВН, СН1, СН2, НН.
LEVELS: tuple[str, ...] = (
    VoltageLevel.HV,
    VoltageLevel.MV1,
    VoltageLevel.MV2,
    VoltageLevel.LV,
)
TOTAL = "total"


def q4(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rule:
    """An exclusion rule as the calculation applies it (built from `ExclusionRule`, or
    by a caller that tries other rules)."""

    code: str
    name: str
    kind: str
    minutes: int | None = None
    notice_hours: int | None = None
    codes: tuple[str, ...] = ()
    legal_basis: str = ""
    status_mark: str = "❓"
    reference: str = "[R12] regulation.md §2.2"

    @classmethod
    def from_model(cls, rule: ExclusionRule) -> "Rule":
        return cls(
            code=rule.code,
            name=rule.name,
            kind=rule.kind,
            minutes=rule.minutes,
            notice_hours=rule.notice_hours,
            codes=tuple(rule.code_list),
            legal_basis=rule.legal_basis,
            status_mark=rule.status_mark,
            reference=rule.reference,
        )

    def excludes(self, outage: Outage) -> bool:
        """True when this rule leaves the (restored) outage out of the indicators."""
        assert outage.started_at is not None and outage.ended_at is not None
        if self.kind == ExclusionRuleKind.SHORTER_THAN:
            limit = timedelta(minutes=self.minutes or 0)
            return outage.ended_at - outage.started_at < limit
        if self.kind == ExclusionRuleKind.PLANNED_WITH_NOTICE:
            if outage.kind != OutageKind.PLANNED or outage.notice_sent_at is None:
                return False
            latest = outage.started_at - timedelta(hours=self.notice_hours or 0)
            return outage.notice_sent_at <= latest
        if self.kind == ExclusionRuleKind.CAUSE:
            return outage.cause in self.codes
        if self.kind == ExclusionRuleKind.EXCLUSION_CLASS:
            klass = outage.exclusion_class
            return klass is not None and klass.code in self.codes
        return False


def exclusion_rules_active() -> list[Rule]:
    """Return the rules that apply now, in their order."""
    return [Rule.from_model(r) for r in ExclusionRule.objects.filter(is_active=True)]


@dataclass(frozen=True)
class ProtocolRow:
    """One outage of the period: counted or excluded, and why."""

    outage_id: int
    kind: str
    kind_label: str
    cause: str
    cause_label: str
    branch: str
    district_unit: str
    equipment: str
    equipment_voltage: str
    started_at: datetime
    ended_at: datetime
    duration_seconds: int
    points_by_level: dict[str, int]
    rule: Rule | None  # the first rule that excludes it; None = counted

    @property
    def counted(self) -> bool:
        return self.rule is None

    @property
    def duration_hours(self) -> Decimal:
        """T_i, exact (a fraction of an hour)."""
        return Decimal(self.duration_seconds) / 3600

    @property
    def points_total(self) -> int:
        return sum(self.points_by_level.values())

    @property
    def point_hours(self) -> Decimal:
        return self.duration_hours * self.points_total

    @property
    def reason(self) -> str:
        if self.rule is None:
            return ""
        basis = f" ({self.rule.legal_basis})" if self.rule.legal_basis else ""
        return f"{self.rule.name}{basis} {self.rule.status_mark}"


def _points_by_outage(outages: list[Outage]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        OutageSupplyPoint.objects.filter(outage__in=[o.pk for o in outages])
        .values("outage_id", "voltage_level")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["outage_id"]][row["voltage_level"]] = row["n"]
    for outage in outages:
        # Outages registered without their points (e.g. an upstream event typed in by
        # dispatch): the count goes to the level of the equipment switched off.
        if outage.pk not in counts and outage.points_cut_off:
            counts[outage.pk] = {outage.voltage_level: outage.points_cut_off}
    return counts


def interruption_protocol(
    *, period_start: datetime, period_end: datetime, rules: list[Rule]
) -> list[ProtocolRow]:
    """Return every restored outage that began in [period_start, period_end), oldest
    first, with its points per level and the first rule that excludes it."""
    outages = list(
        Outage.objects.filter(
            status=OutageStatus.RESTORED,
            started_at__gte=period_start,
            started_at__lt=period_end,
        )
        .select_related("exclusion_class", "branch", "district_unit")
        .order_by("started_at", "pk")
    )
    points = _points_by_outage(outages)
    result = []
    for outage in outages:
        assert outage.started_at is not None and outage.ended_at is not None
        duration = outage.ended_at - outage.started_at
        result.append(
            ProtocolRow(
                outage_id=outage.pk,
                kind=outage.kind,
                kind_label=outage.get_kind_display(),
                cause=outage.cause,
                cause_label=outage.get_cause_display(),
                branch=outage.branch.name,
                district_unit=outage.district_unit.name if outage.district_unit else "",
                equipment=outage.equipment,
                equipment_voltage=outage.get_voltage_level_display(),
                started_at=outage.started_at,
                ended_at=outage.ended_at,
                duration_seconds=duration.days * 86400 + duration.seconds,
                points_by_level=points.get(outage.pk, {}),
                rule=next((r for r in rules if r.excludes(outage)), None),
            )
        )
    return result


@dataclass(frozen=True)
class LevelIndicators:
    """Пsaidi/Пsaifi of one voltage level (or the total) for a period."""

    level: str  # VoltageLevel value or TOTAL
    label: str
    points: int  # N_max
    points_entered: bool  # False: today's count from the register
    outages: int  # counted outages that cut off points of this level
    interruptions: int  # Σ N_i
    hours: Decimal  # Σ T_i × N_i, point-hours
    saidi: Decimal | None
    saifi: Decimal | None


@dataclass(frozen=True)
class ReliabilityResult:
    period_start: datetime
    period_end: datetime
    levels: list[LevelIndicators]
    total: LevelIndicators
    protocol: list[ProtocolRow]
    rules: list[Rule] = field(default_factory=list)

    @property
    def by_level(self) -> dict[str, LevelIndicators]:
        return {row.level: row for row in [*self.levels, self.total]}


def supply_points_for_year(year: int) -> dict[str, tuple[int, bool]]:
    """N_max per level: (points, entered by staff?). Without an entry, today's count
    of points in the register (the register keeps no history)."""
    entered = dict(
        SupplyPointCount.objects.filter(year=year).values_list(
            "voltage_level", "points"
        )
    )
    register: dict[str, int] = {}
    if len(entered) < len(LEVELS):
        register = dict(
            SupplyPoint.objects.values_list("voltage_level").annotate(n=Count("pk"))
        )
    return {
        level: (entered[level], True)
        if level in entered
        else (register.get(level, 0), False)
        for level in LEVELS
    }


def _level_row(
    level: str, label: str, points: int, entered: bool, rows: list[ProtocolRow]
) -> LevelIndicators:
    touched = [r for r in rows if r.points_by_level.get(level)]
    interruptions = sum(r.points_by_level[level] for r in touched)
    hours = sum(
        (r.duration_hours * r.points_by_level[level] for r in touched), Decimal(0)
    )
    return LevelIndicators(
        level=level,
        label=label,
        points=points,
        points_entered=entered,
        outages=len(touched),
        interruptions=interruptions,
        hours=q4(hours),
        saidi=q4(hours / points) if points else None,
        saifi=q4(Decimal(interruptions) / points) if points else None,
    )


def reliability_for_period(
    *,
    period_start: datetime,
    period_end: datetime,
    rules: list[Rule],
    points: dict[str, tuple[int, bool]],
) -> ReliabilityResult:
    """Compute Пsaidi/Пsaifi per level and in total for the period with N_max `points`."""
    protocol = interruption_protocol(
        period_start=period_start, period_end=period_end, rules=rules
    )
    counted = [r for r in protocol if r.counted]
    labels = dict(VoltageLevel.choices)
    levels = [
        _level_row(level, str(labels[level]), *points[level], counted)
        for level in LEVELS
    ]
    total_points = sum(row.points for row in levels)
    total_hours = sum((r.point_hours for r in counted), Decimal(0))
    total_interruptions = sum(row.interruptions for row in levels)
    total = LevelIndicators(
        level=TOTAL,
        label=_("Всего"),
        points=total_points,
        points_entered=all(row.points_entered for row in levels),
        outages=len([r for r in counted if r.points_total]),
        interruptions=total_interruptions,
        hours=q4(total_hours),
        saidi=q4(total_hours / total_points) if total_points else None,
        saifi=q4(Decimal(total_interruptions) / total_points) if total_points else None,
    )
    return ReliabilityResult(period_start, period_end, levels, total, protocol, rules)


def interruption_indicators(
    year: int,
    *,
    rules: list[Rule] | None = None,
    points: dict[str, tuple[int, bool]] | None = None,
) -> ReliabilityResult:
    """Compute the year's Пsaidi/Пsaifi per level {points, interruptions, hours, saidi,
    saifi} and the protocol. `rules` default to the active `ExclusionRule` rows,
    `points` to `supply_points_for_year`."""
    start, end = year_period(year)
    return reliability_for_period(
        period_start=start,
        period_end=end,
        rules=exclusion_rules_active() if rules is None else rules,
        points=supply_points_for_year(year) if points is None else points,
    )
