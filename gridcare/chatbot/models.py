"""Conversations with Алсу and their messages. Every conversation is saved, whether it
ended with an answer, a live action, a hand-off or nothing."""

import secrets

from django.conf import settings
from django.db import models


def _in(field: str, choices: type[models.TextChoices]) -> models.Q:
    return models.Q(**{f"{field}__in": [c.value for c in choices]})


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ConversationChannel(models.TextChoices):
    PORTAL = "portal", "Портал"
    MOBILE_APP = "mobile_app", "Мобильное приложение"
    API = "api", "API"


class ConversationState(models.TextChoices):
    # Алсу answers (also after a live chat has ended).
    BOT = "bot", "Отвечает бот"
    # Handed off: waiting in a queue or talking to a specialist.
    LIVE = "live", "Со специалистом"
    # Ended by the person; nothing more is accepted.
    CLOSED = "closed", "Завершён"


class Conversation(models.Model):
    """One conversation of a person (logged in or an anonymous visitor) with Алсу.

    The token in the URL of the chat is the visitor's key: an anonymous conversation is
    opened by whoever holds it; a logged-in person's only by that person."""

    Channel = ConversationChannel
    State = ConversationState

    token = models.CharField(max_length=64, unique=True, default=new_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name="пользователь",
    )
    channel = models.CharField(
        "канал", max_length=16, choices=ConversationChannel.choices
    )
    state = models.CharField(
        "состояние",
        max_length=16,
        choices=ConversationState.choices,
        default=ConversationState.BOT,
    )
    # The follow-up question Алсу waits an answer to (dialog.py), and what it has
    # collected so far; "" when none.
    step = models.CharField("шаг диалога", max_length=32, blank=True)
    step_data = models.JSONField(default=dict, blank=True)
    topic = models.CharField("тематика", max_length=16, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="обращение в реестре",
    )
    live_chat = models.ForeignKey(
        "contact_centre.LiveChat",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="чат со специалистом",
    )
    started_at = models.DateTimeField("начат", db_index=True)
    last_message_at = models.DateTimeField("последнее сообщение")
    ended_at = models.DateTimeField("завершён", null=True, blank=True)

    class Meta:
        verbose_name = "разговор с ботом"
        verbose_name_plural = "разговоры с ботом"
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("state", ConversationState),
                name="conversation_state_valid",
            ),
            models.CheckConstraint(
                condition=_in("channel", ConversationChannel),
                name="conversation_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Разговор №{self.pk}"

    @property
    def carries_request(self) -> bool:
        """Handed off, a call-back asked for, or an appeal filed: it is in the registry."""
        return self.appeal_id is not None or self.live_chat_id is not None


class MessageAuthor(models.TextChoices):
    BOT = "bot", "Алсу"
    USER = "user", "Потребитель"
    SPECIALIST = "specialist", "Специалист"
    SYSTEM = "system", "Система"


class BotMessage(models.Model):
    """One message of a conversation: the person's, Алсу's, a specialist's or a notice."""

    Author = MessageAuthor

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.CharField("автор", max_length=16, choices=MessageAuthor.choices)
    text = models.TextField("текст")
    # Алсу's decision (answer, clarify, handoff, smalltalk) or the live action
    # (outage, appeal_status, reading, appeal, callback, queue…).
    kind = models.CharField("вид ответа", max_length=32, blank=True)
    article_id = models.CharField("статья", max_length=100, blank=True)
    confidence = models.FloatField("уверенность", null=True, blank=True)
    # Buttons: [{"label": …, "value": …}]; the value is sent back as the message.
    options = models.JSONField("кнопки", default=list, blank=True)
    created_at = models.DateTimeField("когда", db_index=True)

    class Meta:
        verbose_name = "сообщение разговора"
        verbose_name_plural = "сообщения разговоров"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("author", MessageAuthor), name="bot_message_author_valid"
            )
        ]


class ConversationEvent(models.Model):
    """History of a conversation's state: handed off, back to the bot, closed."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("когда")
    action = models.CharField("действие", max_length=32)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
