"""The customer-service quality indicator Птсо and its three sub-indicators (regulation.md
§2.5, forms 2.1–2.3 / 6.1–6.3 ✅ [R18][R19]): parameters with plan (П) and fact (Ф),
Ф/П × 100 %, the dependence (прямая/обратная) and the score. The score mapping and the
weights are not confirmed (❓), so they are data."""

from django.conf import settings
from django.db import models


class SubIndicator(models.TextChoices):
    """The three indicators of the forms ✅ [R18][R19]."""

    INFORMATIVENESS = "informativeness", "Индикатор информативности"
    TIMELINESS = "timeliness", "Индикатор исполнительности"
    FEEDBACK = "feedback", "Индикатор результативности обратной связи"


# Form numbers of each sub-indicator ✅ [R18].
FORM_NUMBERS = {
    SubIndicator.INFORMATIVENESS: "2.1 / 6.1",
    SubIndicator.TIMELINESS: "2.2 / 6.2",
    SubIndicator.FEEDBACK: "2.3 / 6.3",
}


class Direction(models.TextChoices):
    """Column «Зависимость» of the forms ✅ [R18]: whether a higher value is better."""

    DIRECT = "direct", "прямая"
    INVERSE = "inverse", "обратная"


class ServiceMeasure(models.TextChoices):
    """Facts computed from the registry data; a parameter without one is entered by
    staff each year (e.g. «есть подразделение по работе с обращениями»)."""

    APPEALS_ON_TIME = (
        "appeals_on_time_share",
        "Доля обращений, на которые ответ дан в срок, %",
    )
    COMPLAINTS_ON_TIME = (
        "complaints_on_time_share",
        "Доля жалоб, на которые ответ дан в срок, %",
    )
    SERVICE_REQUESTS_ON_TIME = (
        "service_requests_on_time_share",
        "Доля заявок на услуги, исполненных в срок, %",
    )
    CONNECTION_STAGES_ON_TIME = (
        "connection_stages_on_time_share",
        "Доля этапов ТП, выполненных в срок, %",
    )
    CONNECTION_OFFERS_ON_TIME = (
        "connection_offers_on_time_share",
        "Доля оферт и ТУ, направленных в срок, %",
    )
    COMPLAINTS_SHARE = "complaints_share", "Жалобы, % от всех обращений"
    COMPLAINTS_SETTLED_SHARE = (
        "complaints_settled_share",
        "Урегулированные жалобы (приняты меры), % от всех обращений",
    )
    REOPENED_SHARE = "reopened_share", "Повторно открытые после ответа, % от отвеченных"
    AVERAGE_RATING = "average_rating", "Средняя оценка ответа (шкала 1–5)"


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    COUNT = "count", "шт."
    YES_NO = "yes_no", "да = 1 / нет = 0"
    SCORE = "score", "балл"


class ServiceParameter(models.Model):
    """A «параметр (критерий)» of one sub-indicator. Names of the confirmed ones follow
    §2.5 ✅ [R18][R19]; the others are ours (⚠️), shown with their mark."""

    sub_indicator = models.CharField(
        "индикатор", max_length=16, choices=SubIndicator.choices
    )
    number = models.CharField("№", max_length=8)
    name = models.CharField("параметр (критерий)", max_length=400)
    measure = models.CharField(
        "расчёт по данным системы",
        max_length=40,
        choices=ServiceMeasure.choices,
        blank=True,
        help_text="Пусто — фактическое значение вносят сотрудники.",
    )
    unit = models.CharField("единица", max_length=8, choices=Unit.choices)
    direction = models.CharField("зависимость", max_length=8, choices=Direction.choices)
    weight = models.DecimalField(
        "вес в индикаторе", max_digits=8, decimal_places=4, default=1
    )
    status_mark = models.CharField("статус значения", max_length=2, default="⚠️")
    reference = models.CharField("источник", max_length=100, blank=True)
    is_active = models.BooleanField("применяется", default=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        ordering = ["sub_indicator", "order", "number"]
        verbose_name = "параметр показателя обслуживания"
        verbose_name_plural = "параметры показателя обслуживания (Птсо)"
        constraints = [
            models.UniqueConstraint(
                fields=["sub_indicator", "number"], name="indicators_parameter_once"
            ),
            models.CheckConstraint(
                condition=models.Q(sub_indicator__in=SubIndicator.values),
                name="indicators_parameter_sub_indicator_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="indicators_parameter_direction_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="indicators_parameter_weight"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def is_entered_by_staff(self) -> bool:
        return not self.measure


class ServiceParameterValue(models.Model):
    """Plan (П) of a parameter for a year, and the fact (Ф) where staff enter it."""

    year = models.PositiveSmallIntegerField("год")
    parameter = models.ForeignKey(
        ServiceParameter, on_delete=models.PROTECT, related_name="values"
    )
    plan = models.DecimalField(
        "плановое (П)", max_digits=14, decimal_places=4, null=True, blank=True
    )
    fact = models.DecimalField(
        "фактическое (Ф), вносится вручную",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "план и факт параметра за год"
        verbose_name_plural = "планы и факты параметров по годам"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "parameter"], name="indicators_parameter_value_once"
            )
        ]


class ScoreBand(models.Model):
    """Ф/П × 100 % in [ratio_from, ratio_to) gives `score`, per dependence. The mapping
    is ❓ (regulation.md §2.5); the shipped bands follow the pattern of §2.4 (0 — plan
    met, −1 — not met, +1 — met with significant improvement ✅ [R17]) with a 15 %
    tolerance ⚠️."""

    direction = models.CharField("зависимость", max_length=8, choices=Direction.choices)
    ratio_from = models.DecimalField(
        "Ф/П × 100 от, % (включительно)",
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Пусто — без нижней границы.",
    )
    ratio_to = models.DecimalField(
        "Ф/П × 100 до, % (не включая)",
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Пусто — без верхней границы.",
    )
    score = models.DecimalField("оценочный балл", max_digits=6, decimal_places=2)
    status_mark = models.CharField("статус значения", max_length=2, default="❓")
    reference = models.CharField(
        "источник", max_length=100, default="regulation.md §2.4–2.5 [R17][R18]"
    )

    class Meta:
        ordering = ["direction", "ratio_from"]
        verbose_name = "шкала оценочного балла"
        verbose_name_plural = "шкала оценочных баллов (Ф/П → балл)"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="indicators_band_direction_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(ratio_from__isnull=True)
                | models.Q(ratio_to__isnull=True)
                | models.Q(ratio_to__gt=models.F("ratio_from")),
                name="indicators_band_range_valid",
            ),
        ]

    def __str__(self) -> str:
        low = "−∞" if self.ratio_from is None else self.ratio_from
        high = "+∞" if self.ratio_to is None else self.ratio_to
        return f"{self.get_direction_display()}: [{low}; {high}) → {self.score}"


class SubIndicatorWeight(models.Model):
    """Weight of a sub-indicator in Птсо (❓ regulation.md §2.5)."""

    sub_indicator = models.CharField(
        "индикатор", max_length=16, choices=SubIndicator.choices, unique=True
    )
    weight = models.DecimalField("вес в Птсо", max_digits=8, decimal_places=4)
    status_mark = models.CharField("статус значения", max_length=2, default="❓")
    reference = models.CharField(
        "источник", max_length=100, default="regulation.md §2.5 [R18]"
    )

    class Meta:
        ordering = ["sub_indicator"]
        verbose_name = "вес индикатора в Птсо"
        verbose_name_plural = "веса индикаторов в Птсо"

    def __str__(self) -> str:
        return f"{self.get_sub_indicator_display()}: {self.weight}"
