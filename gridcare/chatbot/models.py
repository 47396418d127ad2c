"""Conversations with Алсу and their messages. Every conversation is saved, whether it
ended with an answer, a live action, a hand-off or nothing."""

import secrets

from django.conf import settings
from django.db import models

from gridcare.core.models import choice_in


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
                condition=choice_in("state", ConversationState),
                name="conversation_state_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("channel", ConversationChannel),
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
                condition=choice_in("author", MessageAuthor),
                name="bot_message_author_valid",
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


# ---- knowledge base (knowledge.py, kb_io.py, learning.py) -------------------------


class KbTopic(models.TextChoices):
    """Topics of the knowledge base; each is a chat queue (handoff.KB_TOPIC_QUEUE).
    The codes are those of the JSON Lines files."""

    CONNECTION = "tp", "ТП"
    SERVICES = "service", "Услуги"
    RELIABILITY = "reliability", "Надёжность"
    METERING = "metering", "Учёт"
    GENERAL = "general", "Общие"


class KbArticleStatus(models.TextChoices):
    # Not answered by Алсу: never published, or taken off.
    DRAFT = "draft", "Черновик"
    # Алсу answers with the published version (a newer draft version may exist).
    PUBLISHED = "published", "Опубликована"


# Allowed moves of an article's status (knowledge.kb_article_publish/unpublish);
# publishing a published article makes another of its versions live.
KB_ARTICLE_TRANSITIONS: dict[str, frozenset[str]] = {
    KbArticleStatus.DRAFT: frozenset({KbArticleStatus.PUBLISHED}),
    KbArticleStatus.PUBLISHED: frozenset(
        {KbArticleStatus.PUBLISHED, KbArticleStatus.DRAFT}
    ),
}


class KbArticle(models.Model):
    """An article of Алсу's knowledge base: one answer with the typical phrasings of
    its question. Its content lives in append-only versions; `current_version` is the
    newest (what editors see), `published_version` the one Алсу answers with."""

    Status = KbArticleStatus

    slug = models.CharField("код статьи", max_length=100, unique=True)
    status = models.CharField(
        "статус",
        max_length=16,
        choices=KbArticleStatus.choices,
        default=KbArticleStatus.DRAFT,
    )
    current_version = models.ForeignKey(
        "KbArticleVersion",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="текущая версия",
    )
    published_version = models.ForeignKey(
        "KbArticleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="опубликованная версия",
    )
    created_at = models.DateTimeField("создана")
    updated_at = models.DateTimeField("изменена", db_index=True)

    class Meta:
        verbose_name = "статья базы знаний"
        verbose_name_plural = "статьи базы знаний"
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", KbArticleStatus),
                name="kb_article_status_valid",
            ),
            # Published exactly when a version is live.
            models.CheckConstraint(
                condition=(
                    models.Q(status="published", published_version__isnull=False)
                    | models.Q(status="draft", published_version__isnull=True)
                ),
                name="kb_article_published_has_version",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_published(self) -> bool:
        return self.status == KbArticleStatus.PUBLISHED

    @property
    def has_unpublished_changes(self) -> bool:
        return (
            self.is_published and self.published_version_id != self.current_version_id
        )

    def can_publish(self) -> bool:
        return KbArticleStatus.PUBLISHED in KB_ARTICLE_TRANSITIONS[self.status]

    def can_unpublish(self) -> bool:
        return KbArticleStatus.DRAFT in KB_ARTICLE_TRANSITIONS[self.status]


class KbArticleVersion(models.Model):
    """One version of an article's content, never changed once written: a save of
    the editor, an import row, a question variant added from the misses."""

    article = models.ForeignKey(
        KbArticle, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("номер")
    topic = models.CharField("тематика", max_length=16, choices=KbTopic.choices)
    title = models.CharField("заголовок", max_length=300)
    questions = models.JSONField("варианты вопроса", default=list)
    # Limited formatting (kb_markup.py): **bold**, «- » lists, [text](link).
    answer = models.TextField("ответ")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="автор",
    )
    comment = models.CharField("комментарий", max_length=300, blank=True)
    created_at = models.DateTimeField("создана")
    # Title, variants and answer in lower case with ё→е, for the editor's search
    # (SQLite's LIKE folds only ASCII; the JSON list is stored escaped).
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "версия статьи"
        verbose_name_plural = "версии статей"
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="kb_article_version_unique"
            ),
            models.CheckConstraint(
                condition=choice_in("topic", KbTopic),
                name="kb_article_version_topic_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class KbArticleEvent(models.Model):
    """History of an article: created, version saved, published, unpublished."""

    class Action(models.TextChoices):
        CREATED = "created", "Создана"
        VERSION_SAVED = "version_saved", "Сохранена версия"
        PUBLISHED = "published", "Опубликована"
        UNPUBLISHED = "unpublished", "Снята с публикации"

    article = models.ForeignKey(
        KbArticle, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("когда")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто",
    )
    action = models.CharField("действие", max_length=32, choices=Action.choices)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    version_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]


class KbMissGroup(models.Model):
    """Questions Алсу could not answer (handed off or clarified), grouped by
    similarity by `gridcare kb_misses` (learning.py); the staff close a group by
    adding a question variant or a new article."""

    class Resolution(models.TextChoices):
        VARIANT = "variant", "Добавлен вариант вопроса"
        ARTICLE = "article", "Создана статья"
        DISMISSED = "dismissed", "Отклонена"

    size = models.PositiveIntegerField("вопросов")
    # The question closest to the group's centre, then the others (up to a limit).
    questions = models.JSONField("вопросы", default=list)
    message_ids = models.JSONField("сообщения", default=list)
    nearest_article = models.CharField("ближайшая статья", max_length=100, blank=True)
    nearest_share = models.FloatField("доля ближайшей статьи", null=True, blank=True)
    first_at = models.DateTimeField("первый вопрос")
    last_at = models.DateTimeField("последний вопрос")
    computed_at = models.DateTimeField("сгруппировано")
    resolution = models.CharField(
        "решение", max_length=16, choices=Resolution.choices, blank=True
    )
    resolved_article = models.CharField("статья решения", max_length=100, blank=True)
    resolved_at = models.DateTimeField("решено", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кем решено",
    )

    class Meta:
        verbose_name = "группа вопросов без ответа"
        verbose_name_plural = "группы вопросов без ответа"
        ordering = ["-size", "-last_at", "id"]

    @property
    def example(self) -> str:
        return str(self.questions[0]) if self.questions else ""
