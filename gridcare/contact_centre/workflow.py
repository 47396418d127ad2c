"""Allowed moves of a live chat (drawn in docs/domains/contact_centre.md).

waiting ──accept──► active ──close──► closed
   └────────────close (left the queue, call-back instead)──────┘
"""

TRANSITIONS: dict[str, frozenset[str]] = {
    "waiting": frozenset({"active", "closed"}),
    "active": frozenset({"closed"}),
    "closed": frozenset(),
}
OPEN_STATUSES = frozenset({"waiting", "active"})

# The standard of service quality: a question that cannot be answered at once is
# answered by a call back within 4 hours ✅ [R5].
CALLBACK_HOURS = 4

# Allowed moves of an interaction (a call, a chat, a written appeal in the routing
# engine), drawn in docs/domains/contact_centre.md.
INTERACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    "queued": frozenset({"offered", "active", "abandoned"}),
    # Offered but not answered: back to the queue (declined, timed out), or taken.
    "offered": frozenset({"queued", "active", "abandoned"}),
    # A transfer puts a call back into a queue (another topic).
    "active": frozenset({"wrap_up", "queued", "closed"}),
    "wrap_up": frozenset({"closed"}),
    "closed": frozenset(),
    "abandoned": frozenset(),
}
INTERACTION_WAITING = frozenset({"queued", "offered"})
# An operator holds an interaction of these statuses (counts against capacity).
INTERACTION_HELD = frozenset({"offered", "active", "wrap_up"})
