"""The stages of an order as the consumer and staff see them: done, current, ahead."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from gridcare.service_requests.models import OrderStatus, ServiceOrder
from gridcare.service_requests.workflow import STAGES

S = OrderStatus
STAGE_LABELS = {
    S.ORDERED: _("Заявка принята"),
    S.INVOICED: _("Счёт выставлен"),
    S.PAID: _("Оплата получена"),
    S.SCHEDULED: _("Назначены дата и время работ"),
    S.DONE: _("Услуга оказана"),
}


@dataclass(frozen=True)
class StageView:
    code: str
    label: str
    state: str  # "done", "current", "ahead" or "skipped" (after a cancellation)
    at: datetime | None


def _reached_at(order: ServiceOrder) -> dict[str, datetime | None]:
    return {
        S.ORDERED: order.ordered_at,
        S.INVOICED: order.invoiced_at,
        S.PAID: order.paid_at,
        S.SCHEDULED: None,
        S.DONE: order.done_at,
    }


def stage_views(order: ServiceOrder) -> list[StageView]:
    """Return the five stages with their state; a cancelled order shows what it
    reached and the rest as skipped."""
    reached = _reached_at(order)
    done_upto = -1
    for index, code in enumerate(STAGES):
        if reached[code] is not None or (
            code == S.SCHEDULED and order.scheduled_date is not None
        ):
            done_upto = index
    views = []
    for index, code in enumerate(STAGES):
        if index <= done_upto:
            state = "done"
            if order.status == code and code != S.DONE:
                state = "current"
        elif order.status == S.CANCELLED:
            state = "skipped"
        else:
            state = "ahead"
        views.append(
            StageView(
                code=code, label=str(STAGE_LABELS[code]), state=state, at=reached[code]
            )
        )
    return views
