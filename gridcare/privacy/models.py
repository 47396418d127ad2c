"""Personal data (152-ФЗ): subjects' requests, retention and anonymisation, the access log search, subject data export.

A subject's request is an appeal of the registry with the regime «Запрос субъекта
персональных данных» (its number, deadline and messages live there); `SubjectRequest`
holds what is specific to personal data: the request type, what was found, what was
changed, the decision and the extension."""

from django.conf import settings
from django.db import models

from gridcare.consumers.models import ConsentPurpose
from gridcare.core.models import HistoryEvent, choice_in
from gridcare.privacy.workflow import TRANSITIONS


class RequestType(models.TextChoices):
    """What the subject asks for (152-ФЗ ст. 14, 20, 21)."""

    ACCESS = "access", "Сведения об обрабатываемых данных"
    CORRECTION = "correction", "Уточнение (исправление) данных"
    DELETION = "deletion", "Удаление (обезличивание) данных"
    WITHDRAW_CONSENT = "withdraw_consent", "Отзыв согласия на обработку"


class RequestStatus(models.TextChoices):
    # Registered with the appeal: number given, the 10-working-day clock runs.
    REGISTERED = "registered", "Зарегистрирован"
    # The data protection officer works on it.
    IN_WORK = "in_work", "В работе"
    # The answer was sent to the subject; final.
    ANSWERED = "answered", "Дан ответ"


class Decision(models.TextChoices):
    FULFILLED = "fulfilled", "Выполнен"
    PARTIALLY = "partially", "Выполнен частично"
    REFUSED = "refused", "Мотивированный отказ"


class CorrectableField(models.TextChoices):
    """Fields of the consumer card a correction request may name."""

    NAME = "name", "ФИО или наименование"
    PHONE = "phone", "Телефон"
    EMAIL = "email", "E-mail"
    POSTAL_ADDRESS = "postal_address", "Почтовый адрес"


class SubjectRequest(models.Model):
    """A request of a personal-data subject (запрос субъекта ПДн), answered within 10
    working days, extendable once by 5 with a reasoned notice (152-ФЗ ст. 14, 20 ✅ [R66])."""

    Type = RequestType
    Status = RequestStatus

    appeal = models.OneToOneField(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        related_name="subject_request",
        verbose_name="обращение",
    )
    consumer = models.ForeignKey(
        "consumers.Consumer",
        on_delete=models.PROTECT,
        related_name="subject_requests",
        verbose_name="субъект",
    )
    type = models.CharField("вид запроса", max_length=32, choices=RequestType.choices)
    status = models.CharField(
        "статус",
        max_length=16,
        choices=RequestStatus.choices,
        default=RequestStatus.REGISTERED,
    )
    # Correction: the fields named and the values the subject asks for.
    requested_changes = models.JSONField("запрошенные изменения", default=dict)
    # Consent withdrawal: the purpose (ConsentPurpose value).
    consent_purpose = models.CharField("цель согласия", max_length=32, blank=True)
    found = models.TextField("что найдено", blank=True)
    # [{"field", "before", "after", "at"}], filled by the correction service.
    changes = models.JSONField("внесённые изменения", default=list)
    decision = models.CharField(
        "решение", max_length=16, choices=Decision.choices, blank=True
    )
    answer_text = models.TextField("ответ", blank=True)
    extended_at = models.DateTimeField("срок продлён", null=True, blank=True)
    extension_reason = models.TextField("причина продления", blank=True)
    created_at = models.DateTimeField("получен")
    answered_at = models.DateTimeField("дан ответ", null=True, blank=True)

    class Meta:
        verbose_name = "запрос субъекта ПДн"
        verbose_name_plural = "запросы субъектов ПДн"
        constraints = [
            models.CheckConstraint(
                condition=choice_in("type", RequestType),
                name="subject_request_type_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("status", RequestStatus),
                name="subject_request_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(decision="") | choice_in("decision", Decision),
                name="subject_request_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.appeal}"

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    def can_extend(self) -> bool:
        return self.extended_at is None and self.status != RequestStatus.ANSWERED

    @property
    def requested_changes_labelled(self) -> list[tuple[str, str]]:
        return [
            (str(CorrectableField(name).label), value)
            for name, value in self.requested_changes.items()
            if name in CorrectableField.values
        ]

    @property
    def consent_purpose_label(self) -> str:
        if self.consent_purpose in ConsentPurpose.values:
            return str(ConsentPurpose(self.consent_purpose).label)
        return self.consent_purpose

    @property
    def changes_labelled(self) -> list[dict[str, object]]:
        return [
            {**c, "label": CorrectableField(c["field"]).label}
            if c.get("field") in CorrectableField.values
            else c
            for c in self.changes
        ]


EVENT_LABELS = {
    "filed": "Запрос подан",
    "taken": "Взят в работу",
    "extended": "Срок продлён",
    "corrected": "Данные исправлены",
    "answered": "Дан ответ",
}


class SubjectRequestEvent(HistoryEvent):
    """One step of a subject request: who, when, from which status to which, what.

    Append-only: the database refuses UPDATE (migration 0002)."""

    request = models.ForeignKey(
        SubjectRequest, on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "шаг запроса субъекта ПДн"
        verbose_name_plural = "история запросов субъектов ПДн"

    @property
    def action_label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)

    @property
    def to_status_label(self) -> str:
        if self.to_status in RequestStatus.values:
            return str(RequestStatus(self.to_status).label)
        return ""


class RetentionEntity(models.TextChoices):
    """What a retention rule applies to; each has one handler in `retention.py`."""

    APPEAL = "appeal", "Обращения (закрытые)"
    LIVE_CHAT = "live_chat", "Онлайн-чаты (закрытые)"
    NOTIFICATION = "notification", "Уведомления"
    ACCESS_LOG = "access_log", "Журнал доступа к ПДн"


class RetentionAction(models.TextChoices):
    DELETE = "delete", "Удалить"
    ANONYMISE = "anonymise", "Обезличить"


class AgeUnit(models.TextChoices):
    DAYS = "days", "дней"
    YEARS = "years", "лет"


class RetentionRule(models.Model):
    """How long records of one kind are kept after closure, and what happens then.

    The periods are our proposal (⚠️ regulation.md §6.1: destroy when the purpose is
    achieved, 152-ФЗ ст. 21), so they are data edited in /admin/ without a release."""

    entity = models.CharField(
        "записи", max_length=32, choices=RetentionEntity.choices, unique=True
    )
    age = models.PositiveIntegerField("срок хранения")
    age_unit = models.CharField(
        "единица", max_length=8, choices=AgeUnit.choices, default=AgeUnit.YEARS
    )
    action = models.CharField(
        "действие", max_length=16, choices=RetentionAction.choices
    )
    legal_basis = models.CharField("основание", max_length=300)
    status_mark = models.CharField("статус значения", max_length=2, default="⚠️")
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "правило хранения ПДн"
        verbose_name_plural = "правила хранения ПДн"
        constraints = [
            models.CheckConstraint(
                condition=choice_in("entity", RetentionEntity),
                name="retention_rule_entity_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("action", RetentionAction),
                name="retention_rule_action_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("age_unit", AgeUnit),
                name="retention_rule_unit_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(age__gt=0), name="retention_rule_age_positive"
            ),
            # Reports count appeals and chats: they are anonymised, never deleted.
            models.CheckConstraint(
                condition=~models.Q(
                    entity__in=[RetentionEntity.APPEAL, RetentionEntity.LIVE_CHAT],
                    action=RetentionAction.DELETE,
                ),
                name="retention_rule_counted_not_deleted",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_entity_display()}: {self.get_action_display().lower()} "
            f"через {self.age} {self.get_age_unit_display()}"
        )


class RetentionLogEntry(models.Model):
    """One batch a retention rule deleted or anonymised (append-only)."""

    rule = models.ForeignKey(
        RetentionRule, on_delete=models.PROTECT, related_name="log_entries"
    )
    entity = models.CharField("записи", max_length=32)
    action = models.CharField("действие", max_length=16)
    count = models.PositiveIntegerField("сколько")
    first_id = models.BigIntegerField("с id")
    last_id = models.BigIntegerField("по id")
    cutoff = models.DateTimeField("закрыты до")
    at = models.DateTimeField("когда", db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "запись журнала хранения"
        verbose_name_plural = "журнал хранения ПДн"


class Anonymisation(models.Model):
    """A consumer's personal data replaced with placeholders (deletion request or
    decision of the data protection officer); what was touched, counted."""

    consumer = models.OneToOneField(
        "consumers.Consumer",
        on_delete=models.PROTECT,
        related_name="anonymisation",
        verbose_name="субъект",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField("основание")
    counts = models.JSONField("обезличено записей", default=dict)
    at = models.DateTimeField("когда")

    class Meta:
        verbose_name = "обезличивание субъекта"
        verbose_name_plural = "обезличивания субъектов"
