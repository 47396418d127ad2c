"""Money and VAT as the catalogue shows them: «1 850,00 ₽», «22 %», «в т.ч. НДС…»."""

from decimal import Decimal

from django import template

from gridcare.service_requests.events import ACTION_LABELS
from gridcare.service_requests.models import OrderStatus
from gridcare.service_requests.pricing import (
    PriceBreakdown,
    format_rate,
    format_rub,
    vat_line,
)

register = template.Library()


@register.filter
def rub(value: Decimal | None) -> str:
    return "—" if value is None else format_rub(value)


@register.filter
def vat_rate(value: Decimal | None) -> str:
    return "—" if value is None else format_rate(value)


@register.filter(name="vat_line")
def vat_line_filter(breakdown: PriceBreakdown) -> str:
    return vat_line(breakdown)


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def status_label(status: str) -> str:
    return str(OrderStatus(status).label) if status in OrderStatus.values else status
