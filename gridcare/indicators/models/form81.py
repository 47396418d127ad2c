"""Layout of the monthly form 8.1 (Приложение 8 to № 1256). That the form is filled
monthly is confirmed ✅ [R20]; its columns were not retrieved (❓), so the columns are
data: a header and which value of the interruption each one shows."""

from django.db import models


class Form81Field(models.TextChoices):
    """Values of one interruption that a column of form 8.1 can show."""

    ROW_NUMBER = "row_number", "№ п/п"
    OUTAGE = "outage", "Номер отключения в системе"
    BRANCH = "branch", "Филиал"
    DISTRICT_UNIT = "district_unit", "РЭС"
    KIND = "kind", "Вид (плановое / аварийное)"
    CAUSE = "cause", "Причина"
    EQUIPMENT = "equipment", "Отключённое оборудование"
    EQUIPMENT_VOLTAGE = "equipment_voltage", "Уровень напряжения оборудования"
    STARTED_AT = "started_at", "Дата и время начала (мск)"
    ENDED_AT = "ended_at", "Дата и время окончания (мск)"
    DURATION_HOURS = "duration_hours", "Продолжительность, ч"
    POINTS_TOTAL = "points_total", "Точек поставки отключено, всего"
    POINTS_NN = "points_NN", "в т. ч. НН"
    POINTS_SN2 = "points_SN2", "в т. ч. СН2"
    POINTS_SN1 = "points_SN1", "в т. ч. СН1"
    POINTS_VN = "points_VN", "в т. ч. ВН"
    POINT_HOURS = "point_hours", "Точко-часы (T × N)"
    COUNTED = "counted", "Учитывается в Пsaidi/Пsaifi"
    EXCLUSION = "exclusion", "Основание исключения"


class Form81Column(models.Model):
    """One column of the form 8.1 export (❓ layout, [R20] regulation.md §2.1)."""

    Field = Form81Field

    order = models.PositiveSmallIntegerField("порядок")
    header = models.CharField("заголовок", max_length=200)
    field = models.CharField("значение", max_length=24, choices=Form81Field.choices)
    is_active = models.BooleanField("выводится", default=True)
    status_mark = models.CharField("статус значения", max_length=2, default="❓")
    reference = models.CharField(
        "источник", max_length=100, default="[R20] regulation.md §2.1"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "графа формы 8.1"
        verbose_name_plural = "графы формы 8.1"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field__in=Form81Field.values),
                name="indicators_form81_field_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.header}"
