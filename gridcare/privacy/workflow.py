"""Which status moves of a subject request are legal (drawn in docs/domains/privacy.md).

The extension (+5 working days) is not a status: it is allowed once while the request
is not answered (`SubjectRequest.can_extend`)."""

TRANSITIONS: dict[str, frozenset[str]] = {
    "registered": frozenset({"in_work", "answered"}),
    "in_work": frozenset({"answered"}),
    "answered": frozenset(),
}
