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
