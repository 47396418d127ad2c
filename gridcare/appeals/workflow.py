"""Which status moves are legal: the one place that says so (drawn in
docs/domains/appeals.md). Each move is made by one named service in services.py."""

from gridcare.appeals.codes import Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.REGISTERED, Status.WITHDRAWN}),
    Status.REGISTERED: frozenset(
        {
            Status.IN_WORK,
            Status.WAITING,
            Status.ANSWERED,
            Status.FORWARDED,
            Status.WITHDRAWN,
        }
    ),
    Status.IN_WORK: frozenset(
        {
            Status.WAITING,
            Status.ANSWERED,
            Status.FORWARDED,
            Status.WITHDRAWN,
            Status.REGISTERED,
        }
    ),
    Status.WAITING: frozenset({Status.IN_WORK, Status.ANSWERED, Status.WITHDRAWN}),
    Status.ANSWERED: frozenset({Status.CLOSED, Status.IN_WORK}),
    Status.CLOSED: frozenset({Status.IN_WORK}),
    Status.FORWARDED: frozenset({Status.IN_WORK}),
    Status.WITHDRAWN: frozenset(),
}

# Statuses in which the appeal still waits for the company (counted as open work).
OPEN_STATUSES = frozenset({Status.REGISTERED, Status.IN_WORK, Status.WAITING})
