"""Grid connection applications (заявки на технологическое присоединение), their
stages with deadlines, history, uploaded documents, correction requests, technical
conditions and works records."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.models import StatusMark
from gridcare.calendars.terms import TermUnit
from gridcare.grid_connections.codes import (
    ApplicantCategory,
    ApplicantKind,
    Channel,
    FeeBasis,
    ReliabilityCategory,
    SettlementType,
    SpecialGroupClause,
    Stage,
    Status,
    VoltageClass,
)
from gridcare.grid_connections.workflow import OPEN_STATUSES, TRANSITIONS


def choices_q(
    field: str, choices: type[models.TextChoices], blank: bool = False
) -> models.Q:
    values = [c.value for c in choices] + ([""] if blank else [])
    return models.Q(**{f"{field}__in": values})


class ApplicationCounter(models.Model):
    """The last application number issued in a year; incremented under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    value = models.PositiveIntegerField(default=0)


class ConnectionApplication(models.Model):
    """An application for technological connection of power receivers (or a
    microgeneration facility) to the grid, from draft to the signed act or notice."""

    # NULL until filed: unique among filed applications only.
    number = models.CharField(
        _("номер заявки"), max_length=20, unique=True, null=True, blank=True
    )
    status = models.CharField(
        _("статус"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    channel = models.CharField(
        _("способ подачи"),
        max_length=24,
        choices=Channel.choices,
        default=Channel.PERSONAL_ACCOUNT,
    )
    category = models.CharField(
        _("категория заявителя"),
        max_length=24,
        choices=ApplicantCategory.choices,
        default=ApplicantCategory.INDIVIDUAL_15,
    )
    special_group_clause = models.CharField(
        _("пункт Правил (особая группа)"),
        max_length=8,
        choices=SpecialGroupClause.choices,
        blank=True,
    )
    applicant_kind = models.CharField(
        _("заявитель"),
        max_length=16,
        choices=ApplicantKind.choices,
        default=ApplicantKind.INDIVIDUAL,
    )

    # Who: the consumer (portal owner) and the applicant's data as filed.
    consumer = models.ForeignKey(
        "consumers.Consumer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="connection_applications",
        verbose_name=_("потребитель"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    applicant_name = models.CharField(_("ФИО или наименование"), max_length=300)
    identity_document = models.CharField(
        _("паспорт (серия, номер, кем и когда выдан)"), max_length=300, blank=True
    )
    registry_number = models.CharField(_("ОГРН / ОГРНИП"), max_length=15, blank=True)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True)
    contact_phone = models.CharField(_("телефон"), max_length=16, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    postal_address = models.CharField(_("почтовый адрес"), max_length=500, blank=True)
    representative_name = models.CharField(
        _("представитель (если подаёт представитель)"), max_length=300, blank=True
    )
    household_use_confirmed = models.BooleanField(
        _("для бытовых нужд, не связанных с предпринимательством"), default=False
    )
    is_social_category = models.BooleanField(
        _("льготная (социальная) категория"), default=False
    )
    social_category_basis = models.CharField(
        _("основание льготы"), max_length=300, blank=True
    )

    # What and where.
    object_name = models.CharField(_("объект"), max_length=300, blank=True)
    settlement = models.ForeignKey(
        "territory.Settlement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("населённый пункт"),
    )
    object_address = models.CharField(
        _("адрес объекта (улица, дом, участок)"), max_length=500, blank=True
    )
    cadastral_number = models.CharField(
        _("кадастровый номер участка"), max_length=40, blank=True
    )
    settlement_type = models.CharField(
        _("тип местности"), max_length=8, choices=SettlementType.choices, blank=True
    )
    distance_to_grid_m = models.PositiveIntegerField(
        _("расстояние до существующих сетей, м"), null=True, blank=True
    )
    requested_power_kw = models.DecimalField(
        _("запрашиваемая мощность, кВт"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    previous_power_kw = models.DecimalField(
        _("ранее присоединённая мощность, кВт"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
    )
    voltage = models.CharField(
        _("уровень напряжения"), max_length=8, choices=VoltageClass.choices, blank=True
    )
    reliability_category = models.CharField(
        _("категория надёжности"),
        max_length=1,
        choices=ReliabilityCategory.choices,
        default=ReliabilityCategory.THIRD,
    )
    temporary_until = models.DateField(
        _("временное присоединение до"), null=True, blank=True
    )
    consent_given_at = models.DateTimeField(
        _("согласие на обработку ПДн дано"), null=True, blank=True
    )
    consent_text = models.TextField(_("текст согласия"), blank=True)

    # Processing.
    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="connection_applications",
        verbose_name=_("филиал"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_connection_applications",
        verbose_name=_("инженер"),
    )
    needs_system_operator = models.BooleanField(
        _("требуется согласование с системным оператором"), default=False
    )
    created_at = models.DateTimeField(_("создана"))
    updated_at = models.DateTimeField(_("изменена"))
    received_at = models.DateTimeField(_("поступила"), null=True, blank=True)
    registered_at = models.DateTimeField(_("зарегистрирована"), null=True, blank=True)
    # Set while the company waits for missing data: the offer clock is paused.
    paused_at = models.DateTimeField(_("срок приостановлен"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("принята"), null=True, blank=True)
    offer_sent_at = models.DateTimeField(_("оферта направлена"), null=True, blank=True)
    contract_concluded_at = models.DateTimeField(
        _("договор заключён"), null=True, blank=True
    )
    fulfilment_checked_at = models.DateTimeField(
        _("выполнение ТУ проверено"), null=True, blank=True
    )
    connected_at = models.DateTimeField(
        _("фактическое присоединение"), null=True, blank=True
    )
    completed_at = models.DateTimeField(_("документы оформлены"), null=True, blank=True)
    closed_at = models.DateTimeField(_("отозвана/аннулирована"), null=True, blank=True)
    close_reason = models.TextField(_("причина"), blank=True)

    # Fee, fixed when the offer is issued (the breakdown is a snapshot of the rates).
    fee_amount = models.DecimalField(
        _("плата за ТП, руб. с НДС"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    fee_vat = models.DecimalField(
        _("в т. ч. НДС, руб."), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fee_basis = models.CharField(
        _("основание платы"), max_length=16, choices=FeeBasis.choices, blank=True
    )
    fee_breakdown = models.JSONField(_("расчёт платы"), default=dict, blank=True)
    invoice_number = models.CharField(_("номер счёта"), max_length=40, blank=True)
    paid_amount = models.DecimalField(
        _("оплачено, руб."), max_digits=14, decimal_places=2, null=True, blank=True
    )
    payment_reference = models.CharField(
        _("платёжный документ"), max_length=100, blank=True
    )
    actual_voltage = models.CharField(
        _("фактический уровень напряжения"),
        max_length=8,
        choices=VoltageClass.choices,
        blank=True,
    )
    actual_power_kw = models.DecimalField(
        _("фактически присоединённая мощность, кВт"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("заявка на ТП")
        verbose_name_plural = _("заявки на ТП")
        indexes = [
            models.Index(fields=["branch", "status"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["consumer", "created_at"]),
            models.Index(fields=["registered_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choices_q("status", Status),
                name="gc_application_status_valid",
            ),
            models.CheckConstraint(
                condition=choices_q("category", ApplicantCategory),
                name="gc_application_category_valid",
            ),
            models.CheckConstraint(
                condition=choices_q("channel", Channel),
                name="gc_application_channel_valid",
            ),
            models.CheckConstraint(
                condition=choices_q("applicant_kind", ApplicantKind),
                name="gc_application_kind_valid",
            ),
            models.CheckConstraint(
                condition=choices_q("voltage", VoltageClass, blank=True),
                name="gc_application_voltage_valid",
            ),
            models.CheckConstraint(
                condition=choices_q("reliability_category", ReliabilityCategory),
                name="gc_application_reliability_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT)
                | models.Q(number__isnull=False),
                name="gc_application_filed_has_number",
            ),
            models.CheckConstraint(
                condition=models.Q(requested_power_kw__isnull=True)
                | models.Q(requested_power_kw__gt=0),
                name="gc_application_power_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("черновик заявки №%(pk)s") % {"pk": self.pk})

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def total_power_kw(self) -> Decimal:
        """Maximum power incl. previously connected: the category bound applies to it."""
        return (self.requested_power_kw or Decimal(0)) + (
            self.previous_power_kw or Decimal(0)
        )


class ApplicationStage(models.Model):
    """One public stage of an application (ПП 24 п. 19 «л» ✅ [R41]) with the grid
    company's deadline for it, if any: when it started, when it is due (moved later by
    pauses), when it was done. Breaches per stage feed the quality indicator."""

    application = models.ForeignKey(
        ConnectionApplication, on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(_("этап"), max_length=16, choices=Stage.choices)
    started_at = models.DateTimeField(_("начат"))
    due_at = models.DateTimeField(_("срок"), null=True, blank=True)
    completed_at = models.DateTimeField(_("завершён"), null=True, blank=True)
    paused_at = models.DateTimeField(_("приостановлен"), null=True, blank=True)
    # The term as applied (snapshot: later edits of the rule do not rewrite it).
    deadline_case = models.CharField(_("случай"), max_length=32, blank=True)
    term_amount = models.PositiveIntegerField(_("срок, единиц"), null=True, blank=True)
    term_unit = models.CharField(
        _("единица срока"), max_length=16, choices=TermUnit.choices, blank=True
    )
    term_mark = models.CharField(
        _("статус значения"), max_length=2, choices=StatusMark.choices, blank=True
    )
    term_reference = models.CharField(_("источник срока"), max_length=300, blank=True)

    class Meta:
        ordering = ["application", "started_at", "id"]
        verbose_name = _("этап заявки")
        verbose_name_plural = _("этапы заявок")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage"], name="gc_stage_once_per_application"
            ),
            models.CheckConstraint(
                condition=choices_q("stage", Stage), name="gc_stage_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_stage_display()}"

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None

    @property
    def is_breached(self) -> bool:
        """Done after its deadline (open stages: see stages.stage_state)."""
        return bool(
            self.due_at and self.completed_at and self.completed_at > self.due_at
        )


class ApplicationEvent(models.Model):
    """One entry of an application's history: who did what, when, from which status to
    which. Append-only (a database trigger refuses UPDATE; PROTECT refuses DELETE)."""

    application = models.ForeignKey(
        ConnectionApplication, on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("когда"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=40)
    from_status = models.CharField(_("из статуса"), max_length=24, blank=True)
    to_status = models.CharField(_("в статус"), max_length=24, blank=True)
    details = models.JSONField(_("подробности"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("событие заявки на ТП")
        verbose_name_plural = _("история заявок на ТП")
        indexes = [models.Index(fields=["application", "at"])]


class CorrectionRequest(models.Model):
    """A request of the grid company to complete or fix an application, and the
    applicant's answer. While it is open the offer clock is paused."""

    application = models.ForeignKey(
        ConnectionApplication, on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("что нужно исправить"))
    requested_at = models.DateTimeField(_("запрошено"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer_text = models.TextField(_("ответ заявителя"), blank=True)
    answered_at = models.DateTimeField(_("исправлено"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("запрос недостающих сведений")
        verbose_name_plural = _("запросы недостающих сведений")


def _file_path(instance: "ApplicationFile", filename: str) -> str:
    # Generated names only: the applicant's file name is kept in `original_name`.
    return f"grid_connections/{instance.stored_name[:2]}/{instance.stored_name}"


class ApplicationFile(models.Model):
    """A document the applicant attached (site plan, title document …), stored on
    disk under a generated name, linked to the requirement it satisfies."""

    application = models.ForeignKey(
        ConnectionApplication, on_delete=models.CASCADE, related_name="files"
    )
    requirement_code = models.CharField(_("документ"), max_length=40)
    file = models.FileField(upload_to=_file_path, max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    original_name = models.CharField(_("имя файла"), max_length=255)
    content_type = models.CharField(_("тип"), max_length=100)
    size = models.PositiveIntegerField(_("размер, байт"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("загружен"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("документ заявителя")
        verbose_name_plural = _("документы заявителей")
