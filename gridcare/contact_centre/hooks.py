"""Listeners of live-chat changes, registered by apps above this one.

The chat-bot keeps the person's whole conversation (bot and specialist parts) and must
hear of a specialist's message or of a chat being taken or closed, but this app may not
import it (docs/architecture.md). So the chat-bot registers a listener once in its
AppConfig.ready(); services call the listeners inside their transaction, so the
mirrored record commits or rolls back with the change."""

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from gridcare.contact_centre.models import ChatMessage, LiveChat


class LiveChatListener(Protocol):
    def message_posted(self, chat: "LiveChat", message: "ChatMessage") -> None: ...

    def chat_changed(self, chat: "LiveChat", action: str) -> None: ...


_listeners: list[LiveChatListener] = []


def live_chat_listener_add(listener: LiveChatListener) -> None:
    """Register a listener (idempotent: the same object is added once)."""
    if listener not in _listeners:
        _listeners.append(listener)


def message_posted(chat: "LiveChat", message: "ChatMessage") -> None:
    for listener in _listeners:
        listener.message_posted(chat, message)


def chat_changed(chat: "LiveChat", action: str) -> None:
    for listener in _listeners:
        listener.chat_changed(chat, action)
