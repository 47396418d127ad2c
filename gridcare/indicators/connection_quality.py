"""The quality-of-connection indicator Птпр (Приказ № 1256, regulation.md §2.2) from
the grid-connection deadlines of the year. The official formula is ❓ [R12]: the formula
in force is a `ConnectionFormula` row (constant + Σ weight × measure), evaluated here
with a fixed set of operations (no eval). Reads only."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch

from gridcare.grid_connections.codes import Stage
from gridcare.grid_connections.disclosure import (
    StageBreach,
    StageBreachSummary,
    connection_deadline_breach_list,
    connection_deadline_breach_summary,
)
from gridcare.indicators.models import ConnectionFormula, ConnectionFormulaTerm
from gridcare.indicators.models.connection import ConnectionMeasure
from gridcare.indicators.periods import year_check
from gridcare.indicators.reliability import q4

# Which stages each measure looks at; None = every stage with a deadline.
_MEASURE_STAGES: dict[str, tuple[str | None, bool]] = {
    ConnectionMeasure.ALL_ON_TIME: (None, True),
    ConnectionMeasure.ALL_BREACHED: (None, False),
    ConnectionMeasure.OFFER_ON_TIME: (Stage.OFFER, True),
    ConnectionMeasure.OFFER_BREACHED: (Stage.OFFER, False),
    ConnectionMeasure.CONNECTION_ON_TIME: (Stage.CONNECTION, True),
    ConnectionMeasure.CONNECTION_BREACHED: (Stage.CONNECTION, False),
    ConnectionMeasure.DOCUMENTS_ON_TIME: (Stage.DOCUMENTS, True),
    ConnectionMeasure.DOCUMENTS_BREACHED: (Stage.DOCUMENTS, False),
}


@dataclass(frozen=True)
class MeasureValue:
    code: str
    label: str
    numerator: int
    denominator: int  # deadlines that fell to the year

    @property
    def value(self) -> Decimal | None:
        """The share 0…1, exact; None when no deadline fell to the year."""
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)


def connection_measures(
    stages: list[StageBreachSummary],
) -> dict[str, MeasureValue]:
    """Return every measure a formula may weigh, from the per-stage summary."""
    labels = dict(ConnectionMeasure.choices)
    result = {}
    for code, (stage, on_time) in _MEASURE_STAGES.items():
        rows = [s for s in stages if stage is None or s.stage == stage]
        due = sum(s.with_deadline for s in rows)
        met = sum(s.on_time for s in rows)
        result[code] = MeasureValue(
            code=code,
            label=str(labels[code]),
            numerator=met if on_time else due - met,
            denominator=due,
        )
    return result


@dataclass(frozen=True)
class TermValue:
    measure: str
    label: str
    weight: Decimal
    value: Decimal | None
    numerator: int
    denominator: int

    @property
    def contribution(self) -> Decimal | None:
        return None if self.value is None else self.weight * self.value


@dataclass(frozen=True)
class StageRow:
    """A stage's deadlines of the year, with its Russian name."""

    stage: str
    label: str
    with_deadline: int
    on_time: int
    late: int
    overdue_open: int


@dataclass(frozen=True)
class ConnectionQualityResult:
    year: int
    formula: ConnectionFormula | None
    terms: list[TermValue]
    value: Decimal | None  # Птпр, 4 places; None without a formula or data
    stages: list[StageBreachSummary]
    breaches: list[StageBreach]

    @property
    def stage_rows(self) -> list[StageRow]:
        labels = dict(Stage.choices)
        return [
            StageRow(
                stage=s.stage,
                label=str(labels.get(s.stage, s.stage)),
                with_deadline=s.with_deadline,
                on_time=s.on_time,
                late=s.late,
                overdue_open=s.overdue_open,
            )
            for s in self.stages
        ]

    @property
    def expression(self) -> str:
        """The formula as people read it: «1 − 1 × Доля …»."""
        if self.formula is None:
            return ""
        parts = [f"{self.formula.constant.normalize()}"]
        for term in self.terms:
            sign = "−" if term.weight < 0 else "+"
            parts.append(f"{sign} {abs(term.weight).normalize()} × «{term.label}»")
        return " ".join(parts)


def connection_formula_for_year(year: int) -> ConnectionFormula | None:
    """Return the active formula valid for the year (the newest that began by then)."""
    return (
        ConnectionFormula.objects.filter(is_active=True, valid_from_year__lte=year)
        .prefetch_related(
            Prefetch(
                "terms", queryset=ConnectionFormulaTerm.objects.order_by("order", "id")
            )
        )
        .order_by("-valid_from_year", "code")
        .first()
    )


def formula_evaluate(
    formula: ConnectionFormula, measures: dict[str, MeasureValue]
) -> tuple[list[TermValue], Decimal | None]:
    """Evaluate constant + Σ weight × measure; None when a weighed measure has no data."""
    terms = [
        TermValue(
            measure=term.measure,
            label=measures[term.measure].label,
            weight=term.weight,
            value=measures[term.measure].value,
            numerator=measures[term.measure].numerator,
            denominator=measures[term.measure].denominator,
        )
        for term in formula.terms.all()
    ]
    if any(t.value is None for t in terms):
        return terms, None
    total = formula.constant + sum(
        (t.contribution for t in terms if t.contribution is not None), Decimal(0)
    )
    return terms, q4(total)


def connection_quality(
    year: int,
    *,
    formula: ConnectionFormula | None = None,
    now: datetime | None = None,
) -> ConnectionQualityResult:
    """Compute Птпр for the year with `formula` (default: the one in force) from the
    stage deadlines that fell to the year (grid_connections.disclosure)."""
    year_check(year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    stages = connection_deadline_breach_summary(date_from=first, date_to=last, now=now)
    breaches = connection_deadline_breach_list(date_from=first, date_to=last, now=now)
    formula = formula or connection_formula_for_year(year)
    if formula is None:
        return ConnectionQualityResult(year, None, [], None, stages, breaches)
    terms, value = formula_evaluate(formula, connection_measures(stages))
    return ConnectionQualityResult(year, formula, terms, value, stages, breaches)
