"""Reads of the live chat: who takes which queues, queue positions, the console's
chats, and the one permission-checked lookup `live_chat_get_for_staff`."""

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from gridcare.accounts.roles import Right, has_right
from gridcare.contact_centre.models import (
    CallbackRequest,
    CannedReply,
    ChatMessage,
    ChatSetting,
    ChatTopic,
    Interaction,
    InteractionKind,
    LiveChat,
    LiveChatStatus,
    OperatorProfile,
)
from gridcare.core.errors import NotFoundError

# The right that opens the chat console: answering consumers is appeal work.
CONSOLE_RIGHT = Right.APPEAL_WORK


def chat_setting_get() -> ChatSetting:
    """Return the settings row (created with defaults if missing)."""
    setting, _ = ChatSetting.objects.get_or_create(pk=1)
    return setting


def chat_capacity_for(user: object, *, default: int | None = None) -> int:
    """Return how many chats `user` may hold at once: their operator profile's chat
    capacity (the routing engine's per-operator capacity), else the common setting."""
    profile = OperatorProfile.objects.filter(user_id=getattr(user, "pk", None)).first()
    if profile is not None:
        return profile.chat_capacity
    if default is not None:
        return default
    return chat_setting_get().max_chats_per_specialist


def chat_topics_for(user: object) -> list[str]:
    """Return the queues `user` takes chats from.

    «Общие» is everybody's; the other queues follow the user's competences, and roles
    that see every topic (operators, supervisors) take every queue."""
    if not has_right(user, CONSOLE_RIGHT):
        return []
    if has_right(user, Right.APPEAL_VIEW_ALL_TOPICS):
        return list(ChatTopic.values)
    own = set(getattr(user, "competences", None) or [])
    return [t for t in ChatTopic.values if t == ChatTopic.GENERAL or t in own]


def queue_position(chat: LiveChat) -> int | None:
    """Return the chat's place in its topic queue (1 = next), None unless waiting."""
    if chat.status != LiveChatStatus.WAITING:
        return None
    ids = list(waiting_chats(chat.topic).values_list("pk", flat=True))
    return ids.index(chat.pk) + 1 if chat.pk in ids else None


def waiting_chats(topic: str) -> QuerySet[LiveChat]:
    """Return the chats waiting in a topic queue in the order the routing engine
    gives them out: higher priority (repeat contact, outage) first, then the oldest."""
    priority = Interaction.objects.filter(
        kind=InteractionKind.CHAT,
        external_id=Concat(
            Value("livechat-"), Cast(OuterRef("pk"), output_field=CharField())
        ),
    ).values("priority")[:1]
    return (
        LiveChat.objects.filter(status=LiveChatStatus.WAITING, topic=topic)
        .annotate(routing_priority=Coalesce(Subquery(priority), Value(0)))
        .order_by("-routing_priority", "created_at", "pk")
    )


def live_chat_list_for_console(*, user: object) -> QuerySet[LiveChat]:
    """Return the open chats of the console: the user's own active chats and what
    waits in their queues, oldest first."""
    topics = chat_topics_for(user)
    if not topics:
        return LiveChat.objects.none()
    return (
        LiveChat.objects.filter(
            Q(status=LiveChatStatus.ACTIVE, specialist=user)
            | Q(status=LiveChatStatus.WAITING, topic__in=topics)
        )
        .select_related("user", "specialist")
        .order_by("created_at", "pk")
    )


def live_chat_get_for_staff(*, user: object, chat_id: int) -> LiveChat:
    """Return a chat the staff member may open: one waiting in their queues, or one
    they have (had); else NotFoundError."""
    topics = chat_topics_for(user)
    if not topics:
        raise NotFoundError("Чат не найден.")
    chat = (
        LiveChat.objects.filter(
            Q(specialist=user) | Q(status=LiveChatStatus.WAITING, topic__in=topics)
        )
        .select_related("user", "specialist", "appeal")
        .filter(pk=chat_id)
        .first()
    )
    if chat is None:
        raise NotFoundError("Чат не найден.")
    return chat


def active_chat_count(user: object) -> int:
    return LiveChat.objects.filter(
        status=LiveChatStatus.ACTIVE, specialist=user
    ).count()


def chat_messages(chat: LiveChat, *, after_id: int = 0) -> QuerySet[ChatMessage]:
    return chat.messages.filter(pk__gt=after_id).order_by("created_at", "pk")


def canned_reply_list(*, topic: str) -> QuerySet[CannedReply]:
    """Return the active canned replies of a topic and the common ones."""
    return CannedReply.objects.filter(is_active=True).filter(
        Q(topic=topic) | Q(topic="")
    )


def callback_request_list_open() -> QuerySet[CallbackRequest]:
    """Return call-back requests still to be made, soonest due first."""
    return CallbackRequest.objects.filter(status=CallbackRequest.Status.NEW).order_by(
        "due_at", "pk"
    )
