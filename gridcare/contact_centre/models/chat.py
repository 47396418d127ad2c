"""Live chat with specialists and call-back requests.

A live chat is a conversation handed over by the chat-bot (or opened by a person) that
waits in the queue of its topic until a specialist with that competence takes it. A
call-back request is the alternative to waiting: the company calls the person back
within 4 hours (standard of service quality, ✅ [R5])."""

from django.conf import settings
from django.db import models

from gridcare.contact_centre.workflow import TRANSITIONS
from gridcare.core.models import HistoryEvent, choice_in


class ChatTopic(models.TextChoices):
    """Queues of the contact centre; the codes are the staff competences (and appeal
    topics), plus «общие» which every specialist of the chat console takes."""

    CONNECTION = "connection", "ТП"
    SERVICES = "services", "Услуги"
    RELIABILITY = "reliability", "Надёжность"
    METERING = "metering", "Учёт"
    GENERAL = "general", "Общие"


class LiveChatStatus(models.TextChoices):
    # In the topic queue: nobody has taken it yet; the person sees their place.
    WAITING = "waiting", "В очереди"
    # A specialist has it and answers in the chat.
    ACTIVE = "active", "Идёт разговор"
    # Finished by the specialist or the person (or turned into a call-back).
    CLOSED = "closed", "Завершён"


class LiveChat(models.Model):
    """A chat with a specialist of one topic: queue, assignment, messages, outcome."""

    Status = LiveChatStatus

    topic = models.CharField("очередь", max_length=16, choices=ChatTopic.choices)
    status = models.CharField(
        "статус",
        max_length=16,
        choices=LiveChatStatus.choices,
        default=LiveChatStatus.WAITING,
    )
    # Who is chatting: a logged-in user, or an anonymous visitor known by a token.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_chats",
        verbose_name="потребитель",
    )
    visitor_token = models.CharField("токен посетителя", max_length=64, blank=True)
    contact_name = models.CharField("имя", max_length=200, blank=True)
    contact_phone = models.CharField("телефон", max_length=16, blank=True)
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_live_chats",
        verbose_name="специалист",
    )
    # The chat-bot conversation this chat continues (its public token) and the bot's
    # part of it as it was at hand-off: [{"author", "text", "at"}, …].
    conversation_token = models.CharField(
        "разговор с ботом", max_length=64, blank=True, db_index=True
    )
    transcript = models.JSONField("разговор с ботом", default=list, blank=True)
    question = models.TextField("вопрос", blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="обращение в реестре",
    )
    created_at = models.DateTimeField("поставлен в очередь", db_index=True)
    accepted_at = models.DateTimeField("принят", null=True, blank=True)
    closed_at = models.DateTimeField("завершён", null=True, blank=True)

    class Meta:
        verbose_name = "чат со специалистом"
        verbose_name_plural = "чаты со специалистами"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", LiveChatStatus),
                name="live_chat_status_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("topic", ChatTopic), name="live_chat_topic_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "topic", "created_at"])]

    def __str__(self) -> str:
        return f"Чат №{self.pk}"

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    def can_accept(self) -> bool:
        return self.can_move_to(LiveChatStatus.ACTIVE)


class ChatMessage(models.Model):
    """One message of a live chat."""

    class Author(models.TextChoices):
        PERSON = "person", "Потребитель"
        SPECIALIST = "specialist", "Специалист"
        SYSTEM = "system", "Система"

    chat = models.ForeignKey(
        LiveChat, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.CharField("автор", max_length=16, choices=Author.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField("текст")
    created_at = models.DateTimeField("когда")

    class Meta:
        verbose_name = "сообщение чата"
        verbose_name_plural = "сообщения чатов"
        ordering = ["created_at", "id"]


class LiveChatEvent(HistoryEvent):
    """History of a live chat: who moved it from which status to which, when."""

    chat = models.ForeignKey(LiveChat, on_delete=models.CASCADE, related_name="events")

    class Meta:
        verbose_name = "событие чата"
        verbose_name_plural = "история чатов"
        ordering = ["at", "id"]


class TopicText(models.Model):
    """A text staff use in one queue (or all): canned chat replies, call scripts."""

    topic = models.CharField(
        "очередь",
        max_length=16,
        choices=ChatTopic.choices,
        blank=True,
        help_text="Пусто — для всех очередей.",
    )
    title = models.CharField("название", max_length=200)
    text = models.TextField("текст")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class CannedReply(TopicText):
    """A ready answer a specialist inserts with one click (edited in the admin)."""

    title = models.CharField("название", max_length=100)

    class Meta(TopicText.Meta):
        verbose_name = "шаблон ответа"
        verbose_name_plural = "шаблоны ответов"


class CallbackStatus(models.TextChoices):
    # Waiting for an operator or specialist to call.
    NEW = "new", "Ожидает звонка"
    # An operator took it onto their list and will call.
    TAKEN = "taken", "Взята оператором"
    # The call took place.
    DONE = "done", "Перезвонили"
    # The person withdrew it, or it was a duplicate.
    CANCELLED = "cancelled", "Отменена"


class CallbackRequest(models.Model):
    """A request to be called back by a specialist of a topic, due in 4 hours."""

    Status = CallbackStatus

    topic = models.CharField("тематика", max_length=16, choices=ChatTopic.choices)
    status = models.CharField(
        "статус",
        max_length=16,
        choices=CallbackStatus.choices,
        default=CallbackStatus.NEW,
    )
    name = models.CharField("имя", max_length=200)
    phone = models.CharField("телефон", max_length=16)
    preferred_time = models.CharField("удобное время", max_length=100, blank=True)
    question = models.TextField("вопрос", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="callback_requests",
    )
    live_chat = models.ForeignKey(
        LiveChat,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callback_requests",
    )
    conversation_token = models.CharField(max_length=64, blank=True, db_index=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="обращение в реестре",
    )
    created_at = models.DateTimeField("создана", db_index=True)
    due_at = models.DateTimeField("перезвонить до", db_index=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="взял оператор",
    )
    taken_at = models.DateTimeField("взята", null=True, blank=True)
    outcome = models.TextField("результат звонка", blank=True)
    done_at = models.DateTimeField("выполнена", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "заявка на обратный звонок"
        verbose_name_plural = "заявки на обратный звонок"
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", CallbackStatus),
                name="callback_status_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("topic", ChatTopic), name="callback_topic_valid"
            ),
        ]


class CallbackRequestEvent(models.Model):
    """History of a call-back request."""

    request = models.ForeignKey(
        CallbackRequest, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("когда")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField("действие", max_length=32)
    from_status = models.CharField("из статуса", max_length=16, blank=True)
    to_status = models.CharField("в статус", max_length=16, blank=True)

    class Meta:
        ordering = ["at", "id"]


class SpecialistPresence(models.Model):
    """Whether a specialist has the chat console open, and when they last got a chat
    (the longest-idle specialist gets the next one)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence"
    )
    # Open console connections (tabs, processes); online while above zero.
    connections = models.PositiveIntegerField(default=0)
    last_assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "присутствие специалиста"
        verbose_name_plural = "присутствие специалистов"

    @property
    def is_online(self) -> bool:
        return self.connections > 0


class ChatSetting(models.Model):
    """Editable settings of the live chat (one row)."""

    max_chats_per_specialist = models.PositiveSmallIntegerField(
        "чатов одновременно у специалиста", default=3
    )

    class Meta:
        verbose_name = "настройки чата"
        verbose_name_plural = "настройки чата"
