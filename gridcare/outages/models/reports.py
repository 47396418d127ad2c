"""Reports of no power from consumers (any channel), suggestions of new outages for
dispatch, and uploaded planned-works schedules."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportChannel(models.TextChoices):
    """Where a report of no power came from (same codes as the appeal channels)."""

    PERSONAL_ACCOUNT = "personal_account", _("Личный кабинет")
    INTERNET_RECEPTION = "internet_reception", _("Интернет-приёмная")
    MOBILE_APP = "mobile_app", _("Мобильное приложение")
    CHATBOT = "chatbot", _("Чат-бот")
    PHONE = "phone", _("Телефон (оператор)")
    IVR = "ivr", _("Голосовое меню (IVR)")
    OFFICE = "office", _("Офис обслуживания")
    OTHER = "other", _("Прочее")


class OutageSuggestion(models.Model):
    """Several reports of no power close together where no outage is known: dispatch
    should check and open an outage, or dismiss the suggestion."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ожидает решения")
        ACCEPTED = "accepted", _("Открыто отключение")
        DISMISSED = "dismissed", _("Отклонено")

    settlement = models.ForeignKey(
        "territory.Settlement", on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "territory.Street",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "статус", max_length=16, choices=Status.choices, default=Status.OPEN
    )
    first_report_at = models.DateTimeField("первое сообщение")
    last_report_at = models.DateTimeField("последнее сообщение")
    report_count = models.PositiveIntegerField("сообщений", default=0)
    outage = models.ForeignKey(
        "outages.Outage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_report_at", "-id"]
        verbose_name = "предложение открыть отключение"
        verbose_name_plural = "предложения открыть отключение"
        indexes = [models.Index(fields=["status", "settlement", "street"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "accepted", "dismissed"]),
                name="outage_suggestion_status_valid",
            )
        ]

    def __str__(self) -> str:
        place = self.street or self.settlement
        return f"{place}: {self.report_count} сообщ."


class PowerReport(models.Model):
    """A report that there is no power at an address, from any channel. Linked to the
    outage that explains it — at once, or later when dispatch opens one; otherwise it
    waits in the dispatch queue as a possible new outage."""

    channel = models.CharField("канал", max_length=32, choices=ReportChannel.choices)
    settlement = models.ForeignKey(
        "territory.Settlement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    street = models.ForeignKey(
        "territory.Street",
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
    supply_point = models.ForeignKey(
        "consumers.SupplyPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address_text = models.CharField("адрес (как назван)", max_length=300, blank=True)
    contact_phone = models.CharField("телефон", max_length=16, blank=True)
    reported_at = models.DateTimeField("когда сообщено", db_index=True)
    outage = models.ForeignKey(
        "outages.Outage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="power_reports",
    )
    # "intake": a known outage at once; "outage_opened": linked when the outage was
    # opened; "suggestion": via an accepted suggestion; "staff": by hand.
    link_source = models.CharField("как привязано", max_length=16, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)
    suggestion = models.ForeignKey(
        OutageSuggestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    dismissed_at = models.DateTimeField("снято с контроля", null=True, blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = "сообщение об отсутствии электроэнергии"
        verbose_name_plural = "сообщения об отсутствии электроэнергии"
        indexes = [
            models.Index(fields=["outage", "reported_at"]),
            models.Index(fields=["street", "reported_at"]),
            models.Index(fields=["settlement", "reported_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=ReportChannel.values),
                name="power_report_channel_valid",
            )
        ]

    def __str__(self) -> str:
        return self.address_text or f"сообщение № {self.pk}"

    @property
    def is_waiting(self) -> bool:
        """In the dispatch queue: no outage explains it yet and nobody dismissed it."""
        return self.outage_id is None and self.dismissed_at is None


class ScheduleImport(models.Model):
    """An uploaded planned-works schedule (XLSX/CSV): the parsed rows with their errors
    for the preview, then the outages created from the valid rows."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Предпросмотр")
        APPLIED = "applied", _("Загружено")
        DISCARDED = "discarded", _("Отменено")

    file_name = models.CharField("файл", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен")
    status = models.CharField(
        "статус", max_length=16, choices=Status.choices, default=Status.PREVIEW
    )
    # [{"line", "values", "errors", "warnings", "group", "parsed"}] — see schedule_import.
    rows = models.JSONField("строки", default=list)
    applied_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField("создано отключений", default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "загрузка графика плановых работ"
        verbose_name_plural = "загрузки графика плановых работ"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["preview", "applied", "discarded"]),
                name="schedule_import_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def valid_rows(self) -> list[dict]:
        return [r for r in self.rows if not r.get("errors")]

    @property
    def error_rows(self) -> list[dict]:
        return [r for r in self.rows if r.get("errors")]
