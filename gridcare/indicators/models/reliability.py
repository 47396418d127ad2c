"""Inputs of Пsaidi/Пsaifi that are data: which interruptions are left out (❓
regulation.md §2.2 [R12]) and the number of points of supply per voltage level for a
year (the register keeps no history of points, so staff enter N_max)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gridcare.consumers.models import VoltageLevel
from gridcare.outages.models import Cause


class ExclusionRuleKind(models.TextChoices):
    # An interruption shorter than `minutes` is not counted.
    SHORTER_THAN = "shorter_than", "Короче заданной длительности"
    # Planned works announced at least `notice_hours` before the actual start.
    PLANNED_WITH_NOTICE = "planned_with_notice", "Плановое с уведомлением потребителей"
    # The outage's cause code is one of `codes` (outages.Cause).
    CAUSE = "cause", "Причина отключения из списка"
    # The outage's interruption class is one of `codes` (outages.ExclusionClass).
    EXCLUSION_CLASS = "exclusion_class", "Класс прекращения из списка"


class ExclusionRule(models.Model):
    """A rule that leaves an interruption out of Пsaidi/Пsaifi. The methodology's list of
    exclusions was not retrieved (❓ regulation.md §2.2, [R12]), so every rule is data:
    its legal basis text and status mark are shown next to each excluded outage."""

    Kind = ExclusionRuleKind

    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("название", max_length=200)
    kind = models.CharField(
        "вид правила", max_length=24, choices=ExclusionRuleKind.choices
    )
    minutes = models.PositiveIntegerField(
        "длительность, минут", null=True, blank=True, help_text="Для «короче…»."
    )
    notice_hours = models.PositiveIntegerField(
        "уведомление не позже чем за, часов",
        null=True,
        blank=True,
        help_text="Для плановых: пусто — достаточно уведомления до начала работ.",
    )
    codes = models.CharField(
        "коды через запятую",
        max_length=300,
        blank=True,
        help_text="Для причин — коды причин отключений; для классов — коды классов.",
    )
    legal_basis = models.TextField("правовое основание", blank=True)
    status_mark = models.CharField("статус значения", max_length=2, default="❓")
    reference = models.CharField(
        "источник", max_length=100, default="[R12] regulation.md §2.2"
    )
    is_active = models.BooleanField("применяется", default=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "правило исключения (Пsaidi/Пsaifi)"
        verbose_name_plural = "правила исключения (Пsaidi/Пsaifi)"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ExclusionRuleKind.values),
                name="indicators_exclusion_rule_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=ExclusionRuleKind.SHORTER_THAN)
                | models.Q(minutes__isnull=False),
                name="indicators_exclusion_rule_minutes_set",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code_list(self) -> list[str]:
        return [c.strip() for c in self.codes.split(",") if c.strip()]

    def clean(self) -> None:
        if self.kind == ExclusionRuleKind.SHORTER_THAN and not self.minutes:
            raise ValidationError({"minutes": "Укажите длительность в минутах."})
        listed = (ExclusionRuleKind.CAUSE, ExclusionRuleKind.EXCLUSION_CLASS)
        if self.kind in listed and not self.code_list:
            raise ValidationError({"codes": "Укажите хотя бы один код."})
        if self.kind == ExclusionRuleKind.CAUSE:
            unknown = [c for c in self.code_list if c not in Cause.values]
            if unknown:
                raise ValidationError(
                    {"codes": f"Неизвестные коды причин: {', '.join(unknown)}."}
                )


class SupplyPointCount(models.Model):
    """N_max of Пsaidi/Пsaifi for one year and voltage level: the maximum number of
    points of supply of the company in the year (✅ input of the old form 1.2 [R21];
    per voltage level since 2024 ✅ [R14]). Entered by staff; without it the indicators
    use today's count from the register and say so."""

    year = models.PositiveSmallIntegerField("год")
    voltage_level = models.CharField(
        "уровень напряжения", max_length=4, choices=VoltageLevel.choices
    )
    points = models.PositiveIntegerField("точек поставки (максимум за год)")
    note = models.CharField("источник данных", max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="внёс",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        ordering = ["-year", "voltage_level"]
        verbose_name = "число точек поставки за год"
        verbose_name_plural = "число точек поставки по годам"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "voltage_level"], name="indicators_points_once"
            ),
            models.CheckConstraint(
                condition=models.Q(voltage_level__in=VoltageLevel.values),
                name="indicators_points_voltage_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}, {self.get_voltage_level_display()}: {self.points}"
