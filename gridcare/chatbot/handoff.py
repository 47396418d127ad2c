"""Handing a conversation to a specialist (contact_centre) and asking for a call-back;
the listener that mirrors the live part of the chat back into the conversation.

When a conversation carries a request it is counted once in the registry as an
appeal of the chat-bot channel: an appeal filed by Алсу is the conversation's appeal;
otherwise the call-back request registers one at once, and a live chat registers one
when it ends (or when the specialist registers it earlier). The conversation's appeal
is passed along, so a second hand-off or a call-back never counts it again."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.chatbot.messages import Say, message_add, transcript
from gridcare.chatbot.models import BotMessage, Conversation, ConversationEvent
from gridcare.contact_centre.hooks import live_chat_listener_add
from gridcare.contact_centre.models import ChatMessage, ChatTopic, LiveChat
from gridcare.contact_centre.selectors import queue_position
from gridcare.contact_centre.services import (
    CallbackInput,
    HandoffInput,
    callback_request_create,
    chat_handoff,
    chat_message_post,
)
from gridcare.core.errors import ConflictError

# Topics of the knowledge base → queues of the contact centre.
KB_TOPIC_QUEUE = {
    "tp": ChatTopic.CONNECTION,
    "service": ChatTopic.SERVICES,
    "reliability": ChatTopic.RELIABILITY,
    "metering": ChatTopic.METERING,
    "general": ChatTopic.GENERAL,
}


def queue_of(topic: str | None) -> str:
    """The contact-centre queue of a knowledge-base (or queue) topic."""
    if topic in ChatTopic.values:
        return str(topic)
    return KB_TOPIC_QUEUE.get(topic or "", ChatTopic.GENERAL)


def state_move(
    conversation: Conversation, *, to: str, action: str, **details: Any
) -> None:
    """Change the conversation's state with a history row."""
    old = conversation.state
    conversation.state = to
    fields = ["state"]
    if to == Conversation.State.CLOSED:
        conversation.ended_at = timezone.now()
        fields.append("ended_at")
    conversation.save(update_fields=fields)
    ConversationEvent.objects.create(
        conversation=conversation,
        at=timezone.now(),
        action=action,
        from_state=old,
        to_state=to,
        details=details,
    )


def _position_text(chat: LiveChat) -> str:
    position = queue_position(chat)
    if chat.status == LiveChat.Status.ACTIVE:
        return _("Специалист %(name)s подключился к чату.") % {"name": chat.specialist}
    return _(
        "Все специалисты сейчас заняты. Вы в очереди: %(position)s-й. Можно подождать "
        "здесь или оставить заявку на обратный звонок — перезвоним в течение 4 часов."
    ) % {"position": position}


def conversation_handoff(
    *,
    conversation: Conversation,
    topic: str | None,
    question: str,
    name: str = "",
    phone: str = "",
) -> LiveChat:
    """Hand the conversation to a specialist of the topic (Алсу could not help, or the
    person asked for one)."""
    if conversation.state == Conversation.State.CLOSED:
        raise ConflictError(_("Разговор завершён."), code="conversation_closed")
    with transaction.atomic():
        chat = chat_handoff(
            data=HandoffInput(
                topic=queue_of(topic),
                question=question,
                conversation_token=conversation.token,
                user=conversation.user,
                contact_name=name,
                contact_phone=phone,
                transcript=transcript(conversation),
                appeal=conversation.appeal,
            )
        )
        conversation.live_chat = chat
        conversation.topic = chat.topic
        conversation.step, conversation.step_data = "", {}
        conversation.save(update_fields=["live_chat", "topic", "step", "step_data"])
        if conversation.state != Conversation.State.LIVE:
            state_move(
                conversation,
                to=Conversation.State.LIVE,
                action="handed_off",
                chat_id=chat.pk,
            )
        if chat.status == LiveChat.Status.WAITING:
            message_add(
                conversation=conversation,
                author=BotMessage.Author.SYSTEM,
                say=Say(
                    _position_text(chat),
                    kind="queue",
                    options=[
                        {"label": _("Перезвоните мне"), "value": _("Перезвоните мне")}
                    ],
                ),
            )
    return chat


def conversation_callback(
    *,
    conversation: Conversation,
    name: str,
    phone: str,
    preferred_time: str = "",
    question: str = "",
) -> Any:
    """Ask for a call-back instead of waiting (or instead of an answer now)."""
    if conversation.state == Conversation.State.CLOSED:
        raise ConflictError(_("Разговор завершён."), code="conversation_closed")
    chat = conversation.live_chat
    with transaction.atomic():
        request = callback_request_create(
            data=CallbackInput(
                topic=queue_of(conversation.topic),
                name=name,
                phone=phone,
                preferred_time=preferred_time,
                question=question or (chat.question if chat else ""),
                user=conversation.user,
                conversation_token=conversation.token,
                transcript=transcript(conversation),
                appeal=conversation.appeal,
            ),
            live_chat=chat if chat and chat.status == LiveChat.Status.WAITING else None,
        )
        conversation.refresh_from_db(fields=["state"])
        conversation.appeal = request.appeal
        conversation.step, conversation.step_data = "", {}
        conversation.save(update_fields=["appeal", "step", "step_data"])
        if conversation.state == Conversation.State.LIVE and (
            chat is None
            or chat.status == LiveChat.Status.WAITING
            or request.live_chat_id
        ):
            state_move(conversation, to=Conversation.State.BOT, action="callback")
        due = timezone.localtime(request.due_at).strftime("%d.%m.%Y %H:%M")
        message_add(
            conversation=conversation,
            author=BotMessage.Author.BOT,
            say=Say(
                _(
                    "Заявка на обратный звонок принята (обращение № %(number)s). "
                    "Специалист перезвонит на номер %(phone)s до %(due)s (мск)."
                )
                % {"number": request.appeal.number, "phone": request.phone, "due": due},
                kind="callback",
            ),
        )
    return request


class LiveChatMirror:
    """Keeps the conversation in step with its live chat (registered in apps.py)."""

    def _conversation(self, chat: LiveChat) -> Conversation | None:
        if not chat.conversation_token:
            return None
        return Conversation.objects.filter(token=chat.conversation_token).first()

    def message_posted(self, chat: LiveChat, message: ChatMessage) -> None:
        if message.author == ChatMessage.Author.PERSON:
            return  # the conversation saved it before posting
        conversation = self._conversation(chat)
        if conversation is None:
            return
        author = (
            BotMessage.Author.SPECIALIST
            if message.author == ChatMessage.Author.SPECIALIST
            else BotMessage.Author.SYSTEM
        )
        message_add(
            conversation=conversation, author=author, say=Say(message.text, kind="live")
        )

    def chat_changed(self, chat: LiveChat, action: str) -> None:
        conversation = self._conversation(chat)
        if conversation is None:
            return
        if chat.appeal_id and conversation.appeal_id != chat.appeal_id:
            conversation.appeal_id = chat.appeal_id
            conversation.save(update_fields=["appeal"])
        if action == "accepted":
            message_add(
                conversation=conversation,
                author=BotMessage.Author.SYSTEM,
                say=Say(_position_text(chat), kind="live"),
            )
        elif action == "closed" and conversation.state == Conversation.State.LIVE:
            state_move(
                conversation,
                to=Conversation.State.BOT,
                action="chat_closed",
                chat_id=chat.pk,
            )
            if chat.callback_requests.exists():
                return  # the call-back confirmation says what happens next
            message_add(
                conversation=conversation,
                author=BotMessage.Author.SYSTEM,
                say=Say(
                    _(
                        "Чат со специалистом завершён. Если остались вопросы, напишите — я помогу."
                    ),
                    kind="live",
                ),
            )


MIRROR = LiveChatMirror()


def register_listener() -> None:
    live_chat_listener_add(MIRROR)


def person_message_to_chat(*, conversation: Conversation, text: str) -> None:
    """Deliver the person's message to the specialist of the open live chat."""
    chat = conversation.live_chat
    if chat is None:
        return
    chat_message_post(
        chat=chat, author=ChatMessage.Author.PERSON, text=text, user=conversation.user
    )
