"""Calls from any PBX (call-event API, Asterisk AMI bridge), the IVR voice menu (webhook
and FastAGI), call statistics.

A PBX (`Pbx`) posts call events with its own key; every event is stored once
(`CallEvent`, unique per PBX and event id) and moves the call (`Call`). The voice menu
is data (`IvrNode`, `IvrChoice`), executed step by step for a call (`IvrSession`,
`IvrStep`)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

from gridcare.core.models import choice_in


class Pbx(models.Model):
    """A telephone exchange or cloud telephony that posts call events and runs the
    voice menu; authenticated by its key (only the hash is stored)."""

    name = models.CharField("название", max_length=100, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField("начало ключа", max_length=8, editable=False)
    is_active = models.BooleanField("действует", default=True)
    # The PBX's queue names → contact-centre topics, e.g. {"600": "metering"};
    # a queue named as a topic needs no entry; unknown queues go to «general».
    queue_topics = models.JSONField("очереди АТС → тематики", default=dict, blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "АТС"
        verbose_name_plural = "АТС"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        return secrets.token_urlsafe(32)


class OperatorExtension(models.Model):
    """The operator behind a PBX agent or extension (the «operator» of call events)."""

    pbx = models.ForeignKey(Pbx, on_delete=models.CASCADE, related_name="extensions")
    extension = models.CharField("агент / внутренний номер", max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="оператор",
    )

    class Meta:
        verbose_name = "внутренний номер оператора"
        verbose_name_plural = "внутренние номера операторов"
        constraints = [
            models.UniqueConstraint(
                fields=["pbx", "extension"], name="operator_extension_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pbx}: {self.extension}"


class CallStatus(models.TextChoices):
    # The PBX reported a new call; nobody has it yet.
    RINGING = "ringing", "Поступил"
    # The caller is in the voice menu.
    IVR = "ivr", "В голосовом меню"
    # Waiting in an operator queue.
    QUEUED = "queued", "В очереди"
    # Talking to an operator.
    TALKING = "talking", "Разговор с оператором"
    # Hung up; `handled_by` says how the call ended.
    ENDED = "ended", "Завершён"


class HandledBy(models.TextChoices):
    # Ended in the voice menu without an operator: handled automatically.
    IVR = "ivr", "Автоматически (IVR)"
    # An operator answered.
    OPERATOR = "operator", "Оператором"
    # Hung up while waiting for an operator.
    ABANDONED = "abandoned", "Не дождался оператора"


class Call(models.Model):
    """A telephone call as the PBX reported it: numbers, queue, operator, times,
    recording, and how it ended."""

    Status = CallStatus

    pbx = models.ForeignKey(Pbx, on_delete=models.PROTECT, related_name="calls")
    external_id = models.CharField("идентификатор звонка в АТС", max_length=64)
    caller = models.CharField("номер звонящего", max_length=32, blank=True)
    called = models.CharField("набранный номер", max_length=32, blank=True)
    status = models.CharField(
        "статус", max_length=16, choices=CallStatus.choices, default=CallStatus.RINGING
    )
    handled_by = models.CharField(
        "обработан", max_length=16, choices=HandledBy.choices, blank=True
    )
    topic = models.CharField("тематика очереди", max_length=16, blank=True)
    queue = models.CharField("очередь АТС", max_length=64, blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="оператор",
    )
    # The contact centre's interaction of this call (its routing and wallboard).
    interaction_id = models.PositiveBigIntegerField(null=True, blank=True)
    # What the voice menu did for the caller: «outage», «reading», «appeal_status»,
    # «callback» (last self-service action done).
    self_service = models.CharField("самообслуживание", max_length=32, blank=True)
    started_at = models.DateTimeField("начало", db_index=True)
    queued_at = models.DateTimeField("в очереди с", null=True, blank=True)
    answered_at = models.DateTimeField("ответ оператора", null=True, blank=True)
    ended_at = models.DateTimeField("окончание", null=True, blank=True)
    recording_ref = models.CharField("запись разговора", max_length=255, blank=True)

    class Meta:
        verbose_name = "звонок"
        verbose_name_plural = "звонки"
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pbx", "external_id"], name="call_external_id_unique"
            ),
            models.CheckConstraint(
                condition=choice_in("status", CallStatus), name="call_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(handled_by="") | choice_in("handled_by", HandledBy),
                name="call_handled_by_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Звонок {self.external_id}"

    @property
    def wait_seconds(self) -> float | None:
        """Seconds in the operator queue until answered or abandoned."""
        if self.queued_at is None:
            return None
        end = self.answered_at or self.ended_at
        return (end - self.queued_at).total_seconds() if end else None

    @property
    def talk_seconds(self) -> float | None:
        if self.answered_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.answered_at).total_seconds()


class CallEventType(models.TextChoices):
    NEW = "new", "Новый звонок"
    IVR_ENTERED = "ivr_entered", "Вошёл в голосовое меню"
    IVR_LEFT = "ivr_left", "Вышел из голосового меню"
    QUEUE_ENTERED = "queue_entered", "Встал в очередь"
    ANSWERED = "answered", "Ответ оператора"
    TRANSFERRED = "transferred", "Переведён"
    HANGUP = "hangup", "Завершён"


class CallEvent(models.Model):
    """One event of a call as posted by the PBX (the call's history); stored once per
    PBX and event id, so a repeated post changes nothing."""

    Type = CallEventType

    pbx = models.ForeignKey(Pbx, on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField("идентификатор события", max_length=128)
    type = models.CharField("событие", max_length=16, choices=CallEventType.choices)
    at = models.DateTimeField("когда")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    data = models.JSONField("данные", default=dict, blank=True)
    received_at = models.DateTimeField("получено", auto_now_add=True)

    class Meta:
        verbose_name = "событие звонка"
        verbose_name_plural = "события звонков"
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pbx", "event_id"], name="call_event_id_unique"
            ),
            models.CheckConstraint(
                condition=choice_in("type", CallEventType), name="call_event_type_valid"
            ),
        ]


class IvrAction(models.TextChoices):
    """What a node of the voice menu does (code in `telephony.ivr.actions`)."""

    MENU = "menu", "Меню: сказать и ждать выбора"
    OUTAGE = "outage", "Есть ли отключение по адресу"
    READING = "reading", "Передать показания"
    APPEAL_STATUS = "appeal_status", "Статус обращения"
    CALLBACK = "callback", "Заказать обратный звонок"
    TRANSFER = "transfer", "Соединить с оператором"
    HANGUP = "hangup", "Попрощаться и завершить"


class IvrNode(models.Model):
    """A node of the voice menu: a prompt, and either choices (a menu) or an action;
    after an action the caller goes to `next_node` (or the call ends)."""

    Action = IvrAction

    code = models.SlugField("код", max_length=50, unique=True)
    title = models.CharField("название", max_length=100)
    action = models.CharField(
        "действие", max_length=16, choices=IvrAction.choices, default=IvrAction.MENU
    )
    prompt_ru = models.TextField("текст (русский)")
    prompt_tt = models.TextField("текст (татарский)", blank=True)
    # Transfer and call-back: the contact-centre queue (topic code).
    topic = models.CharField("тематика", max_length=16, blank=True)
    next_node = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="после действия",
    )
    is_root = models.BooleanField("начало меню", default=False)
    timeout_seconds = models.PositiveSmallIntegerField("ждать ввода, с", default=6)
    retries = models.PositiveSmallIntegerField("повторов при ошибке", default=2)

    class Meta:
        verbose_name = "узел голосового меню"
        verbose_name_plural = "голосовое меню"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("action", IvrAction), name="ivr_node_action_valid"
            ),
            models.UniqueConstraint(
                fields=["is_root"],
                condition=models.Q(is_root=True),
                name="ivr_single_root",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IvrChoice(models.Model):
    """A choice of a menu: a keypad digit and/or spoken keywords lead to a node."""

    node = models.ForeignKey(IvrNode, on_delete=models.CASCADE, related_name="choices")
    digit = models.CharField("клавиша", max_length=1, blank=True)
    # Comma-separated words of a speech result, e.g. «свет, отключение».
    keywords = models.CharField("ключевые слова", max_length=200, blank=True)
    target = models.ForeignKey(
        IvrNode, on_delete=models.CASCADE, related_name="+", verbose_name="переход"
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "выбор в меню"
        verbose_name_plural = "выборы в меню"
        ordering = ["node", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "digit"],
                condition=~models.Q(digit=""),
                name="ivr_choice_digit_unique",
            )
        ]

    def keyword_list(self) -> list[str]:
        return [w.strip().lower() for w in self.keywords.split(",") if w.strip()]


class IvrSession(models.Model):
    """The voice menu of one call: where the caller is, what they entered so far."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="ivr_session"
    )
    node = models.ForeignKey(
        IvrNode, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The action's progress: stage, collected account, meter, zone values, retries.
    state = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=2, default="ru")
    step = models.PositiveIntegerField("шагов выдано", default=0)
    is_finished = models.BooleanField(default=False)
    started_at = models.DateTimeField()

    class Meta:
        verbose_name = "сеанс голосового меню"
        verbose_name_plural = "сеансы голосового меню"


class IvrStep(models.Model):
    """One instruction given to the PBX, with the input it answered (history; a retried
    step gets the same instruction again)."""

    session = models.ForeignKey(
        IvrSession, on_delete=models.CASCADE, related_name="steps"
    )
    seq = models.PositiveIntegerField()
    node_code = models.CharField(max_length=50, blank=True)
    input = models.JSONField(default=dict, blank=True)
    instruction = models.JSONField(default=dict)
    at = models.DateTimeField()

    class Meta:
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "seq"], name="ivr_step_seq_unique"
            )
        ]
