"""Птпр from the grid-connection deadlines of a year, with the default formula (❓) and
with custom formulas stored as data (constant + Σ weight × measure, no eval).

2025: three offers due — one sent in time, one late, one still overdue; one actual
connection in time. Offer: 3 deadlines, 1 met; connection: 1 deadline, 1 met."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine

from gridcare.calendars.terms import MOSCOW
from gridcare.grid_connections.codes import Stage
from gridcare.grid_connections.models import ApplicationStage
from gridcare.grid_connections.tests.conftest import (  # noqa: F401 - fixtures
    _media,
    make_draft,
    make_filed,
)
from gridcare.indicators.connection_quality import connection_quality
from gridcare.indicators.models import ConnectionFormula, ConnectionFormulaTerm
from gridcare.indicators.tests.conftest import msk

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 15, 12, tzinfo=MOSCOW)


@pytest.fixture
def deadlines(make_filed):  # noqa: F811 - the imported fixture
    with time_machine.travel("2025-03-03 10:00 +03:00", tick=False):
        apps = [make_filed() for _ in range(3)]
    offers = {a.pk: a.stages.get(stage=Stage.OFFER) for a in apps}
    plan = [
        (msk(2025, 3, 17, 18), msk(2025, 3, 14, 12)),  # in time
        (msk(2025, 3, 17, 18), msk(2025, 3, 19, 12)),  # late
        (msk(2025, 4, 17, 18), None),  # still overdue
    ]
    for app, (due, done) in zip(apps, plan, strict=True):
        ApplicationStage.objects.filter(pk=offers[app.pk].pk).update(
            due_at=due, completed_at=done
        )
    ApplicationStage.objects.create(
        application=apps[0],
        stage=Stage.CONNECTION,
        started_at=msk(2025, 3, 20, 10),
        due_at=msk(2025, 9, 22, 18),
        completed_at=msk(2025, 9, 1, 12),
    )
    return apps


def _formula(
    constant: str, *terms: tuple[str, str], year: int = 2020
) -> ConnectionFormula:
    formula = ConnectionFormula.objects.create(
        code=f"custom-{year}-{constant}",
        name="Своя формула",
        valid_from_year=year,
        constant=Decimal(constant),
    )
    for order, (measure, weight) in enumerate(terms):
        ConnectionFormulaTerm.objects.create(
            formula=formula, measure=measure, weight=Decimal(weight), order=order
        )
    return formula


def test_default_formula_is_the_share_of_deadlines_met(deadlines):
    result = connection_quality(2025, now=NOW)

    assert result.formula is not None and result.formula.code == "share-met-default"
    assert result.formula.status_mark == "❓"
    assert [(t.measure, t.numerator, t.denominator) for t in result.terms] == [
        ("all_on_time_share", 2, 4)
    ]
    assert result.value == Decimal("0.5000")
    assert [
        (s.stage, s.with_deadline, s.on_time, s.late, s.overdue_open)
        for s in result.stage_rows
    ] == [
        ("offer", 3, 1, 1, 1),
        ("connection", 1, 1, 0, 0),
    ]
    assert len(result.breaches) == 2


def test_custom_formula_weighs_stage_breaches(deadlines):
    formula = _formula(
        "1", ("offer_breached_share", "-0.6"), ("connection_breached_share", "-0.4")
    )

    result = connection_quality(2025, formula=formula, now=NOW)

    # 1 − 0.6 × 2/3 − 0.4 × 0/1 = 0.6
    assert result.value == Decimal("0.6000")
    assert result.expression == (
        "1 − 0.6 × «Доля оферт и ТУ, направленных с нарушением» "
        "− 0.4 × «Доля присоединений с нарушением срока»"
    )


def test_newest_active_formula_of_the_year_applies(deadlines):
    _formula("0", ("offer_on_time_share", "1"), year=2024)
    _formula("0", ("all_breached_share", "1"), year=2026)

    result = connection_quality(2025, now=NOW)

    assert result.value == Decimal("0.3333")  # offers: 1 of 3 in time


def test_formula_over_a_stage_without_deadlines_gives_no_value(deadlines):
    formula = _formula("0", ("documents_on_time_share", "1"))

    result = connection_quality(2025, formula=formula, now=NOW)

    assert result.value is None
    assert result.terms[0].denominator == 0


def test_year_without_a_formula_has_no_value(deadlines):
    ConnectionFormula.objects.update(is_active=False)

    result = connection_quality(2025, now=NOW)

    assert (result.formula, result.value, result.expression) == (None, None, "")
