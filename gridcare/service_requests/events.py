"""The history of service orders: one row per transition, read by the timeline."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from gridcare.service_requests.models import ServiceOrder, ServiceOrderEvent

# What the consumer reads for each action in the timeline.
ACTION_LABELS = {
    "ordered": _("Заявка принята и зарегистрирована"),
    "invoiced": _("Выставлен счёт"),
    "paid": _("Оплата получена"),
    "scheduled": _("Назначены дата и время работ"),
    "rescheduled": _("Дата и время работ изменены"),
    "done": _("Услуга оказана"),
    "cancelled": _("Заявка отменена"),
}


def service_order_event_add(
    *,
    order: ServiceOrder,
    actor: object | None,
    action: str,
    at: datetime,
    from_status: str = "",
    to_status: str = "",
    **details: Any,
) -> ServiceOrderEvent:
    """Append a history row (who, when, from, to and what was set)."""
    return ServiceOrderEvent.objects.create(
        order=order,
        actor=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=at,
        details={k: v for k, v in details.items() if v not in (None, "")},
    )
