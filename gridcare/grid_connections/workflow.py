"""Which status moves are legal (drawn in docs/domains/grid_connections.md), and who
acts next in each status. Each move is made by one named service."""

from gridcare.grid_connections.codes import Party, Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset(
        {
            Status.ACCEPTED,
            Status.CORRECTION_REQUESTED,
            Status.WITHDRAWN,
            Status.ANNULLED,
        }
    ),
    Status.CORRECTION_REQUESTED: frozenset(
        {Status.SUBMITTED, Status.WITHDRAWN, Status.ANNULLED}
    ),
    Status.ACCEPTED: frozenset({Status.OFFER_SENT, Status.WITHDRAWN}),
    Status.OFFER_SENT: frozenset(
        {Status.CONTRACT_CONCLUDED, Status.WITHDRAWN, Status.ANNULLED}
    ),
    Status.CONTRACT_CONCLUDED: frozenset({Status.CONDITIONS_FULFILLED}),
    Status.CONDITIONS_FULFILLED: frozenset({Status.CONNECTED}),
    Status.CONNECTED: frozenset({Status.COMPLETED}),
    Status.COMPLETED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.ANNULLED: frozenset(),
}

# Filed and not finished: the company has work or waits for the applicant.
OPEN_STATUSES = frozenset(
    {
        Status.SUBMITTED,
        Status.CORRECTION_REQUESTED,
        Status.ACCEPTED,
        Status.OFFER_SENT,
        Status.CONTRACT_CONCLUDED,
        Status.CONDITIONS_FULFILLED,
        Status.CONNECTED,
    }
)
FINAL_STATUSES = frozenset({Status.COMPLETED, Status.WITHDRAWN, Status.ANNULLED})

# Who acts next in each status (contract_concluded depends on the works recorded:
# see stages.next_step).
NEXT_PARTY: dict[str, str] = {
    Status.DRAFT: Party.APPLICANT,
    Status.SUBMITTED: Party.GRID_COMPANY,
    Status.CORRECTION_REQUESTED: Party.APPLICANT,
    Status.ACCEPTED: Party.GRID_COMPANY,
    Status.OFFER_SENT: Party.APPLICANT,
    Status.CONTRACT_CONCLUDED: Party.BOTH,
    Status.CONDITIONS_FULFILLED: Party.GRID_COMPANY,
    Status.CONNECTED: Party.GRID_COMPANY,
    Status.COMPLETED: Party.NOBODY,
    Status.WITHDRAWN: Party.NOBODY,
    Status.ANNULLED: Party.NOBODY,
}
