"""Reads of conversations; `conversation_get_for_user` is the one permission-checked
lookup every view, endpoint and socket uses."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from gridcare.chatbot.models import (
    BotMessage,
    Conversation,
    ConversationEvent,
    MessageAuthor,
)
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


# ---- period figures for the reports (reports.providers.CHAT_STATS) ------------------

MOSCOW = ZoneInfo("Europe/Moscow")
# ConversationEvent.action of a hand-off to a specialist (handoff.conversation_handoff).
HANDED_OFF = "handed_off"


@dataclass(frozen=True)
class ChatHandoffStats:
    """Chat-bot conversations of a period: answered by Алсу alone or handed off."""

    conversations: int
    answered_by_bot: int
    handed_off: int


def chat_handoff_stats(*, date_from: date, date_to: date) -> ChatHandoffStats | None:
    """Conversations started on `date_from`…`date_to` (Moscow dates, inclusive):
    handed off — handed to a specialist at least once; answered by the bot — never
    handed off and the person wrote at least one message (an opened, empty widget is
    neither). None when no conversation was recorded in the period. One query."""
    start = datetime.combine(date_from, time(0, 0), tzinfo=MOSCOW)
    end = datetime.combine(date_to + timedelta(days=1), time(0, 0), tzinfo=MOSCOW)
    handed = Exists(
        ConversationEvent.objects.filter(conversation=OuterRef("pk"), action=HANDED_OFF)
    )
    asked = Exists(
        BotMessage.objects.filter(
            conversation=OuterRef("pk"), author=MessageAuthor.USER
        )
    )
    row = Conversation.objects.filter(
        started_at__gte=start, started_at__lt=end
    ).aggregate(
        n=Count("id"),
        handed_off=Count("id", filter=Q(handed)),
        answered_by_bot=Count("id", filter=Q(asked) & ~Q(handed)),
    )
    if not row["n"]:
        return None
    return ChatHandoffStats(
        conversations=row["n"],
        answered_by_bot=row["answered_by_bot"],
        handed_off=row["handed_off"],
    )
