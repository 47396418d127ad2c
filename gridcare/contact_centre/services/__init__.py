"""Writes of the contact centre.

`chat` — live chat, hand-off, call-back requests, specialists' presence;
`operators` — operators' status; `interactions` — calls, chats and written appeals
in the routing engine (the contract with telephony); `desk` — what the operator does
on the desk (register or attach an appeal, call-back tasks); `written` — written
appeals of the remote centres as work items of the engine."""

from gridcare.contact_centre.services.chat import (
    TOPIC_CATEGORY,
    CallbackInput,
    HandoffInput,
    callback_request_complete,
    callback_request_create,
    chat_accept,
    chat_close,
    chat_handoff,
    chat_message_post,
    chat_payload,
    chat_to_appeal,
    chats_dispatch,
    live_chat_get_for_person,
    message_payload,
    specialist_presence_change,
    transcript_text,
)
from gridcare.contact_centre.services.desk import (
    callback_request_take,
    interaction_appeal_attach,
    interaction_appeal_register,
)
from gridcare.contact_centre.services.interactions import (
    interaction_abandoned,
    interaction_answered,
    interaction_close,
    interaction_ended,
    interaction_enqueue,
    interaction_for_external_id,
    interaction_take_next,
    interaction_transferred,
    interaction_wrap_up,
    interactions_dispatch,
    interactions_route_waiting,
    route_next,
)
from gridcare.contact_centre.services.operators import (
    operator_profile_get_or_create,
    operator_status_set,
)

__all__ = [
    "TOPIC_CATEGORY",
    "CallbackInput",
    "HandoffInput",
    "callback_request_complete",
    "callback_request_create",
    "callback_request_take",
    "chat_accept",
    "chat_close",
    "chat_handoff",
    "chat_message_post",
    "chat_payload",
    "chat_to_appeal",
    "chats_dispatch",
    "interaction_abandoned",
    "interaction_answered",
    "interaction_appeal_attach",
    "interaction_appeal_register",
    "interaction_close",
    "interaction_ended",
    "interaction_enqueue",
    "interaction_for_external_id",
    "interaction_take_next",
    "interaction_transferred",
    "interaction_wrap_up",
    "interactions_dispatch",
    "interactions_route_waiting",
    "live_chat_get_for_person",
    "message_payload",
    "operator_profile_get_or_create",
    "operator_status_set",
    "route_next",
    "specialist_presence_change",
    "transcript_text",
]
