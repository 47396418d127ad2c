"""The company's territory and the shared address register.

Branches (филиалы) contain district grid units (РЭС); settlements, streets and
buildings form one address register shared by points of supply, offices and outages.
"""

from django.db import models

from gridcare.core.text import search_key


class Branch(models.Model):
    """A branch (филиал) of the grid company, e.g. «Казанские электрические сети»."""

    code = models.SlugField("код", max_length=32, unique=True)
    name = models.CharField("название", max_length=200)
    short_name = models.CharField("краткое название", max_length=50)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "филиал"
        verbose_name_plural = "филиалы"

    def __str__(self) -> str:
        return self.name


class DistrictGridUnit(models.Model):
    """A district grid unit (РЭС) inside a branch."""

    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="district_units",
        verbose_name="филиал",
    )
    code = models.SlugField("код", max_length=32, unique=True)
    name = models.CharField("название", max_length=200)

    class Meta:
        ordering = ["branch__order", "name"]
        verbose_name = "РЭС"
        verbose_name_plural = "РЭС"

    def __str__(self) -> str:
        return self.name


class SettlementKind(models.TextChoices):
    CITY = "city", "г."
    URBAN_SETTLEMENT = "urban", "пгт"
    VILLAGE = "village", "с."
    HAMLET = "hamlet", "д."
    SETTLEMENT = "settlement", "пос."
    GARDENING = "gardening", "СНТ"


class Settlement(models.Model):
    """A city, town or village served by one district grid unit."""

    Kind = SettlementKind

    district_unit = models.ForeignKey(
        DistrictGridUnit,
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name="РЭС",
    )
    kind = models.CharField(
        "тип",
        max_length=16,
        choices=SettlementKind.choices,
        default=SettlementKind.CITY,
    )
    name = models.CharField("название", max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    municipal_district = models.CharField(
        "муниципальный район", max_length=200, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "населённый пункт"
        verbose_name_plural = "населённые пункты"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in SettlementKind]),
                name="settlement_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    def clean(self) -> None:
        self.name_key = search_key(self.name)


class StreetKind(models.TextChoices):
    STREET = "street", "ул."
    AVENUE = "avenue", "пр-кт"
    LANE = "lane", "пер."
    BOULEVARD = "boulevard", "б-р"
    SQUARE = "square", "пл."
    HIGHWAY = "highway", "ш."
    EMBANKMENT = "embankment", "наб."
    PASSAGE = "passage", "проезд"
    TRACT = "tract", "тракт"
    MICRODISTRICT = "microdistrict", "мкр."


class Street(models.Model):
    """A street of a settlement."""

    Kind = StreetKind

    settlement = models.ForeignKey(
        Settlement,
        on_delete=models.PROTECT,
        related_name="streets",
        verbose_name="населённый пункт",
    )
    kind = models.CharField(
        "тип", max_length=16, choices=StreetKind.choices, default=StreetKind.STREET
    )
    name = models.CharField("название", max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "улица"
        verbose_name_plural = "улицы"
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "kind", "name"],
                name="street_unique_in_settlement",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in StreetKind]),
                name="street_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Building(models.Model):
    """A building with a house number: the unit of the address register."""

    settlement = models.ForeignKey(
        Settlement,
        on_delete=models.PROTECT,
        related_name="buildings",
        verbose_name="населённый пункт",
    )
    street = models.ForeignKey(
        Street,
        on_delete=models.PROTECT,
        related_name="buildings",
        null=True,
        blank=True,
        verbose_name="улица",
    )
    number = models.CharField("номер дома", max_length=20)
    # Leading digits of the number, for house ranges («дома 1–15») in outages.
    number_value = models.PositiveIntegerField("номер (число)", null=True, blank=True)
    postal_code = models.CharField("индекс", max_length=6, blank=True)
    latitude = models.DecimalField(
        "широта", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "долгота", max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["street__name", "number_value", "number"]
        verbose_name = "здание"
        verbose_name_plural = "здания"
        indexes = [models.Index(fields=["street", "number_value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "street", "number"],
                name="building_unique_address",
            )
        ]

    def __str__(self) -> str:
        return self.full_address

    @property
    def full_address(self) -> str:
        parts = [str(self.settlement)]
        if self.street_id:
            parts.append(str(self.street))
        parts.append(f"д. {self.number}")
        return ", ".join(parts)
