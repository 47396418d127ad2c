"""Writes of the live chat: hand-off into a topic queue, assignment, messages, closing,
registering the chat as an appeal, call-back requests and specialists' presence.

Every status move locks the chat, checks `workflow.TRANSITIONS`, writes a
`LiveChatEvent` and pushes to the sockets after commit (notices.push_on_commit)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import formats, timezone

from gridcare.accounts.models import Role, User
from gridcare.accounts.roles import Right, has_right
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Regime
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import (
    AppealInput,
    appeal_answer,
    appeal_close,
    appeal_receive,
)
from gridcare.contact_centre import hooks
from gridcare.contact_centre.models import (
    CallbackRequest,
    CallbackRequestEvent,
    ChatMessage,
    ChatTopic,
    Interaction,
    InteractionKind,
    LiveChat,
    LiveChatEvent,
    LiveChatStatus,
    OperatorProfile,
    OperatorStatus,
    SpecialistPresence,
)
from gridcare.contact_centre.notices import (
    conversation_group,
    payload_event,
    push_on_commit,
    specialist_group,
    topic_group,
)
from gridcare.contact_centre.routing import segment_for
from gridcare.contact_centre.selectors import (
    CONSOLE_RIGHT,
    active_chat_count,
    chat_capacity_for,
    chat_setting_get,
    chat_topics_for,
    waiting_chats,
)
from gridcare.contact_centre.services.interactions import (
    interaction_answered,
    interaction_close,
    interaction_enqueue,
    interaction_for_external_id,
    interactions_dispatch,
)
from gridcare.contact_centre.services.operators import (
    operator_status_set,
)
from gridcare.contact_centre.workflow import CALLBACK_HOURS
from gridcare.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from gridcare.core.text import normalize_phone

TEXT_MAX = 4000

# The registry category of an appeal that comes from a chat of a topic.
TOPIC_CATEGORY = {
    ChatTopic.CONNECTION: Category.CONNECTION,
    ChatTopic.SERVICES: Category.OTHER,
    ChatTopic.RELIABILITY: Category.TRANSMISSION,
    ChatTopic.METERING: Category.METERING,
    ChatTopic.GENERAL: Category.OTHER,
}


# ---- payloads pushed to sockets and returned by the API ---------------------------


def _local(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def chat_payload(chat: LiveChat) -> dict[str, Any]:
    """The console's view of a chat (sockets, JSON)."""
    return {
        "id": chat.pk,
        "topic": chat.topic,
        "topic_label": str(ChatTopic(chat.topic).label),
        "status": chat.status,
        "name": chat.contact_name or (str(chat.user) if chat.user_id else ""),
        "question": chat.question,
        "created": _local(chat.created_at),
        "specialist_id": chat.specialist_id,
        "appeal_number": chat.appeal.number if chat.appeal_id else None,
    }


def message_payload(message: ChatMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": message.author,
        "text": message.text,
        "created": _local(message.created_at),
    }


def _staff_event(chat: LiveChat, kind: str, **extra: Any) -> dict[str, Any]:
    return payload_event({"type": kind, "chat": chat_payload(chat), **extra})


def _push_positions(topic: str) -> None:
    """Tell every person waiting in the queue their place (after commit)."""
    for position, chat in enumerate(waiting_chats(topic), start=1):
        if chat.conversation_token:
            push_on_commit(
                conversation_group(chat.conversation_token),
                payload_event({"type": "queue", "position": position}),
            )


# ---- history -----------------------------------------------------------------------


def _event(
    chat: LiveChat,
    *,
    actor: object | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    **details: Any,
) -> None:
    LiveChatEvent.objects.create(
        chat=chat,
        at=timezone.now(),
        actor=actor if isinstance(actor, User) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        details=details,
    )


def _lock(chat: LiveChat) -> LiveChat:
    return (
        LiveChat.objects.select_for_update(of=("self",))
        .select_related("appeal")
        .get(pk=chat.pk)
    )


def _move(chat: LiveChat, *, to: str, actor: object | None, action: str) -> None:
    if not chat.can_move_to(to):
        raise ConflictError(
            "Чат уже завершён."
            if chat.status == LiveChatStatus.CLOSED
            else "Чат уже принят другим специалистом.",
            code="invalid_transition",
        )
    old = chat.status
    chat.status = to
    _event(chat, actor=actor, action=action, from_status=old, to_status=to)


# ---- hand-off and assignment -------------------------------------------------------


@dataclass
class HandoffInput:
    """What the chat-bot knows when it hands a conversation over."""

    topic: str
    question: str
    conversation_token: str = ""
    user: User | None = None
    visitor_token: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    transcript: list[dict[str, str]] = field(default_factory=list)
    appeal: Appeal | None = None  # already in the registry (filed by the bot)


def chat_handoff(*, data: HandoffInput) -> LiveChat:
    """Put a conversation into the queue of its topic and offer it to a specialist.

    An anonymous visitor gives a name and a phone first, so the request can be
    registered and answered. The chat becomes an interaction of kind chat in the
    routing engine (routing.py): it goes at once to the working operator whose skills
    cover its queue, segment and language, with free chat capacity, who got one
    least recently; else it waits (priority, then the oldest, first)."""
    if data.topic not in ChatTopic.values:
        data.topic = ChatTopic.GENERAL
    user = data.user if getattr(data.user, "is_authenticated", False) else None
    name = (data.contact_name or "").strip()[:200]
    phone = normalize_phone(data.contact_phone) if data.contact_phone else ""
    if data.contact_phone and not phone:
        raise ApplicationError(
            "Телефон указан неверно: нужен российский номер из 10 цифр после +7.",
            code="phone_invalid",
        )
    if user is None and not (name and phone):
        raise ApplicationError(
            "Чтобы специалист мог ответить, укажите имя и телефон.",
            code="contact_required",
        )
    now = timezone.now()
    with transaction.atomic():
        if data.conversation_token:
            open_chat = LiveChat.objects.filter(
                conversation_token=data.conversation_token,
                status__in=[LiveChatStatus.WAITING, LiveChatStatus.ACTIVE],
            ).first()
            if open_chat is not None:
                return open_chat
        chat = LiveChat.objects.create(
            topic=data.topic,
            user=user,
            visitor_token=data.visitor_token[:64],
            contact_name=name or (user.full_name if user else ""),
            contact_phone=phone or ((user.phone or "") if user else ""),
            conversation_token=data.conversation_token[:64],
            transcript=data.transcript,
            question=(data.question or "").strip()[:TEXT_MAX],
            appeal=data.appeal,
            created_at=now,
        )
        _event(chat, actor=user, action="handed_off", to_status=chat.status)
        interaction_enqueue(
            kind=InteractionKind.CHAT,
            external_id=_external_id(chat),
            caller=chat.contact_phone,
            topic=chat.topic,
            segment=segment_for(getattr(user, "consumer", None) if user else None),
            queued_at=now,
        )
        chat.refresh_from_db(fields=["status", "specialist", "accepted_at"])
        if chat.status == LiveChatStatus.WAITING:
            push_on_commit(topic_group(chat.topic), _staff_event(chat, "chat_waiting"))
            _push_positions(chat.topic)
    return chat


# ---- the chat in the routing engine ------------------------------------------------

CHAT_PREFIX = "livechat-"


def _external_id(chat: LiveChat) -> str:
    return f"{CHAT_PREFIX}{chat.pk}"


def chat_interaction(chat: LiveChat) -> Interaction:
    """Return the engine's interaction of a chat (kind chat), creating it for a chat
    that has none (handed off before the engine routed chats)."""
    found = interaction_for_external_id(InteractionKind.CHAT, _external_id(chat))
    if found is not None:
        return found
    return Interaction.objects.create(
        kind=InteractionKind.CHAT,
        external_id=_external_id(chat),
        caller=chat.contact_phone,
        topic=chat.topic,
        queued_at=chat.created_at,
    )


def chat_routed(interaction: Interaction, operator: User) -> None:
    """The engine gave a chat's interaction to `operator` (services.interactions):
    assign the waiting live chat to them (inside the engine's transaction)."""
    number = interaction.external_id.removeprefix(CHAT_PREFIX)
    if not interaction.external_id.startswith(CHAT_PREFIX) or not number.isdigit():
        return
    chat = (
        LiveChat.objects.select_for_update(of=("self",)).filter(pk=int(number)).first()
    )
    if chat is None or chat.status != LiveChatStatus.WAITING:
        return
    _assign(chat, operator, actor=None, action="assigned")


def _chat_finished(chat: LiveChat) -> None:
    """Close the chat's interaction: a waiting one is abandoned, a held one closed."""
    found = interaction_for_external_id(InteractionKind.CHAT, _external_id(chat))
    if found is not None:
        interaction_close(interaction=found)


def _assign(
    chat: LiveChat, specialist: User, *, actor: object | None, action: str
) -> None:
    now = timezone.now()
    _move(chat, to=LiveChatStatus.ACTIVE, actor=actor or specialist, action=action)
    chat.specialist = specialist
    chat.accepted_at = now
    chat.save(update_fields=["status", "specialist", "accepted_at"])
    SpecialistPresence.objects.filter(user=specialist).update(last_assigned_at=now)
    hooks.chat_changed(chat, "accepted")
    push_on_commit(specialist_group(specialist.pk), _staff_event(chat, "chat_assigned"))
    push_on_commit(topic_group(chat.topic), _staff_event(chat, "chat_taken"))
    if chat.conversation_token:
        push_on_commit(
            conversation_group(chat.conversation_token),
            payload_event(
                {"type": "state", "state": "live", "specialist": str(specialist)}
            ),
        )
    _push_positions(chat.topic)


def chat_accept(*, actor: User, chat: LiveChat) -> LiveChat:
    """Take a waiting chat of one's queues (waiting → active), within capacity."""
    if chat.topic not in chat_topics_for(actor):
        raise PermissionDeniedError("Этот чат не из ваших очередей.")
    with transaction.atomic():
        chat = _lock(chat)
        if active_chat_count(actor) >= chat_capacity_for(actor):
            raise ConflictError(
                "У вас уже максимум чатов одновременно: завершите один из них.",
                code="capacity_reached",
            )
        _assign(chat, actor, actor=actor, action="accepted")
        interaction_answered(interaction=chat_interaction(chat), operator=actor)
    return chat


def chats_dispatch(*, specialist: User) -> list[LiveChat]:
    """Give a specialist who came online or freed a place the waiting chats the
    routing engine picks for them (priority, then the longest waiting, within their
    skills and overflow), while their chat capacity allows."""
    profile = _console_profile(specialist)
    given = interactions_dispatch(
        profile=profile, kind=InteractionKind.CHAT, at=timezone.now()
    )
    ids = [
        int(i.external_id.removeprefix(CHAT_PREFIX))
        for i in given
        if i.external_id.startswith(CHAT_PREFIX)
        and i.external_id.removeprefix(CHAT_PREFIX).isdigit()
    ]
    return list(LiveChat.objects.filter(pk__in=ids).order_by("accepted_at", "pk"))


def _console_profile(user: User) -> OperatorProfile:
    """The operator profile of someone opening the chat console. A new one (a
    back-office specialist) takes the queues of their competences, the common chat
    capacity, and no calls unless they are a contact-centre operator."""
    profile = OperatorProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    profile, _created = OperatorProfile.objects.get_or_create(
        user=user,
        defaults={
            "topics": chat_topics_for(user),
            "chat_capacity": chat_setting_get().max_chats_per_specialist,
            "call_capacity": 1 if user.role == Role.OPERATOR else 0,
        },
    )
    return profile


def specialist_presence_change(*, user: User, online: bool) -> None:
    """Count an opened (or closed) chat console.

    Opening it makes an offline operator ready (working: the engine gives chats only
    to working operators) and takes waiting chats; closing the last one takes a
    chat-only specialist (no call capacity) offline, so no new chats go to them."""
    if not has_right(user, CONSOLE_RIGHT):
        return
    with transaction.atomic():
        presence, _ = SpecialistPresence.objects.select_for_update().get_or_create(
            user=user
        )
        presence.connections = max(0, presence.connections + (1 if online else -1))
        presence.save(update_fields=["connections"])
    profile = _console_profile(user)
    if online:
        if profile.status == OperatorStatus.OFFLINE:
            operator_status_set(user, OperatorStatus.READY)
        else:
            chats_dispatch(specialist=user)
    elif (
        presence.connections == 0
        and profile.call_capacity == 0
        and profile.status != OperatorStatus.OFFLINE
    ):
        operator_status_set(user, OperatorStatus.OFFLINE)


# ---- messages ----------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Напишите сообщение.", code="text_required")
    if len(text) > TEXT_MAX:
        raise ApplicationError(
            f"Сообщение длиннее {TEXT_MAX} символов.", code="text_too_long"
        )
    return text


def chat_message_post(
    *, chat: LiveChat, author: str, text: str, user: object | None = None
) -> ChatMessage:
    """Add a message to an open chat and deliver it to the other side.

    A specialist writes only in a chat assigned to them; the person's own messages are
    posted by the chat-bot, which has already checked whose conversation it is."""
    text = _clean_text(text)
    chat.refresh_from_db(fields=["status", "specialist"])
    if author == ChatMessage.Author.SPECIALIST and (
        user is None or chat.specialist_id != getattr(user, "pk", None)
    ):
        raise PermissionDeniedError("Это не ваш чат.")
    if chat.status == LiveChatStatus.CLOSED:
        raise ConflictError("Чат уже завершён.", code="chat_closed")
    with transaction.atomic():
        message = ChatMessage.objects.create(
            chat=chat,
            author=author,
            user=user if isinstance(user, User) else None,
            text=text,
            created_at=timezone.now(),
        )
        hooks.message_posted(chat, message)
        event = payload_event(
            {
                "type": "chat_message",
                "chat_id": chat.pk,
                "message": message_payload(message),
            }
        )
        if chat.specialist_id:
            push_on_commit(specialist_group(chat.specialist_id), event)
    return message


def _post_system(chat: LiveChat, text: str) -> None:
    message = ChatMessage.objects.create(
        chat=chat,
        author=ChatMessage.Author.SYSTEM,
        text=text,
        created_at=timezone.now(),
    )
    hooks.message_posted(chat, message)


# ---- closing and the registry --------------------------------------------------------


def transcript_text(chat: LiveChat) -> str:
    """The whole conversation as plain text for the appeal: bot part, then live part."""
    lines = []
    for entry in chat.transcript:
        lines.append(
            f"[{entry.get('at', '')}] {entry.get('author', '')}: {entry.get('text', '')}"
        )
    names = {
        ChatMessage.Author.PERSON: "Потребитель",
        ChatMessage.Author.SPECIALIST: "Специалист",
        ChatMessage.Author.SYSTEM: "Система",
    }
    for message in chat.messages.order_by("created_at", "pk"):
        at = formats.date_format(timezone.localtime(message.created_at), "d.m.Y H:i")
        lines.append(
            f"[{at}] {names.get(message.author, message.author)}: {message.text}"
        )
    return "\n".join(lines) or chat.question or "Разговор в чате."


def _contact(user: User | None, name: str, phone: str) -> tuple[Any, dict[str, Any]]:
    """The consumer card and the contact fields of an appeal from a chat."""
    consumer = getattr(user, "consumer", None) if user is not None else None
    if consumer is not None:
        return consumer, {
            "contact_name": consumer.name,
            "contact_phone": consumer.phone or phone,
            "contact_email": consumer.email,
            "answer_channel": AnswerChannel.PERSONAL_ACCOUNT,
        }
    email = (user.email or "") if user is not None else ""
    return None, {
        "contact_name": name or (str(user) if user else ""),
        "contact_phone": phone,
        "contact_email": email,
        "answer_channel": AnswerChannel.PHONE if phone else AnswerChannel.EMAIL,
    }


def _register_chat(
    chat: LiveChat, *, actor: object | None, text: str, regime: str = ""
) -> Appeal:
    consumer, contact = _contact(chat.user, chat.contact_name, chat.contact_phone)
    registrar = actor if has_right(actor, Right.APPEAL_REGISTER) else None
    return appeal_receive(
        actor=registrar,
        data=AppealInput(
            channel=Channel.CHATBOT,
            category=TOPIC_CATEGORY[ChatTopic(chat.topic)],
            topic=chat.topic,
            text=text,
            subject=(chat.question or "Обращение в чате")[:300],
            consumer=consumer,
            regime=regime,
            **contact,
        ),
    )


def chat_to_appeal(*, actor: User, chat: LiveChat, text: str = "") -> Appeal:
    """Register the chat as an appeal now (it needs work beyond the chat); the appeal
    holds the transcript and stays open for the back office. Once per chat."""
    if not has_right(actor, Right.APPEAL_REGISTER):
        raise PermissionDeniedError()
    with transaction.atomic():
        chat = _lock(chat)
        if chat.specialist_id != actor.pk:
            raise PermissionDeniedError("Это не ваш чат.")
        if chat.appeal_id:
            raise ConflictError(
                f"Чат уже зарегистрирован как обращение № {chat.appeal.number}.",
                code="already_registered",
            )
        body = transcript_text(chat)
        if text.strip():
            body = f"{text.strip()}\n\n{body}"
        chat.appeal = _register_chat(chat, actor=actor, text=body)
        chat.save(update_fields=["appeal"])
        _event(chat, actor=actor, action="registered", number=chat.appeal.number)
        _post_system(
            chat, f"Ваше обращение зарегистрировано, номер {chat.appeal.number}."
        )
        hooks.chat_changed(chat, "registered")
    return chat.appeal


def chat_close(
    *, chat: LiveChat, actor: object | None, by_person: bool = False
) -> LiveChat:
    """End a chat (waiting or active → closed).

    The chat carried a request, so it is counted in the registry: unless it is already
    there (filed by the bot, registered by the specialist, or a call-back), an appeal of
    the chat-bot channel is registered now with the whole transcript; if a specialist
    answered in the chat, the appeal is answered and closed at once, otherwise it stays
    open for the back office."""
    with transaction.atomic():
        chat = _lock(chat)
        if not by_person and (
            actor is None or chat.specialist_id != getattr(actor, "pk", None)
        ):
            raise PermissionDeniedError("Это не ваш чат.")
        _move(chat, to=LiveChatStatus.CLOSED, actor=actor, action="closed")
        chat.closed_at = timezone.now()
        chat.save(update_fields=["status", "closed_at"])
        specialist = chat.specialist
        answered = chat.messages.filter(author=ChatMessage.Author.SPECIALIST).exists()
        if not chat.appeal_id and not chat.callback_requests.exists():
            chat.appeal = _register_chat(chat, actor=None, text=transcript_text(chat))
            chat.save(update_fields=["appeal"])
            if (
                answered
                and specialist is not None
                and has_right(specialist, Right.APPEAL_WORK)
            ):
                appeal_answer(
                    actor=specialist,
                    appeal=chat.appeal,
                    text="Ответ дан специалистом в чате:\n" + _specialist_lines(chat),
                )
                appeal_close(actor=specialist, appeal=chat.appeal)
            _event(chat, actor=actor, action="counted", number=chat.appeal.number)
        hooks.chat_changed(chat, "closed")
        _chat_finished(chat)
        if specialist is not None:
            push_on_commit(
                specialist_group(specialist.pk), _staff_event(chat, "chat_closed")
            )
        else:
            push_on_commit(topic_group(chat.topic), _staff_event(chat, "chat_taken"))
        if chat.conversation_token:
            push_on_commit(
                conversation_group(chat.conversation_token),
                payload_event({"type": "state", "state": "closed"}),
            )
        _push_positions(chat.topic)
    if specialist is not None:
        chats_dispatch(specialist=specialist)
    return chat


def _specialist_lines(chat: LiveChat) -> str:
    return "\n".join(
        chat.messages.filter(author=ChatMessage.Author.SPECIALIST)
        .order_by("created_at", "pk")
        .values_list("text", flat=True)
    )


# ---- call-back requests ------------------------------------------------------------


@dataclass
class CallbackInput:
    topic: str
    name: str
    phone: str
    preferred_time: str = ""
    question: str = ""
    user: User | None = None
    conversation_token: str = ""
    transcript: list[dict[str, str]] = field(default_factory=list)
    appeal: Appeal | None = None  # already in the registry
    # The registry channel of the appeal it is counted as: the chat-bot, or the
    # voice menu (IVR) when the caller ordered it there.
    channel: str = Channel.CHATBOT


def callback_request_create(
    *, data: CallbackInput, live_chat: LiveChat | None = None
) -> CallbackRequest:
    """Ask to be called back instead of waiting: due in 4 hours ✅ [R5]; the desk
    lists it among the call-back tasks.

    The request is counted in the registry as an appeal of its channel (the chat-bot
    or the voice menu) of the phone call-back regime unless the conversation already
    has an appeal; a waiting chat of the conversation leaves the queue."""
    if data.channel not in (Channel.CHATBOT, Channel.IVR):
        raise ApplicationError(
            "Обратный звонок заказывают в чат-боте или в голосовом меню.",
            code="channel_invalid",
        )
    if data.topic not in ChatTopic.values:
        data.topic = ChatTopic.GENERAL
    name = (data.name or "").strip()[:200]
    phone = normalize_phone(data.phone or "")
    if not name:
        raise ApplicationError("Укажите, как к вам обращаться.", code="name_required")
    if not phone:
        raise ApplicationError(
            "Телефон указан неверно: нужен российский номер из 10 цифр после +7.",
            code="phone_invalid",
        )
    user = data.user if getattr(data.user, "is_authenticated", False) else None
    now = timezone.now()
    with transaction.atomic():
        request = CallbackRequest(
            topic=data.topic,
            name=name,
            phone=phone,
            preferred_time=(data.preferred_time or "").strip()[:100],
            question=(data.question or "").strip()[:TEXT_MAX],
            user=user,
            live_chat=live_chat,
            conversation_token=data.conversation_token[:64],
            created_at=now,
            due_at=now + timedelta(hours=CALLBACK_HOURS),
            appeal=data.appeal or (live_chat.appeal if live_chat else None),
        )
        if request.appeal is None:
            request.appeal = _register_callback(
                request, data.transcript, channel=data.channel
            )
        request.save()
        CallbackRequestEvent.objects.create(
            request=request,
            at=now,
            actor=user,
            action="created",
            to_status=request.status,
        )
        if live_chat is not None and live_chat.status == LiveChatStatus.WAITING:
            chat = _lock(live_chat)
            _move(
                chat, to=LiveChatStatus.CLOSED, actor=user, action="left_for_callback"
            )
            chat.closed_at = now
            chat.save(update_fields=["status", "closed_at"])
            hooks.chat_changed(chat, "closed")
            _chat_finished(chat)
            push_on_commit(topic_group(chat.topic), _staff_event(chat, "chat_taken"))
            _push_positions(chat.topic)
    return request


def _register_callback(
    request: CallbackRequest, transcript: list[dict[str, str]], *, channel: str
) -> Appeal:
    lines = [f"Просьба перезвонить по телефону {request.phone}."]
    if request.preferred_time:
        lines.append(f"Удобное время: {request.preferred_time}.")
    if request.question:
        lines.append(f"Вопрос: {request.question}")
    for entry in transcript:
        lines.append(
            f"[{entry.get('at', '')}] {entry.get('author', '')}: {entry.get('text', '')}"
        )
    consumer, contact = _contact(request.user, request.name, request.phone)
    contact["contact_phone"] = request.phone
    contact["answer_channel"] = AnswerChannel.PHONE
    return appeal_receive(
        actor=None,
        data=AppealInput(
            channel=channel,
            category=TOPIC_CATEGORY[ChatTopic(request.topic)],
            topic=request.topic,
            text="\n".join(lines),
            subject="Обратный звонок",
            consumer=consumer,
            regime=Regime.PHONE_CALLBACK,
            **contact,
        ),
    )


def callback_request_complete(
    *, actor: User, request: CallbackRequest, outcome: str = ""
) -> CallbackRequest:
    """Mark a call-back as made with its outcome (new or taken → done); a taken one
    only by the operator who took it."""
    if not has_right(actor, CONSOLE_RIGHT):
        raise PermissionDeniedError()
    with transaction.atomic():
        request = CallbackRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in (
            CallbackRequest.Status.NEW,
            CallbackRequest.Status.TAKEN,
        ):
            raise ConflictError("Заявка уже обработана.", code="invalid_transition")
        if (
            request.status == CallbackRequest.Status.TAKEN
            and request.taken_by_id != actor.pk
        ):
            raise PermissionDeniedError("Заявку взял другой оператор.")
        now = timezone.now()
        old = request.status
        request.status = CallbackRequest.Status.DONE
        request.done_at = now
        request.done_by = actor
        request.outcome = (outcome or "").strip()[:TEXT_MAX]
        request.save(update_fields=["status", "done_at", "done_by", "outcome"])
        CallbackRequestEvent.objects.create(
            request=request,
            at=now,
            actor=actor,
            action="done",
            from_status=old,
            to_status=request.status,
        )
    return request


def live_chat_get_for_person(*, chat_id: int, conversation_token: str) -> LiveChat:
    """The chat of a conversation (the chat-bot has checked the conversation is the
    caller's); NotFoundError otherwise."""
    chat = LiveChat.objects.filter(
        pk=chat_id, conversation_token=conversation_token
    ).first()
    if chat is None:
        raise NotFoundError("Чат не найден.")
    return chat
