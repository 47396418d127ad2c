"""Websocket pushes of the contact centre. Services call `push_on_commit`, so nobody
hears of a change that was rolled back; handlers in sockets.py join the groups."""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def conversation_group(token: str) -> str:
    """The person's side of a conversation (bot replies, specialist messages, queue)."""
    return f"chat.conversation.{token}"


def topic_group(topic: str) -> str:
    """Every online specialist who takes chats of `topic`."""
    return f"chat.topic.{topic}"


def specialist_group(user_id: int) -> str:
    """One specialist's consoles (every tab, every server process)."""
    return f"chat.specialist.{user_id}"


def push_now(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


def push_on_commit(group: str, event: dict[str, Any]) -> None:
    """Send `event` ({"type": "chat.event", "payload": {...}}) after commit."""
    transaction.on_commit(lambda: push_now(group, event))


def payload_event(payload: dict[str, Any]) -> dict[str, Any]:
    """Wrap a JSON payload for the socket handlers' `chat_event` method."""
    return {"type": "chat.event", "payload": payload}


# ---- the operator desk and the wallboard ---------------------------------------------

WALLBOARD_GROUP = "desk.wallboard"


def desk_group(user_id: int) -> str:
    """One operator's desks (every tab, every server process)."""
    return f"desk.operator.{user_id}"
