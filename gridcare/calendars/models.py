"""Production calendar data (производственный календарь) that admins edit.

The federal base calendar comes from the `holidays` package (see `workdays.py`); the
rows here override it for one date in one region, so a new Government decree or a
decree of the Раис РТ is entered as data, without a release (regulation.md §4.1:
"never derive transfers by rule — load them from the annual resolution") [R46].
"""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gridcare.core.models import TimeStampedModel, choice_in

# Years the calendar accepts. A technical bound against typos, not a rule of law.
FIRST_YEAR = 2000
LAST_YEAR = 2100


class Region(models.TextChoices):
    """A territory with its own production calendar."""

    # The federal calendar: ТК РФ ст. 112 holidays and Government transfer decrees.
    RU = "RU", _("Российская Федерация")
    # The federal calendar plus the holidays of the Republic of Tatarstan [R52][R53].
    RU_TA = "RU-TA", _("Республика Татарстан")


# Regions whose overrides apply, most general first: a later one wins for a date.
REGION_CHAIN: dict[str, tuple[str, ...]] = {
    Region.RU: (Region.RU,),
    Region.RU_TA: (Region.RU, Region.RU_TA),
}


class StatusMark(models.TextChoices):
    """How sure we are of a value (regulation.md §0): only ✅ may be treated as law."""

    CONFIRMED = "✅", _("✅ подтверждено источником")
    UNCONFIRMED = "⚠️", _("⚠️ не подтверждено (выведено или по памяти)")
    NOT_FOUND = "❓", _("❓ источник не найден")


class CalendarDayKind(models.TextChoices):
    """What an override makes of a date."""

    # No work: a holiday or a day off moved by a decree. The working day right
    # before it becomes shortened (ТК ст. 95) unless that day has its own row.
    NON_WORKING = "non_working", _("нерабочий день")
    # A full working day, e.g. a working Saturday after a transfer; also cancels
    # the shortening that would follow from a holiday on the next day.
    WORKING = "working", _("рабочий день")
    # A working day one hour shorter, when the decree says so explicitly
    # (e.g. working Saturday 02.11.2024 [R47]).
    SHORTENED = "shortened", _("сокращённый рабочий день")


class CalendarDay(TimeStampedModel):
    """One date of one region whose status differs from the federal base calendar.

    Examples: a Tatarstan holiday (Курбан-байрам), a working Saturday that the decree
    makes shortened, next year's transfers before the `holidays` package knows them.
    A row of region RU applies to RU-TA too, unless RU-TA has its own row for the date.
    """

    # Nested name for `CalendarDay.Kind.WORKING`; defined at module level so that
    # Meta.constraints below can see it.
    Kind = CalendarDayKind

    region = models.CharField(_("регион"), max_length=8, choices=Region.choices)
    date = models.DateField(_("дата"))
    kind = models.CharField(_("вид дня"), max_length=16, choices=Kind.choices)
    title = models.CharField(
        _("название"),
        max_length=200,
        help_text=_("Например: «Курбан-байрам», «Рабочая суббота (перенос с 03.11)»."),
    )
    status_mark = models.CharField(
        _("статус значения"),
        max_length=2,
        choices=StatusMark.choices,
        help_text=_(
            "✅ — подтверждено официальным актом; ⚠️ и ❓ — требуют проверки по акту."
        ),
    )
    reference = models.CharField(
        _("источник"),
        max_length=200,
        help_text=_(
            "Метка источника из regulation.md, например [R53], или реквизиты акта."
        ),
    )

    class Meta:
        verbose_name = _("день производственного календаря")
        verbose_name_plural = _("дни производственного календаря")
        ordering = ["-date", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "date"], name="calendar_day_region_date_unique"
            ),
            models.CheckConstraint(
                condition=choice_in("kind", CalendarDayKind),
                name="calendar_day_kind_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("region", Region), name="calendar_day_region_valid"
            ),
            models.CheckConstraint(
                condition=choice_in("status_mark", StatusMark),
                name="calendar_day_status_mark_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.region}: {self.get_kind_display()}"

    def clean(self) -> None:
        if self.date and not FIRST_YEAR <= self.date.year <= LAST_YEAR:
            raise ValidationError(
                {
                    "date": _("Год должен быть от %(first)s до %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                }
            )


class WorkSchedule(TimeStampedModel):
    """Office hours used to count deadlines in working hours.

    Example: the 4-hour phone call-back of ЕСКО [R5] counts only the hours of this
    schedule on working days. Hours are company data, not regulation, so they are
    editable here; the shipped `office` row is marked ⚠️.
    """

    code = models.SlugField(
        _("код"), max_length=32, unique=True, help_text=_("Например: office.")
    )
    title = models.CharField(_("название"), max_length=200)
    region = models.CharField(
        _("регион"),
        max_length=8,
        choices=Region.choices,
        default=Region.RU_TA,
        help_text=_("Регион офисов, которые работают по этому графику."),
    )
    day_start = models.TimeField(_("начало рабочего дня"), default=time(8, 0))
    day_end = models.TimeField(_("конец рабочего дня"), default=time(17, 0))
    shortened_by_minutes = models.PositiveSmallIntegerField(
        _("сокращение предпраздничного дня, минут"),
        default=60,
        help_text=_(
            "⚠️ ТК РФ ст. 95: рабочий день перед нерабочим праздником короче на час "
            "(текст статьи не сверен) [R46]."
        ),
    )

    class Meta:
        verbose_name = _("график работы")
        verbose_name_plural = _("графики работы")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day_start__lt=F("day_end")),
                name="work_schedule_start_before_end",
            ),
            models.CheckConstraint(
                condition=choice_in("region", Region), name="work_schedule_region_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.day_start:%H:%M}–{self.day_end:%H:%M})"

    @property
    def working_minutes(self) -> int:
        """Length of a full working day in minutes."""
        start = self.day_start.hour * 60 + self.day_start.minute
        end = self.day_end.hour * 60 + self.day_end.minute
        return end - start

    def clean(self) -> None:
        if self.day_start is None or self.day_end is None:
            return
        if self.day_start >= self.day_end:
            raise ValidationError(
                {"day_end": _("Конец рабочего дня должен быть позже начала.")}
            )
        if self.shortened_by_minutes >= self.working_minutes:
            raise ValidationError(
                {
                    "shortened_by_minutes": _(
                        "Сокращение должно быть меньше продолжительности рабочего дня."
                    )
                }
            )
