"""The outage registry: planned and unplanned outages, the territory each covers, the
points of supply cut off (Пsaidi/Пsaifi inputs), restoration estimates and history."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.consumers.models import VoltageLevel
from gridcare.core.models import HistoryEvent, choice_in
from gridcare.outages.workflow import TRANSITIONS


class OutageKind(models.TextChoices):
    PLANNED = "planned", _("Плановое")
    UNPLANNED = "unplanned", _("Аварийное")


class OutageStatus(models.TextChoices):
    # Planned works announced; power is still on.
    PLANNED = "planned", _("Запланировано")
    # Power is off at the affected addresses.
    IN_PROGRESS = "in_progress", _("Электроснабжение прекращено")
    # Power is back everywhere; `ended_at` is set. Final.
    RESTORED = "restored", _("Электроснабжение восстановлено")
    # Planned works called off before they began. Final.
    CANCELLED = "cancelled", _("Отменено")


class Cause(models.TextChoices):
    """Stable cause codes (imports, API, reports); the public text is `cause_text`."""

    PLANNED_REPAIR = "planned_repair", "Плановый ремонт оборудования"
    MAINTENANCE = "maintenance", "Техническое обслуживание"
    CONSTRUCTION = "construction", "Строительство и реконструкция сетей"
    CONNECTION_WORKS = "connection_works", "Работы по технологическому присоединению"
    EQUIPMENT_FAILURE = "equipment_failure", "Повреждение оборудования"
    WEATHER = "weather", "Неблагоприятные погодные условия"
    THIRD_PARTY = "third_party", "Повреждение сторонними лицами"
    UPSTREAM = "upstream", "Отключение в сети смежной организации"
    CONSUMER_REQUEST = "consumer_request", "По заявке потребителя"
    LOAD_SHEDDING = "load_shedding", "Графики аварийного ограничения"
    OTHER = "other", "Иная причина"


class ExclusionClass(models.Model):
    """A class of interruptions for the reliability indicators Пsaidi/Пsaifi and whether
    it counts in them. Which interruptions the methodology excludes is not confirmed
    (❓ regulation.md §2.2, [R12]), so the classes and the flag are data."""

    code = models.SlugField("код", max_length=32, unique=True)
    name = models.CharField("название", max_length=200)
    counts_in_indicators = models.BooleanField("учитывается в Пsaidi/Пsaifi")
    description = models.TextField("пояснение", blank=True)
    status_mark = models.CharField("статус значения", max_length=2, default="❓")
    reference = models.CharField(
        "источник", max_length=100, default="[R12] regulation.md §2.2"
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "класс прекращения (для Пsaidi/Пsaifi)"
        verbose_name_plural = "классы прекращений (для Пsaidi/Пsaifi)"

    def __str__(self) -> str:
        return self.name


class OutageSetting(models.Model):
    """Editable parameters of outage notices and dispatch (one row, pk=1)."""

    # The rule: notices of planned works go out at least the day before.
    notice_lead_hours = models.PositiveIntegerField(
        "уведомлять о плановых работах за, часов",
        default=72,
        validators=[MinValueValidator(24)],
        help_text="Не меньше 24 часов (накануне). ⚠️ Значение по умолчанию — наше.",
    )
    suggestion_window_minutes = models.PositiveIntegerField(
        "окно группировки сообщений без известного отключения, минут", default=30
    )
    suggestion_min_reports = models.PositiveIntegerField(
        "сообщений для предложения открыть отключение",
        default=3,
        validators=[MinValueValidator(2)],
    )
    report_link_hours = models.PositiveIntegerField(
        "привязывать к новому отключению сообщения за последние, часов", default=6
    )
    # Very short interruptions may be excluded from the indicators (❓ [R12]); empty =
    # nothing is excluded for being short.
    short_interruption_minutes = models.PositiveIntegerField(
        "не учитывать в показателях прекращения короче, минут", null=True, blank=True
    )
    status_mark = models.CharField("статус значений", max_length=2, default="⚠️")
    reference = models.CharField(
        "источник", max_length=100, default="issue 6; [R12] regulation.md §2.2"
    )

    class Meta:
        verbose_name = "настройки отключений"
        verbose_name_plural = "настройки отключений"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notice_lead_hours__gte=24),
                name="outage_setting_notice_at_least_day",
            )
        ]

    def __str__(self) -> str:
        return "Настройки отключений"


class Outage(models.Model):
    """An interruption of power supply: planned works announced ahead, or an unplanned
    (emergency) outage; the addresses it covers, why, when it began, when power is
    expected back and when it came back."""

    Kind = OutageKind
    Status = OutageStatus

    kind = models.CharField("вид", max_length=16, choices=OutageKind.choices)
    status = models.CharField("статус", max_length=16, choices=OutageStatus.choices)
    cause = models.CharField("причина", max_length=32, choices=Cause.choices)
    cause_text = models.CharField("причина (для потребителей)", max_length=300)
    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.PROTECT,
        related_name="outages",
        verbose_name="филиал",
    )
    district_unit = models.ForeignKey(
        "territory.DistrictGridUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outages",
        verbose_name="РЭС",
    )
    # Voltage level of the equipment switched off (e.g. a 10 kV feeder: СН2).
    voltage_level = models.CharField(
        "уровень напряжения", max_length=4, choices=VoltageLevel.choices
    )
    equipment = models.CharField("отключаемое оборудование", max_length=300, blank=True)
    planned_start = models.DateTimeField("плановое начало", null=True, blank=True)
    planned_end = models.DateTimeField("плановое окончание", null=True, blank=True)
    started_at = models.DateTimeField("фактическое начало", null=True, blank=True)
    estimated_restoration_at = models.DateTimeField(
        "ожидаемое восстановление", null=True, blank=True
    )
    ended_at = models.DateTimeField("фактическое окончание", null=True, blank=True)
    exclusion_class = models.ForeignKey(
        ExclusionClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outages",
        verbose_name="класс прекращения",
    )
    # N_i of Пsaidi/Пsaifi: count of OutageSupplyPoint rows, kept with them.
    points_cut_off = models.PositiveIntegerField("точек поставки отключено", default=0)
    area_text = models.TextField("адреса (текст)", blank=True)
    description = models.TextField("описание для потребителей", blank=True)
    internal_note = models.TextField("служебная заметка", blank=True)
    source = models.CharField("источник записи", max_length=16, default="manual")
    # Key of the schedule row or external system record; stops double imports.
    external_id = models.CharField("внешний идентификатор", max_length=64, blank=True)
    notice_lead_hours = models.PositiveIntegerField(
        "уведомить за, часов",
        null=True,
        blank=True,
        validators=[MinValueValidator(24)],
        help_text="Пусто — по общей настройке.",
    )
    notice_sent_at = models.DateTimeField(
        "уведомление разослано", null=True, blank=True
    )
    # iCalendar SEQUENCE: grows with every change subscribers should see.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "отключение"
        verbose_name_plural = "отключения"
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["planned_start"]),
            models.Index(fields=["started_at"]),
            models.Index(fields=["ended_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("kind", OutageKind), name="outage_kind_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("status", OutageStatus), name="outage_status_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("cause", Cause), name="outage_cause_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("voltage_level", VoltageLevel),
                name="outage_voltage_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=OutageKind.UNPLANNED)
                | models.Q(
                    planned_start__isnull=False,
                    planned_end__isnull=False,
                    planned_end__gt=models.F("planned_start"),
                ),
                name="outage_planned_has_window",
            ),
            models.CheckConstraint(
                condition=models.Q(status=OutageStatus.PLANNED)
                | models.Q(status=OutageStatus.CANCELLED)
                | models.Q(started_at__isnull=False),
                name="outage_started_has_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=OutageStatus.RESTORED)
                | models.Q(
                    ended_at__isnull=False, ended_at__gte=models.F("started_at")
                ),
                name="outage_restored_has_end",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="outage_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} отключение № {self.pk}"

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    @property
    def is_open(self) -> bool:
        return self.status in (OutageStatus.PLANNED, OutageStatus.IN_PROGRESS)

    @property
    def is_power_off(self) -> bool:
        return self.status == OutageStatus.IN_PROGRESS

    @property
    def expected_start(self):  # type: ignore[no-untyped-def]
        return self.started_at or self.planned_start

    @property
    def duration_hours(self) -> float | None:
        """T_i of Пsaidi: hours from the actual start to the actual end."""
        if self.started_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds() / 3600


class HouseParity(models.TextChoices):
    ALL = "all", _("все дома")
    ODD = "odd", _("нечётные")
    EVEN = "even", _("чётные")


class OutageArea(models.Model):
    """One piece of an outage's territory from the address register: a whole
    settlement, a whole street, a range of house numbers on a street, or one building."""

    Parity = HouseParity

    outage = models.ForeignKey(Outage, on_delete=models.CASCADE, related_name="areas")
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
    building = models.ForeignKey(
        "territory.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Inclusive range of Building.number_value («дома 1–15»); empty = the whole street.
    house_from = models.PositiveIntegerField("с дома", null=True, blank=True)
    house_to = models.PositiveIntegerField("по дом", null=True, blank=True)
    parity = models.CharField(
        "чётность", max_length=4, choices=HouseParity.choices, default=HouseParity.ALL
    )

    class Meta:
        verbose_name = "территория отключения"
        verbose_name_plural = "территории отключения"
        indexes = [
            models.Index(fields=["street", "house_from"]),
            models.Index(fields=["building"]),
            models.Index(fields=["settlement"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("parity", HouseParity),
                name="outage_area_parity_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(house_from__isnull=True, house_to__isnull=True)
                | models.Q(
                    street__isnull=False,
                    building__isnull=True,
                    house_from__isnull=False,
                    house_to__isnull=False,
                    house_to__gte=models.F("house_from"),
                ),
                name="outage_area_range_on_street",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        parts = [str(self.settlement)]
        if self.building_id:
            return self.building.full_address
        if self.street_id:
            parts.append(str(self.street))
        if self.house_from is not None:
            span = (
                f"д. {self.house_from}"
                if self.house_from == self.house_to
                else f"д. {self.house_from}–{self.house_to}"
            )
            if self.parity != HouseParity.ALL:
                span = f"{self.get_parity_display()} {span}"
            parts.append(span)
        return ", ".join(parts)

    def covers_number(self, number_value: int | None) -> bool:
        if self.house_from is None:
            return True
        if number_value is None or not self.house_from <= number_value <= self.house_to:  # type: ignore[operator]
            return False
        if self.parity == HouseParity.ODD:
            return number_value % 2 == 1
        if self.parity == HouseParity.EVEN:
            return number_value % 2 == 0
        return True


class OutageSupplyPoint(models.Model):
    """A point of supply cut off by an outage (N_i of Пsaidi/Пsaifi), with its voltage
    level as it was then."""

    outage = models.ForeignKey(
        Outage, on_delete=models.CASCADE, related_name="supply_point_links"
    )
    supply_point = models.ForeignKey(
        "consumers.SupplyPoint", on_delete=models.PROTECT, related_name="+"
    )
    voltage_level = models.CharField(max_length=4, choices=VoltageLevel.choices)
    # "area": found at the outage's addresses; "manual": added by staff.
    source = models.CharField(max_length=8, default="area")

    class Meta:
        verbose_name = "отключённая точка поставки"
        verbose_name_plural = "отключённые точки поставки"
        constraints = [
            models.UniqueConstraint(
                fields=["outage", "supply_point"], name="outage_supply_point_once"
            )
        ]


class RestorationEstimate(models.Model):
    """One estimate of when power comes back; the newest is the outage's current one."""

    outage = models.ForeignKey(
        Outage, on_delete=models.CASCADE, related_name="estimates"
    )
    estimated_at = models.DateTimeField("ожидаемое восстановление")
    set_at = models.DateTimeField("когда указано")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField("причина изменения", max_length=300, blank=True)

    class Meta:
        ordering = ["set_at", "id"]
        verbose_name = "оценка времени восстановления"
        verbose_name_plural = "история оценок времени восстановления"


class OutageEvent(HistoryEvent):
    """One entry of an outage's history: who did what, when, from which status to which.
    Append-only: written by `events.outage_event_add` only."""

    outage = models.ForeignKey(Outage, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("когда", db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "событие отключения"
        verbose_name_plural = "история отключений"
