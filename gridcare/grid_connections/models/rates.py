"""Versioned regional rate tables of the connection fee (regulation.md §3.5–3.6):
standardised rates C1…C8, the preferential rate per kW (п. 17) and the reduced rate
for social categories. Admins load new tables (admin or `gridcare
import_connection_rates`) without a release; old versions stay for the record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.models import StatusMark
from gridcare.grid_connections.codes import ApplicantCategory, LineType, VoltageClass


class RateCode(models.TextChoices):
    # C1: preparing and issuing TU and checking compliance ✅ [R38][R39].
    C1 = "C1", _("С1 — подготовка и выдача ТУ, проверка их выполнения")
    C1_1 = "C1.1", _("С1.1 — подготовка и выдача ТУ")
    C1_2 = "C1.2", _("С1.2 — проверка выполнения ТУ")
    # C2 overhead / C3 cable lines, per km by voltage ✅ [R38].
    C2 = "C2", _("С2 — строительство воздушных линий")
    C3 = "C3", _("С3 — строительство кабельных линий")
    # C4–C7: meaning ⚠️ (regulation.md §3.5); kept as data.
    C4 = "C4", _("С4 — пункты секционирования ⚠️")
    C5 = "C5", _("С5 — трансформаторные подстанции 6–20/0,4 кВ ⚠️")
    C6 = "C6", _("С6 — распределительные подстанции ⚠️")
    C7 = "C7", _("С7 — подстанции 35 кВ и выше ⚠️")
    # C8: metering points ✅ [R38].
    C8 = "C8", _("С8 — обеспечение средствами коммерческого учёта")
    # п. 17 since 01.07.2022 ✅ [R26].
    PREFERENTIAL_KW = "PREF_KW", _("Льготная ставка за 1 кВт (п. 17)")
    # Social categories ✅ [R27][R28][R29].
    SOCIAL_KW = "SOCIAL_KW", _("Сниженная ставка за 1 кВт для социальных категорий")


class RateUnit(models.TextChoices):
    PER_CONNECTION = "connection", _("руб. за присоединение")
    PER_KM = "km", _("руб. за 1 км")
    PER_KW = "kw", _("руб. за 1 кВт")
    PER_POINT = "point", _("руб. за точку учёта")
    PER_UNIT = "unit", _("руб. за единицу")


class RateTable(models.Model):
    """One version of a regional rate table (a decision of the regional tariff body,
    or a clearly labelled sample where no official value is known)."""

    code = models.SlugField(
        _("код серии"),
        max_length=60,
        help_text=_("Одинаковый у всех версий одной таблицы, например rt-2026-pref."),
    )
    version = models.PositiveIntegerField(_("версия"), default=1)
    title = models.CharField(_("название"), max_length=300)
    region = models.CharField(
        _("регион"), max_length=8, help_text=_("Код ISO 3166-2, например RU-TA.")
    )
    act = models.CharField(_("решение тарифного органа"), max_length=300, blank=True)
    valid_from = models.DateField(_("действует с"))
    valid_to = models.DateField(_("действует по"), null=True, blank=True)
    includes_vat = models.BooleanField(
        _("ставки указаны с НДС"),
        help_text=_("Регуляторы публикуют ставки с НДС или без — проверьте решение."),
    )
    vat_rate = models.DecimalField(_("ставка НДС, %"), max_digits=5, decimal_places=2)
    is_sample = models.BooleanField(
        _("ОБРАЗЕЦ (не официальные ставки)"),
        default=False,
        help_text=_("Показывается в расчёте крупно: «образец, не для оплаты»."),
    )
    is_published = models.BooleanField(_("используется в расчётах"), default=True)
    status_mark = models.CharField(
        _("статус значения"), max_length=2, choices=StatusMark.choices
    )
    reference = models.CharField(_("источник"), max_length=300)
    notes = models.TextField(_("примечания"), blank=True)
    loaded_at = models.DateTimeField(_("загружена"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_file = models.CharField(_("файл загрузки"), max_length=255, blank=True)

    class Meta:
        ordering = ["region", "-valid_from", "code", "-version"]
        verbose_name = _("таблица ставок платы за ТП")
        verbose_name_plural = _("таблицы ставок платы за ТП")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="gc_rate_table_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="gc_rate_table_period_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lt=100),
                name="gc_rate_table_vat_valid",
            ),
        ]

    def __str__(self) -> str:
        sample = " [ОБРАЗЕЦ]" if self.is_sample else ""
        return f"{self.title} v{self.version}{sample}"


class RateItem(models.Model):
    """One rate of a table. Blank selectors (category, voltage, line type, variant,
    power band) match anything; the most specific matching item is used."""

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="items")
    rate = models.CharField(_("ставка"), max_length=10, choices=RateCode.choices)
    category = models.CharField(
        _("категория заявителя"),
        max_length=24,
        choices=ApplicantCategory.choices,
        blank=True,
    )
    voltage = models.CharField(
        _("напряжение"), max_length=8, choices=VoltageClass.choices, blank=True
    )
    line_type = models.CharField(
        _("тип линии"), max_length=10, choices=LineType.choices, blank=True
    )
    variant = models.CharField(
        _("вариант"),
        max_length=40,
        blank=True,
        help_text=_("Например, вид прибора учёта: 1ф, 3ф_прямой, 3ф_косвенный."),
    )
    power_from_kw = models.DecimalField(
        _("мощность свыше, кВт"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    power_to_kw = models.DecimalField(
        _("мощность до (вкл.), кВт"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    unit = models.CharField(_("единица"), max_length=12, choices=RateUnit.choices)
    value = models.DecimalField(_("ставка, руб."), max_digits=14, decimal_places=2)
    description = models.CharField(_("описание"), max_length=300, blank=True)

    class Meta:
        ordering = ["table", "rate", "voltage", "line_type", "variant", "id"]
        verbose_name = _("ставка")
        verbose_name_plural = _("ставки")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="gc_rate_value_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(rate__in=[r.value for r in RateCode]),
                name="gc_rate_code_valid",
            ),
        ]

    def __str__(self) -> str:
        parts = [self.rate, self.voltage, self.line_type, self.variant, self.category]
        return " ".join(p for p in parts if p) + f": {self.value}"
