"""The quality-of-connection indicator Птпр as data: its official formula was not
retrieved (❓ regulation.md §2.2, [R12]), so it is a constant plus a weighted sum of
named measures of the grid-connection deadlines, edited in the admin."""

from django.db import models


class ConnectionMeasure(models.TextChoices):
    """Measures of the year's grid-connection deadlines (shares, 0…1) that a formula
    may weigh. Stages and their deadlines: ПП 24 п. 19 «л» ✅ [R41], ПП 861 §3.4."""

    ALL_ON_TIME = "all_on_time_share", "Доля сроков всех этапов, соблюдённых"
    ALL_BREACHED = "all_breached_share", "Доля сроков всех этапов, нарушенных"
    OFFER_ON_TIME = "offer_on_time_share", "Доля оферт и ТУ, направленных в срок"
    OFFER_BREACHED = (
        "offer_breached_share",
        "Доля оферт и ТУ, направленных с нарушением",
    )
    CONNECTION_ON_TIME = "connection_on_time_share", "Доля присоединений в срок"
    CONNECTION_BREACHED = (
        "connection_breached_share",
        "Доля присоединений с нарушением срока",
    )
    DOCUMENTS_ON_TIME = "documents_on_time_share", "Доля документов о ТП в срок"
    DOCUMENTS_BREACHED = (
        "documents_breached_share",
        "Доля документов о ТП с нарушением срока",
    )


class ConnectionFormula(models.Model):
    """Птпр = constant + Σ weight × measure, valid from a year. The default shipped is
    our guess (❓ [R12]): the share of deadlines met (regional plans of Птпр are near
    1.0 ✅ [R16][R23])."""

    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("название", max_length=200)
    valid_from_year = models.PositiveSmallIntegerField("действует с года")
    constant = models.DecimalField(
        "постоянное слагаемое", max_digits=10, decimal_places=4, default=0
    )
    description = models.TextField("пояснение", blank=True)
    status_mark = models.CharField("статус значения", max_length=2, default="❓")
    reference = models.CharField(
        "источник", max_length=100, default="[R12] regulation.md §2.2"
    )
    is_active = models.BooleanField("применяется", default=True)

    class Meta:
        ordering = ["-valid_from_year", "code"]
        verbose_name = "формула Птпр"
        verbose_name_plural = "формулы Птпр"

    def __str__(self) -> str:
        return self.name


class ConnectionFormulaTerm(models.Model):
    """One weighted measure of a Птпр formula."""

    formula = models.ForeignKey(
        ConnectionFormula, on_delete=models.CASCADE, related_name="terms"
    )
    measure = models.CharField(
        "показатель", max_length=32, choices=ConnectionMeasure.choices
    )
    weight = models.DecimalField("вес", max_digits=10, decimal_places=4)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "слагаемое формулы Птпр"
        verbose_name_plural = "слагаемые формулы Птпр"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__in=ConnectionMeasure.values),
                name="indicators_formula_measure_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.weight} × {self.get_measure_display()}"
