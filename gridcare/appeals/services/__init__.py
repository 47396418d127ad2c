"""Writes on the appeal registry: one named service per status transition, each in a
transaction with a row lock, a history row and notifications after commit.

`intake` receives and registers appeals; `work` moves them through the workflow."""

from gridcare.appeals.services.intake import (
    SELF_SERVICE_CHANNELS,
    TEXT_MAX,
    AppealInput,
    appeal_receive,
    appeal_register,
)
from gridcare.appeals.services.work import (
    appeal_answer,
    appeal_assign,
    appeal_bulk_assign,
    appeal_close,
    appeal_consumer_reply,
    appeal_escalate_overdue,
    appeal_forward,
    appeal_note_add,
    appeal_rate,
    appeal_reopen,
    appeal_request_information,
    appeal_set_outcome,
    appeal_withdraw,
)

__all__ = [
    "SELF_SERVICE_CHANNELS",
    "TEXT_MAX",
    "AppealInput",
    "appeal_answer",
    "appeal_assign",
    "appeal_bulk_assign",
    "appeal_close",
    "appeal_consumer_reply",
    "appeal_escalate_overdue",
    "appeal_forward",
    "appeal_note_add",
    "appeal_rate",
    "appeal_receive",
    "appeal_register",
    "appeal_reopen",
    "appeal_request_information",
    "appeal_set_outcome",
    "appeal_withdraw",
]
