"""The appeal registry (реестр обращений): one model for every appeal from every channel,
its append-only history, messages, internal notes, attachments, routing groups and the
deadline rules that are data."""

from django.conf import settings
from django.db import models

from gridcare.appeals.codes import (
    AnswerChannel,
    Category,
    Channel,
    Kind,
    Regime,
    ServiceForm,
    ServiceRequestType,
    Status,
    Topic,
)
from gridcare.appeals.workflow import TRANSITIONS
from gridcare.calendars.terms import TermUnit
from gridcare.core.models import HistoryEvent, choice_in


class WorkGroup(models.Model):
    """A routing target: the specialists of one topic in one branch (or company-wide)."""

    name = models.CharField("название", max_length=200)
    topic = models.CharField("тематика", max_length=16, choices=Topic.choices)
    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_groups",
        help_text="Пусто — группа всей компании.",
    )
    # Remote service centre for legal entities / individuals (seed: two in Kazan).
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "рабочая группа"
        verbose_name_plural = "рабочие группы"
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "branch"], name="work_group_topic_branch"
            ),
            models.CheckConstraint(
                condition=choice_in("topic", Topic), name="work_group_topic_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ChannelSetting(models.Model):
    """Which Приложение 7 service-form column a channel is counted in.

    The mapping is our proposal (⚠️ regulation.md §1.3, [R2]), so it is data: an admin may
    change it; appeals keep the column they were registered with.
    """

    channel = models.CharField(
        "канал", max_length=32, choices=Channel.choices, unique=True
    )
    service_form = models.CharField(
        "форма обслуживания", max_length=16, choices=ServiceForm.choices
    )
    status_mark = models.CharField("статус значения", max_length=2, default="⚠️")
    reference = models.CharField(
        "источник", max_length=50, default="[R2] regulation.md §1.3"
    )

    class Meta:
        verbose_name = "канал и форма обслуживания"
        verbose_name_plural = "каналы и формы обслуживания"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.get_service_form_display()}"


class DeadlineRule(models.Model):
    """A deadline for answering appeals of a regime, optionally narrowed to a kind,
    channel or topic. The most specific active rule valid at registration wins."""

    regime = models.CharField("режим", max_length=32, choices=Regime.choices)
    kind = models.CharField("вид", max_length=16, choices=Kind.choices, blank=True)
    channel = models.CharField(
        "канал", max_length=32, choices=Channel.choices, blank=True
    )
    topic = models.CharField(
        "тематика", max_length=16, choices=Topic.choices, blank=True
    )
    amount = models.PositiveIntegerField("срок")
    unit = models.CharField("единица", max_length=16, choices=TermUnit.choices)
    # Share of the term after which the appeal is marked «срок истекает».
    due_soon_share = models.DecimalField(
        "доля срока до отметки «истекает»", max_digits=3, decimal_places=2, default=0.8
    )
    pauses_while_waiting = models.BooleanField("срок приостанавливается", default=True)
    # The term within which a received appeal must be registered, its status visible
    # to the consumer (e.g. a complaint: 1 working day, [R11]).
    register_within = models.PositiveIntegerField(
        "срок регистрации", null=True, blank=True
    )
    register_within_unit = models.CharField(
        "единица срока регистрации", max_length=16, choices=TermUnit.choices, blank=True
    )
    # One extension allowed with a reasoned notice (e.g. 152-ФЗ: +5 working days).
    extension = models.PositiveIntegerField("продление", null=True, blank=True)
    status_mark = models.CharField("статус значения", max_length=2, default="⚠️")
    reference = models.CharField("источник", max_length=100, blank=True)
    valid_from = models.DateField("действует с", null=True, blank=True)
    valid_to = models.DateField("действует по", null=True, blank=True)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "правило срока"
        verbose_name_plural = "правила сроков"
        constraints = [
            models.CheckConstraint(
                condition=choice_in("regime", Regime), name="deadline_regime_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("unit", TermUnit), name="deadline_unit_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="deadline_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_regime_display()}: {self.amount} {self.get_unit_display()}"


class RegistrationCounter(models.Model):
    """The last registration number issued in a year; incremented under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    value = models.PositiveIntegerField(default=0)


class Appeal(models.Model):
    """An appeal (обращение) of a consumer: a question, a complaint or a service request,
    from any channel, with its deadline, routing and outcome."""

    # NULL until registration: unique among registered appeals only.
    number = models.CharField(  # noqa: DJ001
        "регистрационный номер", max_length=16, unique=True, null=True
    )
    channel = models.CharField("канал", max_length=32, choices=Channel.choices)
    service_form = models.CharField(
        "форма обслуживания", max_length=16, choices=ServiceForm.choices
    )
    category = models.CharField("категория", max_length=16, choices=Category.choices)
    kind = models.CharField(
        "вид", max_length=16, choices=Kind.choices, default=Kind.APPEAL
    )
    topic = models.CharField("тематика", max_length=16, choices=Topic.choices)
    regime = models.CharField(
        "режим рассмотрения", max_length=32, choices=Regime.choices
    )
    has_complaint = models.BooleanField("содержит жалобу", default=False)
    has_service_request = models.BooleanField(
        "содержит заявку на услугу", default=False
    )
    service_request_type = models.CharField(
        "вид заявки на услугу",
        max_length=32,
        choices=ServiceRequestType.choices,
        blank=True,
    )
    # Outcome flags of table 4.1 (Приложение 7).
    led_to_connection_contract = models.BooleanField(
        "заключён договор ТП", default=False
    )
    led_to_transmission_contract = models.BooleanField(
        "заключён договор на передачу", default=False
    )
    complaint_settled = models.BooleanField("жалоба урегулирована", default=False)

    status = models.CharField(
        "статус", max_length=16, choices=Status.choices, default=Status.NEW
    )

    consumer = models.ForeignKey(
        "consumers.Consumer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name="потребитель",
    )
    consumer_account = models.ForeignKey(
        "consumers.ConsumerAccount",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supply_point = models.ForeignKey(
        "consumers.SupplyPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    building = models.ForeignKey(
        "territory.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address_text = models.CharField(
        "адрес, о котором обращение", max_length=300, blank=True
    )
    # A report of no power behind this appeal; through it the appeal belongs to the
    # outage that explains it (storm mode answers them together).
    power_report = models.OneToOneField(
        "outages.PowerReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeal",
        verbose_name="сообщение об отключении",
    )
    # Contact data as given with the appeal (also for anonymous appeals).
    contact_name = models.CharField("заявитель", max_length=300)
    contact_phone = models.CharField(
        "телефон", max_length=16, blank=True, db_index=True
    )
    contact_email = models.EmailField("e-mail", blank=True)
    contact_postal_address = models.CharField(
        "почтовый адрес", max_length=500, blank=True
    )
    answer_channel = models.CharField(
        "способ ответа",
        max_length=16,
        choices=AnswerChannel.choices,
        default=AnswerChannel.EMAIL,
    )
    subject = models.CharField("тема", max_length=300, blank=True)
    text = models.TextField("текст обращения")

    received_at = models.DateTimeField("поступило")
    registered_at = models.DateTimeField("зарегистрировано", null=True, blank=True)
    due_at = models.DateTimeField("срок ответа", null=True, blank=True)
    due_soon_at = models.DateTimeField("срок истекает с", null=True, blank=True)
    register_due_at = models.DateTimeField("зарегистрировать до", null=True, blank=True)
    extended_at = models.DateTimeField("срок продлён", null=True, blank=True)
    deadline_rule = models.ForeignKey(
        DeadlineRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set while the company waits for the consumer: the deadline clock is paused.
    paused_at = models.DateTimeField("срок приостановлен", null=True, blank=True)
    answered_at = models.DateTimeField("дан ответ", null=True, blank=True)
    closed_at = models.DateTimeField("закрыто", null=True, blank=True)
    escalated_at = models.DateTimeField("эскалировано", null=True, blank=True)

    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    group = models.ForeignKey(
        WorkGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_appeals",
        verbose_name="исполнитель",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    forwarded_to = models.CharField("перенаправлено в", max_length=300, blank=True)

    answer_text = models.TextField("ответ", blank=True)
    answer_sent_via = models.CharField(
        "ответ направлен", max_length=16, choices=AnswerChannel.choices, blank=True
    )
    rating = models.PositiveSmallIntegerField("оценка", null=True, blank=True)
    rating_comment = models.TextField("комментарий к оценке", blank=True)
    rated_at = models.DateTimeField("оценено", null=True, blank=True)
    external_id = models.CharField("внешний идентификатор", max_length=64, blank=True)
    # Denormalised lower-case search text (number, name, phone, address) for staff search.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = "обращение"
        verbose_name_plural = "обращения"
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["branch", "topic", "status"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["consumer", "received_at"]),
            models.Index(fields=["contact_email"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", Status), name="appeal_status_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("channel", Channel), name="appeal_channel_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("service_form", ServiceForm),
                name="appeal_service_form_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("category", Category), name="appeal_category_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("kind", Kind), name="appeal_kind_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("topic", Topic), name="appeal_topic_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("regime", Regime), name="appeal_regime_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="appeal_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(status=Status.NEW) | models.Q(number__isnull=False),
                name="appeal_registered_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"обращение #{self.pk} (не зарегистрировано)"

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    @property
    def is_open(self) -> bool:
        return self.status not in {Status.CLOSED, Status.WITHDRAWN, Status.FORWARDED}

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class AppealEvent(HistoryEvent):
    """One entry of an appeal's history: who did what, when, from which status to which.

    Append-only: rows are only inserted (a database trigger refuses UPDATE, and appeals
    with history cannot be deleted: PROTECT)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("когда", db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "событие обращения"
        verbose_name_plural = "история обращений"
        indexes = [models.Index(fields=["appeal", "at"])]


class AppealMessage(models.Model):
    """A message between the company and the consumer about an appeal (visible to both)."""

    class Direction(models.TextChoices):
        TO_CONSUMER = "to_consumer", "Потребителю"
        FROM_CONSUMER = "from_consumer", "От потребителя"

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(max_length=16, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField("текст")
    is_answer = models.BooleanField("ответ по существу", default=False)
    created_at = models.DateTimeField("создано")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "сообщение по обращению"
        verbose_name_plural = "сообщения по обращениям"


class AppealNote(models.Model):
    """An internal note of staff on an appeal; never shown to the consumer."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("текст")
    created_at = models.DateTimeField("создано")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "внутренняя заметка"
        verbose_name_plural = "внутренние заметки"


def _attachment_path(instance: "AppealAttachment", filename: str) -> str:
    # Generated names only: the consumer's file name is kept in `original_name`.
    return f"appeals/{instance.stored_name[:2]}/{instance.stored_name}"


class AppealAttachment(models.Model):
    """A file attached to an appeal or one of its messages, stored outside the database."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        AppealMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    original_name = models.CharField("имя файла", max_length=255)
    content_type = models.CharField("тип", max_length=100)
    size = models.PositiveIntegerField("размер, байт")
    sha256 = models.CharField(max_length=64)
    is_internal = models.BooleanField("только для сотрудников", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("загружен")

    class Meta:
        verbose_name = "вложение"
        verbose_name_plural = "вложения"


class ReceptionRequest(models.Model):
    """An appeal sent through the internet reception (интернет-приёмная) without an
    account: the e-mail confirmation that makes it registered, and the consent given.

    The appeal is written at once (status «new»: no number, no deadline, not in any
    queue); it is registered — number and deadline start — when the applicant opens
    the confirmation link sent to the e-mail. Unconfirmed when the link expires, the
    submission is deleted with its files: it never became an appeal. The tracking link
    is a signed token of this row's id (`appeals.reception`): nothing secret is stored."""

    appeal = models.OneToOneField(
        Appeal, on_delete=models.PROTECT, related_name="reception_request"
    )
    email = models.EmailField("e-mail для подтверждения")
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    # The consent to personal-data processing for considering the appeal (152-ФЗ):
    # the text version the applicant ticked.
    consent_text = models.ForeignKey(
        "consumers.ConsentText",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="текст согласия",
    )
    consent_given_at = models.DateTimeField("согласие дано")
    created_at = models.DateTimeField("отправлено")
    confirmed_at = models.DateTimeField("e-mail подтверждён", null=True, blank=True)

    class Meta:
        verbose_name = "обращение из интернет-приёмной"
        verbose_name_plural = "обращения из интернет-приёмной"
        indexes = [models.Index(fields=["confirmed_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email}: {self.appeal}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
