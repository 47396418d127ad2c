"""Птсо: facts computed from the appeal registry, plans and manual facts entered by
staff, Ф/П × 100 % and scores at the edges of the seeded bands (❓, pattern of
regulation.md §2.4: [85; 115) → 0, below → −1, from 115 → +1; inverse the other way)."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine

from gridcare.appeals.models import Appeal
from gridcare.calendars.terms import MOSCOW
from gridcare.core.errors import ApplicationError, PermissionDeniedError
from gridcare.indicators.customer_service import (
    customer_service_quality,
    ratio_percent,
    score_bands,
    score_for,
)
from gridcare.indicators.models import ServiceParameter, ServiceParameterValue
from gridcare.indicators.services import PlanEntry, indicator_plans_save
from gridcare.indicators.tests.conftest import msk

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 15, 12, tzinfo=MOSCOW)
D = Decimal


@pytest.mark.parametrize(
    ("ratio", "direction", "score"),
    [
        ("84.9999", "direct", "-1"),
        ("85", "direct", "0"),
        ("114.9999", "direct", "0"),
        ("115", "direct", "1"),
        ("84.9999", "inverse", "1"),
        ("85", "inverse", "0"),
        ("114.9999", "inverse", "0"),
        ("115", "inverse", "-1"),
    ],
)
def test_score_at_band_edges(ratio, direction, score):
    assert score_for(D(ratio), direction, score_bands()) == D(score)


def test_ratio_is_fact_over_plan_in_percent():
    assert ratio_percent(D("92"), D("80")) == D("115.0000")
    assert ratio_percent(D("1"), D("3")) == D("33.3333")
    assert ratio_percent(D("0"), D("0")) == D("100")
    assert ratio_percent(D("5"), D("0")) is None
    assert ratio_percent(None, D("1")) is None
    assert score_for(None, "direct", score_bands()) is None


@pytest.fixture
def appeals_2025(make_appeal):
    with time_machine.travel("2025-02-10 10:00 +03:00", tick=False):
        a1, a2, a3, a4 = (make_appeal() for _ in range(4))
    due = msk(2025, 3, 1, 18)
    Appeal.objects.filter(pk__in=[a1.pk, a2.pk, a3.pk, a4.pk]).update(due_at=due)
    Appeal.objects.filter(pk=a1.pk).update(
        answered_at=msk(2025, 2, 20, 12), rating=5, rated_at=msk(2025, 2, 21, 9)
    )
    Appeal.objects.filter(pk=a2.pk).update(
        answered_at=msk(2025, 3, 3, 12),
        has_complaint=True,
        complaint_settled=True,
        rating=2,
        rated_at=msk(2025, 3, 4, 9),
    )
    Appeal.objects.filter(pk=a3.pk).update(answered_at=due, has_complaint=True)
    return a1, a2, a3, a4


def _param(sub: str, number: str) -> ServiceParameter:
    return ServiceParameter.objects.get(sub_indicator=sub, number=number)


def _plans(operator_like, values: dict[tuple[str, str], tuple[str | None, str | None]]):
    entries = [
        PlanEntry(
            parameter_id=_param(sub, number).pk,
            plan=None if plan is None else D(plan),
            fact=None if fact is None else D(fact),
        )
        for (sub, number), (plan, fact) in values.items()
    ]
    return indicator_plans_save(actor=operator_like, year=2025, entries=entries)


def _rows(result, code):
    sub = next(s for s in result.sub_indicators if s.code == code)
    return sub, {
        r.parameter.number: (r.fact, r.plan, r.ratio, r.score) for r in sub.parameters
    }


def test_facts_are_computed_from_the_registry(appeals_2025):
    result = customer_service_quality(2025, stages=[], now=NOW)

    _timeliness, rows = _rows(result, "timeliness")
    assert {n: fact for n, (fact, *_rest) in rows.items()} == {
        "1": D("50.0000"),  # 2 of 4 due in 2025 answered by the deadline
        "2": D("50.0000"),  # complaints: 1 of 2
        "3": None,  # no service requests
        "4": None,  # no connection deadlines
        "5": None,
    }
    _feedback, rows = _rows(result, "feedback")
    assert {n: fact for n, (fact, *_rest) in rows.items()} == {
        "1": None,  # entered by staff
        "2.1": D("50.0000"),  # 2 complaints of 4 appeals
        "2.2": D("25.0000"),  # 1 settled of 4 appeals
        "2.3": None,
        "3": D("0.0000"),  # none reopened of 3 answered
        "4": D("3.5000"),  # (5 + 2) / 2
    }
    assert result.value is None  # no plans yet


def test_scores_sub_indicators_and_overall_value(appeals_2025, administrator):
    ServiceParameter.objects.filter(
        sub_indicator="informativeness", number="1.1"
    ).update(weight=2)
    _plans(
        administrator,
        {
            ("informativeness", "1.1"): ("80", "92"),  # 115 % → +1 (weight 2)
            ("informativeness", "1.2"): ("20", "17"),  # 85 % → 0
            ("informativeness", "2"): ("1", "0"),  # 0 % → −1
            ("informativeness", "3"): ("1", "1"),
            ("informativeness", "4"): ("1", "1"),
            ("informativeness", "5"): ("1", "1"),
            ("timeliness", "1"): ("50", None),  # 50/50 → 0
            ("timeliness", "2"): ("40", None),  # 50/40 = 125 % → +1
            ("timeliness", "3"): ("90", None),  # no fact → no score
            ("feedback", "1"): ("1", "1"),  # 0
            ("feedback", "2.1"): ("40", None),  # inverse, 125 % → −1
            ("feedback", "2.2"): ("25", None),  # 100 % → 0
            ("feedback", "2.3"): ("2", "1.7"),  # inverse, 85 % → 0
            ("feedback", "3"): ("0", None),  # 0 of plan 0 → 100 % → 0
            ("feedback", "4"): ("4", None),  # 87.5 % → 0
        },
    )

    result = customer_service_quality(2025, stages=[], now=NOW)

    info, rows = _rows(result, "informativeness")
    assert rows["1.1"] == (D("92.0000"), D("80.0000"), D("115.0000"), D("1.00"))
    assert rows["1.2"] == (D("17.0000"), D("20.0000"), D("85.0000"), D("0.00"))
    assert rows["2"] == (D("0.0000"), D("1.0000"), D("0.0000"), D("-1.00"))
    assert info.value == D("0.1429")  # (2×1 + 0 − 1 + 0 + 0 + 0) / 7
    timeliness, rows = _rows(result, "timeliness")
    assert rows["2"] == (D("50.0000"), D("40.0000"), D("125.0000"), D("1.00"))
    assert rows["3"] == (None, D("90.0000"), None, None)
    assert timeliness.value == D("0.5000")  # (0 + 1) / 2 scored parameters
    feedback, rows = _rows(result, "feedback")
    assert rows["2.3"] == (D("1.7000"), D("2.0000"), D("85.0000"), D("0.00"))
    assert feedback.value == D("-0.1667")  # (0 − 1 + 0 + 0 + 0 + 0) / 6
    assert result.value == D("0.1587")  # (0.1429 + 0.5 − 0.1667) / 3


@pytest.mark.parametrize(
    ("number", "plan", "fact", "message"),
    [
        ("1.1", "101", None, "в процентах — не больше 100"),
        ("2", "1", "2", "1 (да) или 0 (нет)"),
        ("1.2", "2.5", None, "целое число"),
        ("1.1", "-1", None, "не может быть отрицательным"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(
    administrator, number, plan, fact, message
):
    good = PlanEntry(
        parameter_id=_param("informativeness", "3").pk, plan=D(1), fact=D(1)
    )
    bad = PlanEntry(
        parameter_id=_param("informativeness", number).pk,
        plan=D(plan),
        fact=None if fact is None else D(fact),
    )

    with pytest.raises(ApplicationError) as err:
        indicator_plans_save(actor=administrator, year=2025, entries=[good, bad])

    assert message in err.value.message
    assert not ServiceParameterValue.objects.exists()


def test_fact_of_a_computed_parameter_is_refused(administrator):
    entry = PlanEntry(parameter_id=_param("timeliness", "1").pk, plan=D(90), fact=D(95))

    with pytest.raises(ApplicationError) as err:
        indicator_plans_save(actor=administrator, year=2025, entries=[entry])

    assert "рассчитывается по данным системы" in err.value.message
    assert not ServiceParameterValue.objects.exists()


@pytest.mark.parametrize("who", ["operator", "analyst"])
def test_only_the_edit_right_saves_plans(request, who):
    actor = request.getfixturevalue(who)
    entry = PlanEntry(parameter_id=_param("informativeness", "3").pk, plan=D(1))

    with pytest.raises(PermissionDeniedError):
        indicator_plans_save(actor=actor, year=2025, entries=[entry])

    assert not ServiceParameterValue.objects.exists()
