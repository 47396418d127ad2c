"""Conversations with Алсу: start, the person's message (to Алсу, or to the specialist
once handed off), hand-off, call-back and the end. Every conversation is saved."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.chatbot.dialog import conversation_reply
from gridcare.chatbot.handoff import (
    conversation_callback,
    conversation_handoff,
    person_message_to_chat,
    state_move,
)
from gridcare.chatbot.messages import Say, message_add
from gridcare.chatbot.models import BotMessage, Conversation
from gridcare.contact_centre.models import LiveChat
from gridcare.contact_centre.services import chat_close
from gridcare.core.errors import ApplicationError, ConflictError

__all__ = [
    "conversation_callback",
    "conversation_close",
    "conversation_handoff",
    "conversation_post",
    "conversation_start",
]

TEXT_MAX = 2000


def greeting() -> Say:
    return Say(
        _(
            "Здравствуйте! Я Алсу, виртуальный помощник сетевой компании. Спросите о "
            "техприсоединении, счётчиках, отключениях — или выберите действие."
        ),
        kind="smalltalk",
        options=[
            {"label": _("Нет света"), "value": _("Нет света")},
            {"label": _("Передать показания"), "value": _("Передать показания")},
            {"label": _("Статус обращения"), "value": _("Статус обращения")},
            {"label": _("Подать обращение"), "value": _("Подать обращение")},
        ],
    )


def conversation_start(*, user: object | None, channel: str) -> Conversation:
    """Open a conversation (a logged-in person's, or an anonymous visitor's) with
    Алсу's greeting."""
    if channel not in Conversation.Channel.values:
        raise ApplicationError(_("Неизвестный канал."), code="invalid_channel")
    now = timezone.now()
    known = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        conversation = Conversation.objects.create(
            user=known, channel=channel, started_at=now, last_message_at=now
        )
        message_add(
            conversation=conversation, author=BotMessage.Author.BOT, say=greeting()
        )
    return conversation


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите сообщение."), code="text_required")
    if len(text) > TEXT_MAX:
        raise ApplicationError(
            _("Сообщение длиннее %(max)s символов.") % {"max": TEXT_MAX},
            code="text_too_long",
        )
    return text


def conversation_post(*, conversation: Conversation, text: str) -> list[BotMessage]:
    """Save the person's message and answer it; return the new messages (theirs
    first). Once handed off, the message goes to the specialist instead."""
    text = _clean(text)
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if conversation.state == Conversation.State.CLOSED:
            raise ConflictError(
                _("Разговор завершён: начните новый."), code="conversation_closed"
            )
        own = message_add(
            conversation=conversation, author=BotMessage.Author.USER, say=Say(text)
        )
        chat = conversation.live_chat
        if conversation.state == Conversation.State.LIVE and chat is not None:
            person_message_to_chat(conversation=conversation, text=text)
        else:
            conversation_reply(conversation, text)
    return list(
        conversation.messages.filter(pk__gte=own.pk).order_by("created_at", "pk")
    )


def conversation_close(*, conversation: Conversation) -> Conversation:
    """The person ends the conversation (and its live chat, if any)."""
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if conversation.state == Conversation.State.CLOSED:
            return conversation
        chat = conversation.live_chat
        if chat is not None and chat.status != LiveChat.Status.CLOSED:
            chat_close(chat=chat, actor=conversation.user, by_person=True)
            conversation.refresh_from_db()
        state_move(conversation, to=Conversation.State.CLOSED, action="closed")
        message_add(
            conversation=conversation,
            author=BotMessage.Author.SYSTEM,
            say=Say(_("Разговор завершён. Спасибо, что обратились!"), kind="closed"),
        )
    return conversation
