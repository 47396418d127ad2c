"""Reads of conversations; `conversation_get_for_user` is the one permission-checked
lookup every view, endpoint and socket uses."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gridcare.chatbot.models import BotMessage, Conversation
from gridcare.core.errors import NotFoundError


def conversation_get_for_user(*, user: object | None, token: str) -> Conversation:
    """Return the conversation of `token` if the caller may open it: a logged-in
    person's only by that person, an anonymous one by whoever holds its token (the
    visitor's key). NotFoundError otherwise, never telling which."""
    conversation = (
        Conversation.objects.select_related("live_chat", "appeal", "user")
        .filter(token=str(token or "")[:64])
        .first()
    )
    if conversation is None:
        raise NotFoundError(_("Разговор не найден."))
    if conversation.user_id is not None:
        same = (
            getattr(user, "is_authenticated", False)
            and getattr(user, "pk", None) == conversation.user_id
        )
        if not same:
            raise NotFoundError(_("Разговор не найден."))
    return conversation


def conversation_messages(
    conversation: Conversation, *, after_id: int = 0
) -> QuerySet[BotMessage]:
    """Return the messages after `after_id`, oldest first."""
    return conversation.messages.filter(pk__gt=after_id).order_by("created_at", "pk")
