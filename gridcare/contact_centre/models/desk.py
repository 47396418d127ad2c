"""Operators, their statuses and skills, interactions (calls, chats, written appeals)
routed to them, and the editable data of routing and the desk: wrap-up codes,
overflow rules, priorities and call scripts."""

from django.conf import settings
from django.db import models

from gridcare.contact_centre.models.chat import ChatTopic, TopicText
from gridcare.contact_centre.workflow import INTERACTION_TRANSITIONS
from gridcare.core.models import HistoryEvent, choice_in


class OperatorStatus(models.TextChoices):
    # Free and waiting for the next call: the router offers calls only to them.
    READY = "ready", "Готов"
    # On a call (set by the router when a call is answered).
    TALKING = "talking", "Разговор"
    # After a call, finishing its record (wrap-up code); no new calls.
    WRAP_UP = "wrap_up", "Поствызывная обработка"
    # Away for a while (lunch, training); no calls, no chats.
    BREAK = "break", "Перерыв"
    # Not working.
    OFFLINE = "offline", "Не в сети"


class Segment(models.TextChoices):
    INDIVIDUAL = "individual", "Физические лица"
    LEGAL = "legal", "Юридические лица"


class Language(models.TextChoices):
    RUSSIAN = "ru", "Русский"
    TATAR = "tt", "Татарский"


class InteractionKind(models.TextChoices):
    CALL = "call", "Звонок"
    CHAT = "chat", "Чат"
    APPEAL = "appeal", "Письменное обращение"


class InteractionStatus(models.TextChoices):
    # Waiting in the queue of its topic.
    QUEUED = "queued", "В очереди"
    # Offered to an operator (the desk rings, the card pops), not yet answered.
    OFFERED = "offered", "Предложен оператору"
    # The operator is talking (call) or working on it (chat, written appeal).
    ACTIVE = "active", "В работе"
    # The call has ended; the operator records the outcome (wrap-up code).
    WRAP_UP = "wrap_up", "Поствызывная обработка"
    # Handled and wrapped up.
    CLOSED = "closed", "Завершён"
    # The caller hung up before an operator answered.
    ABANDONED = "abandoned", "Потерян"


def _skill_default() -> list[str]:
    return [ChatTopic.GENERAL.value]


def _segments_default() -> list[str]:
    return [Segment.INDIVIDUAL.value, Segment.LEGAL.value]


def _languages_default() -> list[str]:
    return [Language.RUSSIAN.value]


class OperatorProfile(models.Model):
    """An operator of the contact centre: skills (queues, segments, languages),
    capacity per kind of interaction, current status and when they became idle."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="operator_profile",
        verbose_name="сотрудник",
    )
    topics = models.JSONField(
        "очереди (навыки)",
        default=_skill_default,
        blank=True,
        help_text="Коды очередей: connection, services, reliability, metering, general.",
    )
    segments = models.JSONField(
        "сегменты", default=_segments_default, blank=True, help_text="individual, legal"
    )
    languages = models.JSONField(
        "языки", default=_languages_default, blank=True, help_text="ru, tt"
    )
    call_capacity = models.PositiveSmallIntegerField("звонков одновременно", default=1)
    chat_capacity = models.PositiveSmallIntegerField("чатов одновременно", default=3)
    appeal_capacity = models.PositiveSmallIntegerField(
        "письменных обращений одновременно", default=5
    )
    status = models.CharField(
        "статус",
        max_length=16,
        choices=OperatorStatus.choices,
        default=OperatorStatus.OFFLINE,
    )
    status_since = models.DateTimeField("в статусе с", null=True, blank=True)
    # When the operator last became free for calls (READY); the longest idle first.
    idle_since = models.DateTimeField("свободен с", null=True, blank=True)
    # When a chat or a written appeal was last given (longest idle for those kinds).
    last_assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "профиль оператора"
        verbose_name_plural = "профили операторов"
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", OperatorStatus),
                name="operator_profile_status_valid",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def capacity_for(self, kind: str) -> int:
        return {
            InteractionKind.CALL: self.call_capacity,
            InteractionKind.CHAT: self.chat_capacity,
            InteractionKind.APPEAL: self.appeal_capacity,
        }[InteractionKind(kind)]


class OperatorStatusPeriod(models.Model):
    """One stretch of an operator in one status (ended_at empty while it lasts): the
    time per status of a day is the sum of these periods."""

    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="status_periods",
        verbose_name="оператор",
    )
    status = models.CharField("статус", max_length=16, choices=OperatorStatus.choices)
    started_at = models.DateTimeField("начало", db_index=True)
    ended_at = models.DateTimeField("конец", null=True, blank=True)

    class Meta:
        verbose_name = "период статуса оператора"
        verbose_name_plural = "статусы операторов"
        ordering = ["started_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", OperatorStatus),
                name="operator_status_period_valid",
            )
        ]


class WrapUpCode(models.Model):
    """The outcome an operator records after a call (editable in the admin)."""

    code = models.SlugField("код", max_length=32, unique=True)
    label = models.CharField("название", max_length=200)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "код завершения"
        verbose_name_plural = "коды завершения"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class Interaction(models.Model):
    """One contact routed to operators: a call, a chat or a written appeal — its
    queue, waiting, the operator who handled it and its outcome."""

    Status = InteractionStatus
    Kind = InteractionKind

    kind = models.CharField("вид", max_length=8, choices=InteractionKind.choices)
    # The id in the source system (a PBX call, a chat, an appeal number).
    external_id = models.CharField("внешний идентификатор", max_length=100)
    caller = models.CharField("номер или контакт", max_length=100, blank=True)
    topic = models.CharField("очередь", max_length=16, choices=ChatTopic.choices)
    segment = models.CharField(
        "сегмент",
        max_length=16,
        choices=Segment.choices,
        default=Segment.INDIVIDUAL,
    )
    language = models.CharField(
        "язык", max_length=2, choices=Language.choices, default=Language.RUSSIAN
    )
    priority = models.IntegerField("приоритет", default=0)
    # Why the priority was raised: ["repeat_24h", "outage", …].
    priority_reasons = models.JSONField("повышение приоритета", default=list)
    status = models.CharField(
        "статус",
        max_length=16,
        choices=InteractionStatus.choices,
        default=InteractionStatus.QUEUED,
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name="оператор",
    )
    queued_at = models.DateTimeField("поставлен в очередь", db_index=True)
    offered_at = models.DateTimeField("предложен", null=True, blank=True)
    answered_at = models.DateTimeField("принят", null=True, blank=True)
    ended_at = models.DateTimeField("разговор завершён", null=True, blank=True)
    wrapped_up_at = models.DateTimeField("обработан", null=True, blank=True)
    abandoned_at = models.DateTimeField("потерян", null=True, blank=True)
    wrap_up_code = models.ForeignKey(
        WrapUpCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="код завершения",
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="обращение",
    )
    recording_ref = models.CharField("запись разговора", max_length=300, blank=True)

    class Meta:
        verbose_name = "обращение в очередь"
        verbose_name_plural = "обращения в очереди (звонки, чаты, письма)"
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "external_id"], name="interaction_external_id_unique"
            ),
            models.CheckConstraint(
                condition=choice_in("status", InteractionStatus),
                name="interaction_status_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("kind", InteractionKind),
                name="interaction_kind_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("topic", ChatTopic), name="interaction_topic_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "kind", "topic"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.caller or self.external_id}"

    def can_move_to(self, status: str) -> bool:
        return status in INTERACTION_TRANSITIONS.get(self.status, frozenset())

    @property
    def wait_seconds(self) -> int | None:
        """Seconds in the queue until answered or abandoned (None while waiting)."""
        end = self.answered_at or self.abandoned_at
        return int((end - self.queued_at).total_seconds()) if end else None


class InteractionEvent(HistoryEvent):
    """History of an interaction: who moved it from which status to which, when."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="events"
    )

    class Meta:
        verbose_name = "событие обращения в очереди"
        verbose_name_plural = "история обращений в очереди"
        ordering = ["at", "id"]


class RoutingRule(models.Model):
    """Overflow: after a call has waited `after_seconds` in queue `topic`, operators
    of another queue (or any operator) may take it too. Editable data."""

    topic = models.CharField(
        "очередь",
        max_length=16,
        choices=ChatTopic.choices,
        blank=True,
        help_text="Пусто — для всех очередей.",
    )
    after_seconds = models.PositiveIntegerField("после ожидания, секунд")
    widen_to_topic = models.CharField(
        "добавить операторов очереди",
        max_length=16,
        choices=ChatTopic.choices,
        blank=True,
    )
    any_operator = models.BooleanField(
        "любой свободный оператор (без навыка очереди)", default=False
    )
    any_language = models.BooleanField(
        "любой язык", default=False, help_text="Например, татарский → русский."
    )
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "правило переполнения"
        verbose_name_plural = "правила переполнения очередей"
        ordering = ["after_seconds", "id"]


class RoutingSetting(models.Model):
    """Priorities and targets of the routing engine (one row, edited in the admin).

    The figures are our defaults ⚠️, not regulation: the standard sets no waiting time
    for phone service (regulation.md §1.7 ❓)."""

    repeat_24h_boost = models.IntegerField(
        "повторный звонок за 24 часа: +приоритет", default=20
    )
    repeat_7d_boost = models.IntegerField(
        "повторный звонок за 7 дней: +приоритет", default=10
    )
    outage_boost = models.IntegerField(
        "отключение по адресу или аварийное по «надёжности»: +приоритет", default=30
    )
    service_level_seconds = models.PositiveIntegerField(
        "уровень обслуживания: ответ за, секунд", default=20
    )
    service_level_target = models.PositiveSmallIntegerField(
        "уровень обслуживания: цель, %", default=80
    )

    class Meta:
        verbose_name = "настройки маршрутизации"
        verbose_name_plural = "настройки маршрутизации"


class Script(TopicText):
    """A call script the desk shows beside a call of its queue (editable data)."""

    class Meta(TopicText.Meta):
        verbose_name = "скрипт разговора"
        verbose_name_plural = "скрипты разговоров"
