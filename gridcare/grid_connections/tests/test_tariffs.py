"""The connection fee on worked examples (regulation.md §3.5–3.6): the standard-rate
formula, the п. 17 cap by the preferential rate × kW, the standard cost when it is
lower, the social rate, VAT per table, versions and validity of tables."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.models import RateItem, RateTable
from gridcare.grid_connections.tariffs import (
    CostInput,
    ExtraInput,
    LineInput,
    connection_cost_calculate,
)

pytestmark = pytest.mark.django_db
REGION = "RU-XX"  # a test region: the seeded RU-TA tables do not interfere


def table(
    code="t",
    version=1,
    *,
    includes_vat=False,
    vat=Decimal(20),
    items=(),
    valid_from=date(2026, 1, 1),
    valid_to=None,
    sample=False,
):
    row = RateTable.objects.create(
        code=code,
        version=version,
        title=f"Таблица {code}",
        region=REGION,
        valid_from=valid_from,
        valid_to=valid_to,
        includes_vat=includes_vat,
        vat_rate=vat,
        is_sample=sample,
        status_mark="✅",
        reference="тест",
        loaded_at=timezone.now(),
    )
    for rate, unit, value, extra in items:
        RateItem.objects.create(
            table=row, rate=rate, unit=unit, value=Decimal(value), **extra
        )
    return row


STANDARD = [
    ("C1.1", "connection", "12000.00", {}),
    ("C1.2", "connection", "8000.00", {}),
    ("C2", "km", "1200000.00", {"voltage": "0.4", "line_type": "overhead"}),
    ("C3", "km", "2100000.00", {"voltage": "0.4", "line_type": "cable"}),
    ("C8", "point", "28000.00", {}),
    ("C8", "point", "45000.00", {"variant": "3ф_прямой"}),
    ("C5", "kw", "9500.00", {}),
]


def individual(**overrides) -> CostInput:
    fields = dict(
        region=REGION,
        on=date(2026, 3, 1),
        category="individual_15",
        requested_kw=Decimal(15),
        voltage="0.4",
        distance_m=250,
        lines=[LineInput("0.4", "overhead", Decimal("0.250"))],
        metering_points=1,
    )
    fields.update(overrides)
    return CostInput(**fields)


def test_preferential_cap_applies_15_kw_house_250_m_of_line():
    table("std", items=STANDARD, vat=Decimal(20))
    table(
        "pref",
        includes_vat=True,
        vat=Decimal(20),
        items=[("PREF_KW", "kw", "7600.00", {"category": "individual_15"})],
    )
    result = connection_cost_calculate(individual())
    # Standard, without VAT: C1.1 12 000 + C1.2 8 000 + C2 0,25 км × 1 200 000 = 300 000
    # + C8 28 000 = 348 000,00; with 20 % VAT 417 600,00.
    assert [line.amount_without_vat for line in result.standard_lines] == [
        Decimal("12000.00"),
        Decimal("8000.00"),
        Decimal("300000.00"),
        Decimal("28000.00"),
    ]
    assert result.standard_without_vat == Decimal("348000.00")
    assert result.standard_total == Decimal("417600.00")
    # Preferential: 7 600 ₽/kW incl. VAT × 15 kW = 114 000,00, of which VAT
    # 114 000 − 114 000/1,2 = 19 000,00. The lower sum is due (п. 17 ✅ [R26]).
    assert result.preferential_applies
    assert result.basis == "preferential"
    assert (result.fee_total, result.fee_vat, result.fee_without_vat) == (
        Decimal("114000.00"),
        Decimal("19000.00"),
        Decimal("95000.00"),
    )
    assert any("Применяется меньшая сумма" in line for line in result.explanation)


def test_standard_cost_lower_3_kw_garage_next_to_the_grid():
    table(
        "std",
        items=[("C1", "connection", "5000.00", {}), ("C8", "point", "10000.00", {})],
        vat=Decimal(20),
    )
    table(
        "pref",
        includes_vat=True,
        items=[("PREF_KW", "kw", "7600.00", {"category": "individual_15"})],
    )
    result = connection_cost_calculate(
        individual(requested_kw=Decimal(3), distance_m=10, lines=[])
    )
    # Standard: (5 000 + 10 000) × 1,2 = 18 000,00 < 7 600 × 3 = 22 800,00.
    assert result.standard_total == Decimal("18000.00")
    assert result.preferential_line.amount_with_vat == Decimal("22800.00")
    assert result.basis == "standard"
    assert result.fee_total == Decimal("18000.00")
    assert result.fee_vat == Decimal("3000.00")


def test_tatarstan_2026_seeded_rate_caps_the_sample_standard_cost():
    result = connection_cost_calculate(individual(region="RU-TA", on=date(2026, 6, 1)))
    assert result.preferential_line.rate == Decimal("7600.00")
    assert result.fee_total == Decimal("114000.00")
    assert result.has_sample_rates  # C1–C8 of RT 2026 are clearly labelled samples
    assert any("ОБРАЗЦЫ" in line for line in result.explanation)
    official = [t for t in result.tables if not t.is_sample]
    assert official[0].act.startswith("Постановление Госкомитета РТ по тарифам")


def test_social_category_uses_the_reduced_rate():
    table("std", items=STANDARD)
    table(
        "pref",
        includes_vat=True,
        items=[
            ("PREF_KW", "kw", "7600.00", {}),
            ("SOCIAL_KW", "kw", "1064.00", {}),
        ],
    )
    result = connection_cost_calculate(individual(is_social=True))
    assert result.basis == "social"
    assert result.fee_total == Decimal("15960.00")  # 1 064 × 15


def test_preferential_does_not_apply_beyond_300_m_in_town_or_above_0_4_kv():
    table("std", items=STANDARD)
    table("pref", includes_vat=True, items=[("PREF_KW", "kw", "7600.00", {})])
    far = connection_cost_calculate(individual(distance_m=301))
    assert not far.preferential_applies and "300 м" in far.preferential_reason
    rural = connection_cost_calculate(
        individual(distance_m=450, settlement_type="rural")
    )
    assert rural.preferential_applies
    legal = connection_cost_calculate(individual(category="business_150"))
    assert legal.basis == "standard" and not legal.preferential_applies


def test_cable_three_phase_meter_and_extra_rate_per_kw():
    table("std", items=STANDARD, vat=Decimal(22))
    result = connection_cost_calculate(
        individual(
            category="business_150",
            requested_kw=Decimal(40),
            lines=[LineInput("0.4", "cable", Decimal("0.1"))],
            meter_variant="3ф_прямой",
            extras=[ExtraInput("C5", Decimal(40))],
        )
    )
    # 12 000 + 8 000 + 210 000 + 45 000 + 9 500 × 40 = 655 000 × 1,22 = 799 100,00.
    assert result.standard_without_vat == Decimal("655000.00")
    assert result.fee_total == Decimal("799100.00")


def test_newest_version_of_a_series_and_validity_dates_win():
    table(
        "std",
        1,
        items=[("C1", "connection", "1000.00", {}), ("C8", "point", "1000.00", {})],
    )
    table(
        "std",
        2,
        items=[("C1", "connection", "2000.00", {}), ("C8", "point", "2000.00", {})],
    )
    table(
        "old",
        items=[("C1", "connection", "9.00", {}), ("C8", "point", "9.00", {})],
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    result = connection_cost_calculate(individual(category="business_150", lines=[]))
    assert result.standard_without_vat == Decimal("4000.00")
    assert [(t.code, t.version) for t in result.tables] == [("std", 2)]
    old = connection_cost_calculate(
        individual(category="business_150", lines=[], on=date(2025, 6, 1))
    )
    assert old.standard_without_vat == Decimal("18.00")


def test_missing_rate_is_refused_in_russian():
    table("std", items=[("C1", "connection", "1000.00", {})])
    with pytest.raises(ApplicationError) as err:
        connection_cost_calculate(individual())
    assert err.value.code == "rate_missing"
    assert "C2" in err.value.message and "C8" in err.value.message
    with pytest.raises(ApplicationError) as err:
        connection_cost_calculate(individual(region="RU-ZZ"))
    assert err.value.code == "rate_table_missing"
