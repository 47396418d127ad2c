"""Price maths: Decimal to the kopeck, ROUND_HALF_UP, VAT inside or on top."""

from decimal import Decimal

import pytest

from gridcare.service_requests.pricing import (
    format_rate,
    format_rub,
    price_breakdown,
    vat_line,
)

D = Decimal


def test_extracts_vat_from_a_price_that_includes_it_at_22_percent():
    b = price_breakdown(amount=D("950.00"), rate=D("22.00"), includes_vat=True)
    assert (b.net, b.vat, b.total) == (D("778.69"), D("171.31"), D("950.00"))


def test_extracts_vat_at_20_percent_for_2025():
    b = price_breakdown(amount=D("950.00"), rate=D("20.00"), includes_vat=True)
    assert (b.net, b.vat, b.total) == (D("791.67"), D("158.33"), D("950.00"))


def test_adds_vat_on_top_of_a_net_price():
    b = price_breakdown(amount=D("1000.05"), rate=D("22.00"), includes_vat=False)
    assert (b.net, b.vat, b.total) == (D("1000.05"), D("220.01"), D("1220.06"))


def test_rounds_half_up_not_to_even():
    b = price_breakdown(amount=D("1.25"), rate=D("10"), includes_vat=False)
    assert b.vat == D("0.13")  # 0.125 → 0.13 (banker's rounding would give 0.12)


def test_rounds_vat_once_on_the_whole_quantity():
    b = price_breakdown(
        amount=D("1850.00"), rate=D("22.00"), includes_vat=True, quantity=2
    )
    assert (b.net, b.vat, b.total) == (D("3032.79"), D("667.21"), D("3700.00"))
    assert b.net + b.vat == b.total


def test_refuses_floats():
    with pytest.raises(TypeError):
        price_breakdown(amount=950.0, rate=D("22"), includes_vat=True)  # type: ignore[arg-type]


def test_formats_roubles_rate_and_vat_line_in_russian():
    nbsp = "\u00a0"
    assert format_rub(D("1234567.5")) == f"1{nbsp}234{nbsp}567,50{nbsp}₽"
    assert format_rate(D("22.00")) == f"22{nbsp}%"
    assert format_rate(D("7.50")) == f"7,5{nbsp}%"
    inside = price_breakdown(amount=D("950.00"), rate=D("22.00"), includes_vat=True)
    on_top = price_breakdown(amount=D("3500"), rate=D("22.00"), includes_vat=False)
    assert vat_line(inside) == f"в т.ч. НДС 22{nbsp}% — 171,31{nbsp}₽"
    assert vat_line(on_top) == f"+ НДС 22{nbsp}% — 770,00{nbsp}₽"
