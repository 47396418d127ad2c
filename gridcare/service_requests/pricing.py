"""Price arithmetic: Decimal to the kopeck, ROUND_HALF_UP, VAT either inside the price
(«в т.ч. НДС») or on top of it («+ НДС»). Never float."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

KOPECK = Decimal("0.01")
HUNDRED = Decimal("100")


def to_kopecks(value: Decimal) -> Decimal:
    """Round to kopecks, half up (0.005 → 0.01)."""
    return value.quantize(KOPECK, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PriceBreakdown:
    """An amount split into net, VAT and total at one VAT rate (percent)."""

    net: Decimal
    vat: Decimal
    total: Decimal
    rate: Decimal
    includes_vat: bool


def price_breakdown(
    *, amount: Decimal, rate: Decimal, includes_vat: bool, quantity: int = 1
) -> PriceBreakdown:
    """Split `amount` × `quantity` into net, VAT and total.

    With `includes_vat` the total is the price and VAT is extracted from it
    (total × rate / (100 + rate)); otherwise VAT is added to the net price. The VAT is
    rounded once, on the whole amount, so net + VAT = total to the kopeck."""
    if not isinstance(amount, Decimal) or not isinstance(rate, Decimal):
        raise TypeError("Суммы и ставки — только Decimal.")
    base = to_kopecks(amount * quantity)
    if includes_vat:
        vat = to_kopecks(base * rate / (HUNDRED + rate))
        return PriceBreakdown(
            net=base - vat, vat=vat, total=base, rate=rate, includes_vat=True
        )
    vat = to_kopecks(base * rate / HUNDRED)
    return PriceBreakdown(
        net=base, vat=vat, total=base + vat, rate=rate, includes_vat=False
    )


def format_rub(value: Decimal) -> str:
    """«1 234,56 ₽» with non-breaking spaces, as shown to people."""
    text = f"{to_kopecks(value):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0₽"


def format_rate(rate: Decimal) -> str:
    """«22 %», «10 %», «7,5 %»."""
    text = format(rate.normalize(), "f").replace(".", ",")
    return f"{text}\u00a0%"


def vat_line(breakdown: PriceBreakdown) -> str:
    """«в т.ч. НДС 22 % — 1 100,00 ₽» or «+ НДС 22 % — 1 100,00 ₽»."""
    prefix = _("в т.ч. НДС") if breakdown.includes_vat else _("+ НДС")
    return f"{prefix} {format_rate(breakdown.rate)} — {format_rub(breakdown.vat)}"
