"""Пsaidi/Пsaifi on a hand-computed example (regulation.md §2.2).

Year 2025, N_max entered: НН 40, СН2 8, СН1 2, ВН 0. Outages (Moscow time):

A  unplanned, 05.03 10:00–12:30 (2.5 h), 4 НН points             counted
B  unplanned, 20.03 23:00–21.03 01:15 (2.25 h), 2 НН + 1 СН2     counted (both levels)
C  planned, notice 72 h ahead, 10.06 09:00–13:00 (4 h), 6 НН      counted (rule off)
D  cause «по заявке потребителя», 01.07 08:00–09:00, 1 НН         excluded
E  class «непреодолимая сила», 01.08 5 h, 3 СН2                   excluded
F  unplanned, 01.09 10:00–10:02 (2 min), 1 СН1                    counted (rule off)
G  31.12.2024 22:00–01.01.2025 03:00, 4 НН                         2024: not in 2025
H  still in progress since 01.10, 4 НН                             not restored: left out

НН:  ΣN = 4 + 2 + 6 = 12; ΣT×N = 10 + 4.5 + 24 = 38.5; Пsaidi = 38.5/40 = 0.9625;
     Пsaifi = 12/40 = 0.3
СН2: ΣN = 1; ΣT×N = 2.25; Пsaidi = 2.25/8 = 0.28125 → 0.2813; Пsaifi = 0.125
СН1: ΣN = 1; ΣT×N = 1/30 h → 0.0333; Пsaidi = 1/60 → 0.0167; Пsaifi = 0.5
ВН:  no points → no values
Всего: N_max 50; ΣN 14; ΣT×N = 40.78333… → 40.7833; Пsaidi 0.81566… → 0.8157;
     Пsaifi 0.28"""

from datetime import timedelta
from decimal import Decimal

import pytest

from gridcare.indicators.models import ExclusionRule, SupplyPointCount
from gridcare.indicators.reliability import (
    TOTAL,
    Rule,
    exclusion_rules_active,
    interruption_indicators,
)
from gridcare.indicators.tests.conftest import msk

pytestmark = pytest.mark.django_db


def _values(result):
    return {
        level: (
            row.points,
            row.outages,
            row.interruptions,
            row.hours,
            row.saidi,
            row.saifi,
        )
        for level, row in result.by_level.items()
    }


def test_hand_computed_example_with_the_default_rules(example):
    result = interruption_indicators(2025)

    assert _values(result) == {
        "NN": (40, 3, 12, Decimal("38.5000"), Decimal("0.9625"), Decimal("0.3000")),
        "SN2": (8, 1, 1, Decimal("2.2500"), Decimal("0.2813"), Decimal("0.1250")),
        "SN1": (2, 1, 1, Decimal("0.0333"), Decimal("0.0167"), Decimal("0.5000")),
        "VN": (0, 0, 0, Decimal("0.0000"), None, None),
        TOTAL: (50, 4, 14, Decimal("40.7833"), Decimal("0.8157"), Decimal("0.2800")),
    }
    assert [row.level for row in result.levels] == ["VN", "SN1", "SN2", "NN"]
    assert result.total.points_entered is True


def test_protocol_lists_counted_and_excluded_outages_with_the_reason(example):
    result = interruption_indicators(2025)

    ids = {o.pk: name for name, o in example.items()}
    rows = [
        (ids[r.outage_id], r.counted, r.rule.code if r.rule else "")
        for r in result.protocol
    ]
    assert rows == [
        ("A", True, ""),
        ("B", True, ""),
        ("C", True, ""),
        ("D", False, "consumer_request"),
        ("E", False, "force_majeure"),
        ("F", True, ""),
    ]
    excluded = result.protocol[3]
    assert excluded.reason.startswith(
        "Отключение по заявке потребителя (Приказ Минэнерго"
    )
    assert excluded.reason.endswith("❓")
    assert result.protocol[1].points_by_level == {"NN": 2, "SN2": 1}
    assert result.protocol[1].duration_hours == Decimal("2.25")


def test_custom_rules_exclude_short_and_announced_planned_outages(example):
    rules = [
        Rule(code="short", name="Короче 3 минут", kind="shorter_than", minutes=3),
        Rule(
            code="notice",
            name="Плановые с уведомлением за 72 ч",
            kind="planned_with_notice",
            notice_hours=72,
        ),
    ]

    result = interruption_indicators(2025, rules=rules)

    values = _values(result)
    # D and E count now: no rule leaves them out.
    assert values["NN"] == (
        40,
        3,
        7,
        Decimal("15.5000"),
        Decimal("0.3875"),
        Decimal("0.1750"),
    )
    assert values["SN2"] == (
        8,
        2,
        4,
        Decimal("17.2500"),
        Decimal("2.1563"),
        Decimal("0.5000"),
    )
    assert values["SN1"] == (
        2,
        0,
        0,
        Decimal("0.0000"),
        Decimal("0.0000"),
        Decimal("0.0000"),
    )
    assert values[TOTAL] == (
        50,
        4,
        11,
        Decimal("32.7500"),
        Decimal("0.6550"),
        Decimal("0.2200"),
    )
    reasons = {r.outage_id: r.rule.code for r in result.protocol if r.rule}
    assert reasons == {example["C"].pk: "notice", example["F"].pk: "short"}


def test_notice_shorter_than_the_rule_keeps_the_planned_outage(example):
    example["C"].notice_sent_at = msk(2025, 6, 7, 9) + timedelta(minutes=1)
    example["C"].save(update_fields=["notice_sent_at"])
    rule = Rule(code="n", name="n", kind="planned_with_notice", notice_hours=72)

    result = interruption_indicators(2025, rules=[rule])

    assert all(r.counted for r in result.protocol)


def test_rules_edited_in_the_admin_apply_without_a_release(example):
    ExclusionRule.objects.filter(code="short").update(is_active=True)

    codes = [r.code for r in exclusion_rules_active()]
    result = interruption_indicators(2025)

    assert codes == [
        "consumer_request",
        "consumer_network",
        "force_majeure",
        "load_shedding",
        "short",
    ]
    assert result.by_level["SN1"].interruptions == 0
    assert result.by_level[TOTAL].saidi == Decimal("0.8150")  # 40.75 / 50


def test_without_entered_counts_the_register_is_used_and_said(make_points, make_outage):
    points = make_points("NN", 4)
    make_outage(start=msk(2025, 2, 1, 10), end=msk(2025, 2, 1, 11), points=points[:2])

    result = interruption_indicators(2025)

    nn = result.by_level["NN"]
    assert (nn.points, nn.points_entered, nn.saidi, nn.saifi) == (
        4,
        False,
        Decimal("0.5000"),
        Decimal("0.5000"),
    )


def test_outage_without_point_records_goes_to_its_equipment_level(make_outage):
    SupplyPointCount.objects.create(year=2025, voltage_level="SN1", points=10)
    make_outage(
        start=msk(2025, 4, 1, 10),
        end=msk(2025, 4, 1, 13),
        voltage_level="SN1",
        points_cut_off=5,
    )

    result = interruption_indicators(2025)

    row = result.by_level["SN1"]
    assert (row.interruptions, row.hours, row.saidi, row.saifi) == (
        5,
        Decimal("15.0000"),
        Decimal("1.5000"),
        Decimal("0.5000"),
    )
