"""Offices where consumers are served in person: customer service centres (ЦОП) and
customer service points (пункты по работе с потребителями); their opening hours and
services, appointments (запись на приём) and the electronic queue (visits)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import BigIntegerField, F, Func
from django.utils.translation import gettext_lazy as _

from gridcare.core.models import choice_in


class OfficeKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("Центр обслуживания потребителей")
    SERVICE_POINT = "service_point", _("Пункт по работе с потребителями")


class OfficeService(models.Model):
    """What a consumer can do in an office by appointment («Консультация», «Приём
    показаний»…) and how long one slot of it lasts. Editable data (⚠️ the regulation
    lists office services, not their durations)."""

    code = models.SlugField("код", max_length=32, unique=True)
    name = models.CharField("название", max_length=200)
    slot_minutes = models.PositiveSmallIntegerField(
        "длительность приёма, мин", default=15
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "услуга офиса"
        verbose_name_plural = "услуги офисов"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5, slot_minutes__lte=240),
                name="office_service_slot_minutes_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """An office of the company (Приложение 7, table 4.2 lists each one)."""

    Kind = OfficeKind

    kind = models.CharField("тип офиса", max_length=16, choices=OfficeKind.choices)
    name = models.CharField("название", max_length=200)
    branch = models.ForeignKey(
        "territory.Branch", on_delete=models.PROTECT, related_name="offices"
    )
    building = models.ForeignKey(
        "territory.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField("адрес", max_length=300)
    phone = models.CharField("телефон", max_length=32, blank=True)
    email = models.EmailField("e-mail", blank=True)
    # Shown as written; slots are computed from OfficeHours rows.
    opening_hours = models.CharField("режим работы", max_length=300)
    services = models.TextField("предоставляемые услуги", blank=True)
    # A remote service centre takes only written/remote channels (seed: two in Kazan).
    serves_remote_channels = models.BooleanField(
        "обрабатывает заочные обращения", default=False
    )
    is_active = models.BooleanField("работает", default=True)
    desks = models.PositiveSmallIntegerField(
        "окон приёма",
        default=1,
        help_text="Сколько посетителей принимают одновременно.",
    )
    appointment_services = models.ManyToManyField(
        OfficeService,
        blank=True,
        related_name="offices",
        verbose_name="услуги по записи",
    )

    class Meta:
        ordering = ["branch__order", "name"]
        verbose_name = "офис обслуживания"
        verbose_name_plural = "офисы обслуживания"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in OfficeKind]),
                name="office_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(desks__gte=1), name="office_desks_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OfficeHours(models.Model):
    """The office's hours on one weekday (0 = Monday), with an optional lunch break.

    Editable data. A weekday without a row is a day off; holidays come from the
    production calendar (see `schedule.py`)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(
        "день недели",
        choices=[
            (i, d) for i, d in enumerate(["пн", "вт", "ср", "чт", "пт", "сб", "вс"])
        ],
    )
    opens = models.TimeField("начало работы")
    closes = models.TimeField("окончание работы")
    lunch_from = models.TimeField("обед с", null=True, blank=True)
    lunch_to = models.TimeField("обед до", null=True, blank=True)

    class Meta:
        ordering = ["office", "weekday"]
        verbose_name = "часы работы"
        verbose_name_plural = "часы работы"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "weekday"], name="office_hours_unique_weekday"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="office_hours_weekday_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="office_hours_opens_before_closes",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(lunch_from__isnull=True, lunch_to__isnull=True)
                    | models.Q(
                        lunch_from__gt=models.F("opens"),
                        lunch_to__gt=models.F("lunch_from"),
                        lunch_to__lt=models.F("closes"),
                    )
                ),
                name="office_hours_lunch_inside",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.get_weekday_display()}"


class AppointmentStatus(models.TextChoices):
    # A slot is held for the consumer (also after a move).
    BOOKED = "booked", _("Записан")
    # The consumer came; a queue ticket was issued.
    ARRIVED = "arrived", _("Пришёл, выдан талон")
    # A desk called the ticket.
    CALLED = "called", _("Приглашён к окну")
    # Served at the desk; final.
    SERVED = "served", _("Обслужен")
    # Did not come by the end of the slot, or did not answer the call; final.
    NO_SHOW = "no_show", _("Не явился")
    # Cancelled by the consumer or by the office; final, the slot is free again.
    CANCELLED = "cancelled", _("Отменена")


# Statuses that hold a slot (count against the office's desks).
HOLDING_STATUSES = (
    AppointmentStatus.BOOKED,
    AppointmentStatus.ARRIVED,
    AppointmentStatus.CALLED,
)


class Appointment(models.Model):
    """A consumer's appointment at an office for one service at one slot."""

    Status = AppointmentStatus

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="appointments"
    )
    service = models.ForeignKey(
        OfficeService, on_delete=models.PROTECT, related_name="appointments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="office_appointments",
    )
    code = models.CharField("код записи", max_length=8, unique=True)
    starts_at = models.DateTimeField("начало")
    ends_at = models.DateTimeField("окончание")
    # Which desk's capacity the slot takes (1…office.desks): with the conditional
    # unique constraint below, no slot start is booked beyond capacity even if a
    # lock is missed.
    desk = models.PositiveSmallIntegerField("окно")
    status = models.CharField(
        max_length=16,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField("напоминание отправлено", null=True, blank=True)
    closed_at = models.DateTimeField("завершена", null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = "запись на приём"
        verbose_name_plural = "записи на приём"
        indexes = [
            models.Index(fields=["office", "starts_at"]),
            models.Index(fields=["user", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", AppointmentStatus),
                name="appointment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["office", "starts_at", "desk"],
                condition=models.Q(status__in=[s.value for s in HOLDING_STATUSES]),
                name="appointment_desk_slot_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_future(self) -> bool:
        from django.utils import timezone

        return self.starts_at > timezone.now()

    def can_move(self) -> bool:
        return self.status == AppointmentStatus.BOOKED and self.is_future

    def can_cancel(self) -> bool:
        return self.status == AppointmentStatus.BOOKED

    def can_arrive(self) -> bool:
        return self.status == AppointmentStatus.BOOKED


class VisitStatus(models.TextChoices):
    # A ticket was issued; the visitor waits in the hall.
    WAITING = "waiting", _("Ожидает")
    # A desk called the ticket; the visitor is being served.
    CALLED = "called", _("Приглашён")
    # Served; final.
    SERVED = "served", _("Обслужен")
    # Called but did not come to the desk; final.
    NO_SHOW = "no_show", _("Не подошёл")


class WholeSeconds(Func):
    """Whole seconds of a duration `end - start`, truncated and never negative: per
    row exactly ``max(0, int((end - start).total_seconds()))`` in Python.

    Native SQL on both databases (no per-row Python function): SQLite stores the
    times as text «YYYY-MM-DD HH:MM:SS[.ffffff]» (UTC), so microseconds are
    ``strftime('%s', first 19 characters) * 10⁶ + the fraction`` and integer division
    truncates; PostgreSQL floors the epoch of the interval. NULL when either time is.
    Deterministic, so it can define a stored generated column."""

    output_field = BigIntegerField()

    def __init__(self, end: str, start: str) -> None:
        super().__init__(F(end), F(start))

    def _sides(self, compiler: Any) -> tuple[str, str, list[Any], list[Any]]:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return end_sql, start_sql, list(end_params), list(start_params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        def micro(sql: str) -> str:
            return (
                f"(CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER) * 1000000"
                f" + CAST(substr({sql} || '.000000', 21, 6) AS INTEGER))"
            )

        end, start, end_params, start_params = self._sides(compiler)
        sql = f"MAX(0, ({micro(end)} - {micro(start)}) / 1000000)"
        return sql, end_params * 2 + start_params * 2

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end, start, end_params, start_params = self._sides(compiler)
        sql = (
            f"CAST(GREATEST(0, FLOOR(EXTRACT(EPOCH FROM ({end} - {start})))) AS bigint)"
        )
        return sql, end_params + start_params


class Visit(models.Model):
    """A visit to an office: an electronic queue ticket («А-012») and its times.

    Arrival (ticket) → called → served gives the waiting time (table 4.2; ✅ at most
    30 minutes [R5]) and the service time. Walk-ins have no appointment."""

    Status = VisitStatus

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="visits")
    day = models.DateField("дата (МСК)")
    number = models.PositiveIntegerField("номер талона")
    prefix = models.CharField("буква талона", max_length=2, default="А")
    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit",
    )
    service = models.ForeignKey(
        OfficeService, on_delete=models.PROTECT, related_name="visits"
    )
    status = models.CharField(
        max_length=16, choices=VisitStatus.choices, default=VisitStatus.WAITING
    )
    arrived_at = models.DateTimeField("талон выдан")
    # When waiting starts: the ticket, or the booked time for one who came early.
    wait_from = models.DateTimeField("ожидание с")
    called_at = models.DateTimeField("приглашён", null=True, blank=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)
    desk = models.PositiveSmallIntegerField("окно", null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Whole seconds waited and served, kept by the database itself (stored generated
    # columns), so the yearly statistics sum integers instead of parsing times. The
    # properties wait_seconds / service_seconds give the same for a visit in hand.
    stat_wait_seconds = models.GeneratedField(
        expression=WholeSeconds("called_at", "wait_from"),
        output_field=models.BigIntegerField(null=True),
        db_persist=True,
    )
    stat_service_seconds = models.GeneratedField(
        expression=WholeSeconds("finished_at", "called_at"),
        output_field=models.BigIntegerField(null=True),
        db_persist=True,
    )

    class Meta:
        ordering = ["day", "number"]
        verbose_name = "посещение (талон)"
        verbose_name_plural = "посещения (талоны)"
        indexes = [
            models.Index(fields=["office", "day", "status"]),
            # office_visit_stats: the visits of a period grouped by office.
            models.Index(fields=["day", "office"], name="visit_day_office"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "day", "number"], name="visit_ticket_unique"
            ),
            models.CheckConstraint(
                condition=choice_in("status", VisitStatus), name="visit_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.ticket

    @property
    def ticket(self) -> str:
        return f"{self.prefix}-{self.number:03d}"

    @property
    def wait_seconds(self) -> int | None:
        if self.called_at is None:
            return None
        return max(0, int((self.called_at - self.wait_from).total_seconds()))

    @property
    def service_seconds(self) -> int | None:
        if self.called_at is None or self.finished_at is None:
            return None
        if self.status != VisitStatus.SERVED:
            return None
        return max(0, int((self.finished_at - self.called_at).total_seconds()))


class OfficeEvent(models.Model):
    """History of appointments and queue tickets: who did what, when, from → to."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField("действие", max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField()
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "событие записи или талона"
        verbose_name_plural = "история записей и талонов"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(appointment__isnull=False)
                | models.Q(visit__isnull=False),
                name="office_event_has_subject",
            )
        ]
