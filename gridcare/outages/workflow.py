"""Which outage status moves are legal: the one place that says so (drawn in
docs/domains/outages.md). Each move is made by one named service in services.py."""

PLANNED = "planned"
IN_PROGRESS = "in_progress"
RESTORED = "restored"
CANCELLED = "cancelled"

TRANSITIONS: dict[str, frozenset[str]] = {
    # outage_start / outage_cancel
    PLANNED: frozenset({IN_PROGRESS, CANCELLED}),
    # outage_restore
    IN_PROGRESS: frozenset({RESTORED}),
    RESTORED: frozenset(),
    CANCELLED: frozenset(),
}

OPEN_STATUSES = frozenset({PLANNED, IN_PROGRESS})
