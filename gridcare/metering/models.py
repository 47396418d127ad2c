"""Meters (приборы учёта) installed at points of supply."""

from django.db import models


class Meter(models.Model):
    """A meter at a point of supply; `is_remote` meters are read by the smart-metering
    system (ИСУ) and take no manual readings."""

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

    class Meta:
        verbose_name = "прибор учёта"
        verbose_name_plural = "приборы учёта"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tariff_zones__in=[1, 2, 3]),
                name="meter_tariff_zones_valid",
            )
        ]

    def __str__(self) -> str:
        return self.serial_number
