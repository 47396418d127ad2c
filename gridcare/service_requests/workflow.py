"""Which status moves of a service order are legal: the one place that says so (drawn
in docs/domains/service_requests.md). Each move is made by one named service."""

from gridcare.service_requests.models import OrderStatus

S = OrderStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.ORDERED: frozenset({S.INVOICED, S.CANCELLED}),
    S.INVOICED: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.SCHEDULED, S.CANCELLED}),
    # scheduled → scheduled: the visit is moved to another date or window.
    S.SCHEDULED: frozenset({S.SCHEDULED, S.DONE, S.CANCELLED}),
    S.DONE: frozenset(),
    S.CANCELLED: frozenset(),
}

# The consumer may cancel until the work starts (the start of the visit window).
CONSUMER_CANCELLABLE = frozenset({S.ORDERED, S.INVOICED, S.PAID, S.SCHEDULED})

# The stages shown to the consumer as a timeline, in order.
STAGES: tuple[str, ...] = (S.ORDERED, S.INVOICED, S.PAID, S.SCHEDULED, S.DONE)


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())
