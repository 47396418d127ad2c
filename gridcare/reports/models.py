"""Regulatory reports (Приказ № 186, Приложение 7), daily aggregates, dashboards, history
import: the aggregate table and its dirty-day marks, figures entered by hand, the editable
layout of table 4.1, scheduled e-mail reports and export jobs."""

from django.conf import settings
from django.db import models

from gridcare.appeals.codes import Category, Channel, Kind, ServiceForm


class DeadlineBucket(models.TextChoices):
    """How an appeal stands against its deadline (fixed once the appeal is answered)."""

    # Still waiting for the company: overdue or not is decided at read time.
    OPEN = "open", "В работе"
    ON_TIME = "on_time", "Ответ в срок"
    LATE = "late", "Ответ с нарушением срока"
    # Closed without an answer (withdrawn, forwarded).
    NO_ANSWER = "no_answer", "Без ответа по существу"


class DailyAppealStat(models.Model):
    """Number of registered appeals received on one Moscow day with one combination of
    the report dimensions. Rebuilt per day by `aggregates.stat_days_refresh`; a day is
    trusted only while no `DirtyDay` mark covers it."""

    day = models.DateField("день (МСК)")
    branch_id = models.IntegerField("филиал", null=True)
    channel = models.CharField("канал", max_length=32, choices=Channel.choices)
    service_form = models.CharField(
        "форма обслуживания", max_length=16, choices=ServiceForm.choices
    )
    category = models.CharField("категория", max_length=16, choices=Category.choices)
    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    has_complaint = models.BooleanField()
    has_service_request = models.BooleanField()
    service_request_type = models.CharField(max_length=32, blank=True)
    led_to_connection_contract = models.BooleanField()
    led_to_transmission_contract = models.BooleanField()
    complaint_settled = models.BooleanField()
    deadline = models.CharField(max_length=16, choices=DeadlineBucket.choices)
    count = models.PositiveIntegerField()
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "дневной итог обращений"
        verbose_name_plural = "дневные итоги обращений"
        indexes = [models.Index(fields=["day"])]


class DirtyDay(models.Model):
    """A UTC calendar day on which some appeal (by its `received_at`) was inserted,
    changed or deleted since its aggregates were built. Written by database triggers on
    the appeal table (so bulk loads are caught too); a UTC day touches Moscow days
    `day` and `day + 1`."""

    day = models.DateField(primary_key=True)
    # Bumped by every change: a refresh clears the mark only if nothing changed since
    # it read the version (a concurrent change keeps the day dirty).
    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = "день к пересчёту"
        verbose_name_plural = "дни к пересчёту"


class PhoneServiceFigures(models.Model):
    """Telephone-service figures of one year entered by staff by hand, used while the
    contact centre keeps no call records (⚠️ regulation.md §1.7, §1.10: the phone
    section of Приложение 7 was not retrieved, its rows are our reconstruction)."""

    year = models.PositiveSmallIntegerField("год", unique=True)
    calls_total = models.PositiveIntegerField("поступило звонков")
    calls_by_operator = models.PositiveIntegerField("обработано операторами")
    calls_automatic = models.PositiveIntegerField("обработано автоматически (IVR)")
    calls_missed = models.PositiveIntegerField("пропущено", default=0)
    avg_wait_seconds = models.PositiveIntegerField("среднее ожидание, с", default=0)
    avg_talk_seconds = models.PositiveIntegerField("средний разговор, с", default=0)
    callbacks_within_4h_percent = models.DecimalField(
        "перезвон в течение 4 часов, %",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="✅ [R5]: ответ сразу, иначе перезвон в течение 4 часов.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField("источник данных", max_length=300, blank=True)

    class Meta:
        verbose_name = "показатели телефонного обслуживания (вручную)"
        verbose_name_plural = "показатели телефонного обслуживания (вручную)"

    def __str__(self) -> str:
        return f"{self.year}: {self.calls_total}"


class Table41Row(models.Model):
    """One row of Приложение 7 table 4.1: its number, wording and which appeals it
    counts. The row list is ⚠️ (regulation.md §1.10, [R2]): data, editable in /admin/.

    `filters` is a JSON object of appeal fields to equal, e.g.
    {"has_complaint": true, "category": "connection"}; {} counts every appeal."""

    number = models.CharField("№", max_length=8)
    title = models.CharField("категория обращений", max_length=300)
    filters = models.JSONField("условие", default=dict, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_bold = models.BooleanField("выделить", default=False)
    status_mark = models.CharField("статус значения", max_length=2, default="⚠️")
    reference = models.CharField(
        "источник", max_length=100, default="[R2] regulation.md §1.10"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "строка таблицы 4.1"
        verbose_name_plural = "строки таблицы 4.1"

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ReportSubscription(models.Model):
    """A report sent by e-mail on a schedule (weekly on Mondays, monthly on the 1st)."""

    class Report(models.TextChoices):
        DASHBOARD = "dashboard", "Система в цифрах (таблицы)"
        REPORT_186 = "report_186", "Приложение 7 к Приказу № 186"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Еженедельно"
        MONTHLY = "monthly", "Ежемесячно"

    report = models.CharField("отчёт", max_length=16, choices=Report.choices)
    frequency = models.CharField(
        "периодичность", max_length=8, choices=Frequency.choices
    )
    recipients = models.TextField(
        "получатели", help_text="Адреса e-mail через запятую."
    )
    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField("действует", default=True)
    last_sent_on = models.DateField("отправлено", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "рассылка отчёта"
        verbose_name_plural = "рассылки отчётов"

    def __str__(self) -> str:
        return f"{self.get_report_display()} — {self.get_frequency_display()}"

    @property
    def recipient_list(self) -> list[str]:
        return [a.strip() for a in self.recipients.split(",") if a.strip()]


def _export_path(instance: "ExportJob", filename: str) -> str:
    return f"reports/exports/{instance.pk or 'new'}-{filename}"


class ExportJob(models.Model):
    """A long export (XLSX of every dashboard table, the Приложение 7 report) built by a
    task; its page polls `done`/`total` until the file is ready."""

    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Готово"
        FAILED = "failed", "Ошибка"

    class Kind(models.TextChoices):
        DASHBOARD_XLSX = "dashboard_xlsx", "Система в цифрах, XLSX"
        REPORT_186_XLSX = "report_186_xlsx", "Приложение 7, XLSX"
        REPORT_186_PDF = "report_186_pdf", "Приложение 7, PDF"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    params = models.JSONField(default=dict)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to=_export_path, blank=True, max_length=200)
    filename = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "выгрузка"
        verbose_name_plural = "выгрузки"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="export_job_status_valid",
            )
        ]

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0
