"""Saving a message of a conversation and delivering it to the person's open chat
windows (websocket group of the conversation, after commit)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from gridcare.chatbot.models import BotMessage, Conversation
from gridcare.contact_centre.notices import (
    conversation_group,
    payload_event,
    push_on_commit,
)


@dataclass(frozen=True)
class Say:
    """One reply of Алсу before it is saved."""

    text: str
    kind: str = ""
    options: Sequence[dict[str, str]] = field(default=())
    article_id: str = ""
    confidence: float | None = None


def message_payload(message: BotMessage) -> dict[str, Any]:
    """A message as the widget, the API and the sockets see it."""
    return {
        "id": message.pk,
        "author": message.author,
        "text": message.text,
        "kind": message.kind,
        "options": list(message.options or []),
        "created": timezone.localtime(message.created_at).isoformat(timespec="seconds"),
    }


def message_add(
    *, conversation: Conversation, author: str, say: Say | str
) -> BotMessage:
    """Save a message of the conversation and push it to the person's windows."""
    if isinstance(say, str):
        say = Say(say)
    now = timezone.now()
    message = BotMessage.objects.create(
        conversation=conversation,
        author=author,
        text=say.text,
        kind=say.kind,
        options=[dict(o) for o in say.options],
        article_id=say.article_id or "",
        confidence=say.confidence,
        created_at=now,
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    push_on_commit(
        conversation_group(conversation.token),
        payload_event({"type": "message", "message": message_payload(message)}),
    )
    return message


def transcript(conversation: Conversation) -> list[dict[str, str]]:
    """The conversation so far for a specialist or an appeal: author, text, time."""
    names = dict(BotMessage.Author.choices)
    return [
        {
            "author": str(names.get(m.author, m.author)),
            "text": m.text,
            "at": timezone.localtime(m.created_at).strftime("%d.%m.%Y %H:%M"),
        }
        for m in conversation.messages.order_by("created_at", "pk")
    ]
