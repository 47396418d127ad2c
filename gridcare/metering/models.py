"""Meters (приборы учёта) at points of supply, their readings (показания) and the
editable rules of reading intake: the acceptance window and the plausibility limit."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Tariff zones: codes are stable (API, chatbot, IVR); labels follow the usual Russian
# naming on meter displays (two zones: Т1 day / Т2 night; three zones: Т1 peak /
# Т2 night / Т3 half-peak).
ZONE_CODES = ("t1", "t2", "t3")
ZONE_LABELS: dict[int, dict[str, str]] = {
    1: {"t1": _("Т1 (однотарифный)")},
    2: {"t1": _("Т1 (день)"), "t2": _("Т2 (ночь)")},
    3: {"t1": _("Т1 (пик)"), "t2": _("Т2 (ночь)"), "t3": _("Т3 (полупик)")},
}


class Meter(models.Model):
    """A meter at a point of supply; `is_remote` meters are read by the smart-metering
    system (ИСУ) and take no manual readings. A replaced meter is a new row: the old
    one gets `removed_on`, the new one `installed_on`, and readings of the new meter
    are never compared with the old one's."""

    supply_point = models.ForeignKey(
        "consumers.SupplyPoint",
        on_delete=models.PROTECT,
        related_name="meters",
        verbose_name="точка поставки",
    )
    serial_number = models.CharField("заводской номер", max_length=32, db_index=True)
    model = models.CharField("тип (модель)", max_length=100, blank=True)
    tariff_zones = models.PositiveSmallIntegerField(
        "число тарифных зон", default=1, choices=[(1, "1"), (2, "2"), (3, "3")]
    )
    is_remote = models.BooleanField("дистанционный (ИСУ)", default=False)
    installed_on = models.DateField("установлен", null=True, blank=True)
    removed_on = models.DateField("снят", null=True, blank=True)
    verification_due_on = models.DateField("срок поверки", null=True, blank=True)
    digits_whole = models.PositiveSmallIntegerField(
        _("разрядов до запятой"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("Сколько цифр счётного механизма до запятой (обычно 5–6)."),
    )
    digits_fraction = models.PositiveSmallIntegerField(
        _("разрядов после запятой"),
        default=2,
        validators=[MaxValueValidator(2)],
        help_text=_("Сколько цифр после запятой принимается (0–2)."),
    )

    class Meta:
        verbose_name = "прибор учёта"
        verbose_name_plural = "приборы учёта"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tariff_zones__in=[1, 2, 3]),
                name="meter_tariff_zones_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(digits_whole__gte=1, digits_whole__lte=9),
                name="meter_digits_whole_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(digits_fraction__lte=2),
                name="meter_digits_fraction_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.serial_number

    @property
    def zones(self) -> list[tuple[str, str]]:
        """(code, label) of each tariff zone of this meter, in display order."""
        return [
            (code, str(label)) for code, label in ZONE_LABELS[self.tariff_zones].items()
        ]

    @property
    def is_installed(self) -> bool:
        return self.removed_on is None


class ReadingSource(models.TextChoices):
    """The channel a reading came through (the submission service is channel-aware)."""

    PERSONAL_ACCOUNT = "personal_account", _("Личный кабинет")
    MOBILE_APP = "mobile_app", _("Мобильное приложение")
    CHATBOT = "chatbot", _("Чат-бот")
    IVR = "ivr", _("Телефон (голосовое меню)")
    OFFICE = "office", _("Офис обслуживания")
    OPERATOR = "operator", _("Оператор контакт-центра")
    REMOTE = "remote", _("ИСУ (дистанционно)")


# Channels where the consumer submits on their own: the acceptance window applies.
SELF_SERVICE_SOURCES = frozenset(
    {
        ReadingSource.PERSONAL_ACCOUNT,
        ReadingSource.MOBILE_APP,
        ReadingSource.CHATBOT,
        ReadingSource.IVR,
    }
)
# Channels where a staff member registers the reading on the consumer's behalf.
STAFF_SOURCES = frozenset({ReadingSource.OFFICE, ReadingSource.OPERATOR})


class MeterReading(models.Model):
    """An accepted reading (показания) of one meter on one date, one value per tariff
    zone, with the consumption since the meter's previous reading (null for the first
    reading of a meter). Refused readings are not stored: the refusal is explained to
    the sender. Append-only: written by `reading_submit`."""

    Source = ReadingSource

    meter = models.ForeignKey(
        Meter,
        on_delete=models.PROTECT,
        related_name="readings",
        verbose_name=_("прибор учёта"),
    )
    taken_on = models.DateField(_("дата снятия показаний"))
    value_t1 = models.DecimalField(_("показание Т1"), max_digits=11, decimal_places=2)
    value_t2 = models.DecimalField(
        _("показание Т2"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    value_t3 = models.DecimalField(
        _("показание Т3"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    consumption_t1 = models.DecimalField(
        _("расход Т1, кВт·ч"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    consumption_t2 = models.DecimalField(
        _("расход Т2, кВт·ч"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    consumption_t3 = models.DecimalField(
        _("расход Т3, кВт·ч"), max_digits=11, decimal_places=2, null=True, blank=True
    )
    consumption = models.DecimalField(
        _("расход всего, кВт·ч"),
        max_digits=11,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("С предыдущих показаний этого прибора; пусто для первых."),
    )
    source = models.CharField(_("канал"), max_length=32, choices=ReadingSource.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто передал"),
    )
    submitted_at = models.DateTimeField(_("когда передано"), auto_now_add=True)

    class Meta:
        verbose_name = _("показания")
        verbose_name_plural = _("показания")
        ordering = ["-taken_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "taken_on"], name="meter_reading_one_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=[s.value for s in ReadingSource]),
                name="meter_reading_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(value_t1__gte=0)
                & (models.Q(value_t2__isnull=True) | models.Q(value_t2__gte=0))
                & (models.Q(value_t3__isnull=True) | models.Q(value_t3__gte=0)),
                name="meter_reading_values_non_negative",
            ),
        ]
        indexes = [models.Index(fields=["meter", "-taken_on"])]

    def __str__(self) -> str:
        return f"{self.meter} {self.taken_on:%d.%m.%Y}"

    def value(self, zone: str) -> Decimal | None:
        return getattr(self, f"value_{zone}")  # type: ignore[no-any-return]

    def zone_consumption(self, zone: str) -> Decimal | None:
        return getattr(self, f"consumption_{zone}")  # type: ignore[no-any-return]


class ReadingWindow(models.Model):
    """The days of the month when consumers may submit readings themselves
    (⚠️ no regulation found; the default 15–26 is the practice of Мосэнергосбыт,
    peers.md). A row without a branch is the company default; a branch row overrides
    it. Each row applies from `valid_from` until a later row of the same branch.
    Days are counted in Moscow time."""

    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("филиал"),
        help_text=_("Пусто — для всей компании."),
    )
    valid_from = models.DateField(_("действует с"))
    day_from = models.PositiveSmallIntegerField(
        _("с числа"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    day_to = models.PositiveSmallIntegerField(
        _("по число (включительно)"),
        default=26,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Если в месяце меньше дней — по последний день месяца."),
    )
    staff_outside_window = models.BooleanField(
        _("сотрудники принимают в любой день"),
        default=True,
        help_text=_(
            "Офис и оператор могут внести показания вне окна (например, при "
            "обращении потребителя или проверке прибора)."
        ),
    )
    status_note = models.CharField(
        _("статус значения и источник"),
        max_length=200,
        default="⚠️ не подтверждено; практика Мосэнергосбыта (peers.md)",
    )

    class Meta:
        verbose_name = _("окно приёма показаний")
        verbose_name_plural = _("окна приёма показаний")
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "valid_from"], name="reading_window_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(day_from__gte=1, day_to__lte=31)
                & models.Q(day_from__lte=models.F("day_to")),
                name="reading_window_days_valid",
            ),
        ]

    def __str__(self) -> str:
        where = self.branch or _("вся компания")
        return f"{where}: {self.day_from}–{self.day_to}"


class ReadingLimit(models.Model):
    """The plausibility limit of consumption between two readings (⚠️ our design, no
    regulation): at most max_power_kw × 24 h × days × `load_factor`; for a point of
    supply without a maximum power, at most `daily_cap_kwh` × days. Same branch and
    period rules as `ReadingWindow`."""

    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("филиал"),
        help_text=_("Пусто — для всей компании."),
    )
    valid_from = models.DateField(_("действует с"))
    load_factor = models.DecimalField(
        _("коэффициент использования мощности"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(1)],
        help_text=_(
            "Доля максимальной мощности, с которой точка могла работать круглые "
            "сутки: 0,5 — половина мощности 24 часа в сутки."
        ),
    )
    daily_cap_kwh = models.DecimalField(
        _("предел расхода в сутки без максимальной мощности, кВт·ч"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    status_note = models.CharField(
        _("статус значения и источник"),
        max_length=200,
        default="⚠️ не подтверждено; проектное значение gridcare",
    )

    class Meta:
        verbose_name = _("предел правдоподобия показаний")
        verbose_name_plural = _("пределы правдоподобия показаний")
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "valid_from"], name="reading_limit_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(load_factor__gt=0, daily_cap_kwh__gt=0),
                name="reading_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        where = self.branch or _("вся компания")
        return f"{where}: × {self.load_factor}"
