"""Technical conditions issued for an application and the works each side reports
under them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.grid_connections.codes import (
    LineType,
    ReliabilityCategory,
    VoltageClass,
    WorksSide,
)
from gridcare.grid_connections.models.applications import (
    ConnectionApplication,
    choices_q,
)


class TechnicalConditions(models.Model):
    """Technical conditions (технические условия) issued for an application: the
    connection point, voltage, power, reliability and the works of each side. The
    line lengths and metering points are the inputs of the fee."""

    application = models.ForeignKey(
        ConnectionApplication,
        on_delete=models.PROTECT,
        related_name="technical_conditions",
    )
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    number = models.CharField(_("номер ТУ"), max_length=40)
    supply_source = models.CharField(_("центр питания"), max_length=300)
    connection_point = models.CharField(_("точка присоединения"), max_length=500)
    voltage = models.CharField(
        _("уровень напряжения"), max_length=8, choices=VoltageClass.choices
    )
    max_power_kw = models.DecimalField(
        _("максимальная мощность, кВт"), max_digits=10, decimal_places=2
    )
    reliability_category = models.CharField(
        _("категория надёжности"), max_length=1, choices=ReliabilityCategory.choices
    )
    distance_m = models.PositiveIntegerField(
        _("расстояние от сетей до границы участка, м")
    )
    grid_works = models.TextField(_("мероприятия сетевой организации"))
    applicant_works = models.TextField(_("мероприятия заявителя"))
    # [{"voltage": "0.4", "line_type": "overhead", "length_km": "0.250"}]
    lines = models.JSONField(_("строительство линий"), default=list, blank=True)
    metering_points = models.PositiveSmallIntegerField(_("точек учёта (C8)"), default=1)
    meter_variant = models.CharField(_("вид прибора учёта"), max_length=40, blank=True)
    grid_construction_required = models.BooleanField(
        _("требуется строительство объектов электросетевого хозяйства"), default=False
    )
    land_rights_required = models.BooleanField(
        _("требуется урегулирование прав на земельные участки"), default=False
    )
    complex_case = models.BooleanField(
        _("иной случай (инвестпрограмма, объекты 35 кВ и выше)"), default=False
    )
    validity_years = models.PositiveSmallIntegerField(
        _("срок действия ТУ, лет"), default=2
    )
    connection_case = models.CharField(_("случай срока ТП"), max_length=32)
    issued_at = models.DateTimeField(_("выданы"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["application", "version"]
        verbose_name = _("технические условия")
        verbose_name_plural = _("технические условия")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="gc_tc_version_unique"
            ),
            models.CheckConstraint(
                condition=choices_q("voltage", VoltageClass), name="gc_tc_voltage_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def line_rows(self) -> list[dict[str, str]]:
        labels = dict(LineType.choices)
        volts = dict(VoltageClass.choices)
        return [
            {
                **row,
                "line_type_label": str(labels.get(row.get("line_type", ""), "")),
                "voltage_label": str(volts.get(row.get("voltage", ""), "")),
            }
            for row in self.lines
        ]


class WorksRecord(models.Model):
    """Works under the TU reported as done by one side (the grid company's own works,
    or the applicant's notice that their works are done)."""

    application = models.ForeignKey(
        ConnectionApplication, on_delete=models.CASCADE, related_name="works"
    )
    side = models.CharField(_("сторона"), max_length=16, choices=WorksSide.choices)
    description = models.TextField(_("что выполнено"))
    done_on = models.DateField(_("дата выполнения"))
    recorded_at = models.DateTimeField(_("записано"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["done_on", "id"]
        verbose_name = _("выполненные мероприятия")
        verbose_name_plural = _("выполненные мероприятия")
        constraints = [
            models.CheckConstraint(
                condition=choices_q("side", WorksSide), name="gc_works_side_valid"
            )
        ]
