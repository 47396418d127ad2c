"""Numbers in reports written the Russian way: 12 345, 3,5; «—» for no value."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value: object) -> str:
    """12345 → «12 345», Decimal('3.50') → «3,50», None → «—»."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    if isinstance(value, Decimal | float):
        whole, _, frac = f"{value:,}".partition(".")
        whole = whole.replace(",", "\u00a0")
        return f"{whole},{frac}" if frac else whole
    return str(value)
