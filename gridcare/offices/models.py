"""Offices where consumers are served in person: customer service centres (ЦОП) and
customer service points (пункты по работе с потребителями)."""

from django.db import models


class OfficeKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", "Центр обслуживания потребителей"
    SERVICE_POINT = "service_point", "Пункт по работе с потребителями"


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
    opening_hours = models.CharField("режим работы", max_length=300)
    services = models.TextField("предоставляемые услуги", blank=True)
    # A remote service centre takes only written/remote channels (seed: two in Kazan).
    serves_remote_channels = models.BooleanField(
        "обрабатывает заочные обращения", default=False
    )
    is_active = models.BooleanField("работает", default=True)

    class Meta:
        ordering = ["branch__order", "name"]
        verbose_name = "офис обслуживания"
        verbose_name_plural = "офисы обслуживания"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in OfficeKind]),
                name="office_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name
