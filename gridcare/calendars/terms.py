"""Term arithmetic (исчисление сроков): when a period that starts at an event ends.

Rules (docs/domains/calendars.md):
* A period in days or months starts the day after the event (ГК РФ ст. 191) and
  ends at the end of its last day, Moscow time ⚠️/✅ [R67] (regulation.md §4.1).
* If a calendar-day or month period ends on a non-working day, the next working day
  is the last day (ГК РФ ст. 193) ✅ [R67].
* A period in months ends on the same date of its last month, or on that month's
  last day when there is no such date (ГК РФ ст. 192) ⚠️ (act not in the reference).
* A period in working days ends at the end of the n-th working day after the event.
* Working hours are counted only inside the work schedule on working days; a
  shortened day closes earlier (ТК ст. 95 ⚠️); an event outside the hours starts
  the count at the next opening (ЕСКО call-back within 4 hours ✅ [R5]).
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.calendar_cache import CalendarState
from gridcare.calendars.models import WorkSchedule
from gridcare.calendars.workdays import CalendarError, RegionCalendar, region_calendar

# Terms end at the end of a Moscow day: the company and its consumers are in
# Moscow time (Kazan), and Russia has no daylight saving time since 2014.
MOSCOW = ZoneInfo("Europe/Moscow")
END_OF_DAY = time(23, 59, 59)
OFFICE_SCHEDULE_CODE = "office"
_ONE_DAY = timedelta(days=1)


class TermUnit(models.TextChoices):
    """The unit a deadline is counted in."""

    # ЕСКО written appeals: 30 days from registration ✅ [R4].
    CALENDAR_DAYS = "calendar_days", _("календарных дней")
    # e.g. 152-ФЗ answer to a data subject: 10 working days ✅ [R66].
    WORKING_DAYS = "working_days", _("рабочих дней")
    # ЕСКО phone call-back: 4 hours ✅ [R5].
    WORKING_HOURS = "working_hours", _("рабочих часов")
    MONTHS = "months", _("месяцев")


@dataclass(frozen=True, slots=True)
class ScheduleHours:
    """A work schedule reduced to what term arithmetic needs."""

    day_start: time
    day_end: time
    shortened_by: timedelta

    @classmethod
    def of(cls, schedule: WorkSchedule) -> ScheduleHours:
        return cls(
            day_start=schedule.day_start,
            day_end=schedule.day_end,
            shortened_by=timedelta(minutes=schedule.shortened_by_minutes),
        )

    def hours_of(self, day: date, *, shortened: bool) -> tuple[datetime, datetime]:
        """Return the opening and closing moments of a working day."""
        opening = datetime.combine(day, self.day_start, tzinfo=MOSCOW)
        closing = datetime.combine(day, self.day_end, tzinfo=MOSCOW)
        if shortened:
            closing -= self.shortened_by
        return opening, closing


def _check_moment(value: object, name: str) -> None:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise CalendarError(
            str(
                _(
                    "«%(name)s»: ожидаются дата и время с часовым поясом, "
                    "получено %(value)r."
                )
            )
            % {"name": name, "value": value},
            code="calendar_naive_datetime",
        )


def _check_unit(unit: str) -> None:
    if unit not in TermUnit.values:
        raise CalendarError(
            str(
                _(
                    "Неизвестная единица срока «%(unit)s». "
                    "Допустимые значения: %(allowed)s."
                )
            )
            % {"unit": unit, "allowed": ", ".join(TermUnit.values)},
            code="calendar_unit_unknown",
        )


def _schedule_hours(
    schedule: WorkSchedule | None, state: CalendarState
) -> ScheduleHours:
    if schedule is not None:
        return ScheduleHours.of(schedule)
    hours = state.schedules.get(OFFICE_SCHEDULE_CODE)
    if hours is None:
        row = WorkSchedule.objects.filter(code=OFFICE_SCHEDULE_CODE).first()
        if row is None:
            raise CalendarError(
                str(
                    _(
                        "Не найден график работы «office»: "
                        "добавьте его в администрировании."
                    )
                ),
                code="calendar_schedule_missing",
            )
        hours = ScheduleHours.of(row)
        state.schedules[OFFICE_SCHEDULE_CODE] = hours
    return hours


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=MOSCOW)


def _add_months(day: date, months: int) -> date:
    # ГК ст. 192: the same date of the last month, or its last day if there is none.
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


def _add_working_time(
    calendar: RegionCalendar, hours: ScheduleHours, start: datetime, amount: timedelta
) -> datetime:
    """Return the moment when `amount` of working time has passed since `start`."""
    remaining = amount
    day = start.date()
    while True:
        day = calendar.next_working(day)
        opening, closing = hours.hours_of(day, shortened=calendar.is_shortened(day))
        begin = max(start, opening)
        if begin < closing:
            if remaining <= closing - begin:
                return begin + remaining
            remaining -= closing - begin
        day += _ONE_DAY


def _working_time_between(
    calendar: RegionCalendar, hours: ScheduleHours, start: datetime, end: datetime
) -> timedelta:
    """Return the working time inside the schedule between two Moscow moments."""
    total = timedelta(0)
    day = start.date()
    while day <= end.date():
        if calendar.is_working(day):
            opening, closing = hours.hours_of(day, shortened=calendar.is_shortened(day))
            low, high = max(opening, start), min(closing, end)
            if high > low:
                total += high - low
        day += _ONE_DAY
    return total


def due_at(
    *,
    start: datetime,
    amount: int,
    unit: str,
    region: str,
    schedule: WorkSchedule | None = None,
) -> datetime:
    """Return the moment a term of `amount` `unit`s that starts at `start` ends.

    Days and months end at 23:59:59 Moscow time of the last day; a calendar-day or
    month term ending on a non-working day moves to the next working day (ГК ст. 193,
    [R67]). Working hours end inside `schedule` (default: the `office` schedule).
    Preconditions: `start` is aware; `amount` ≥ 1. Returns an aware datetime.
    """
    _check_moment(start, "start")
    _check_unit(unit)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise CalendarError(
            str(_("Срок должен быть целым положительным числом, получено %(value)r."))
            % {"value": amount},
            code="calendar_amount_invalid",
        )
    calendar = region_calendar(region)
    local = start.astimezone(MOSCOW)
    if unit == TermUnit.WORKING_HOURS:
        hours = _schedule_hours(schedule, calendar.state)
        return _add_working_time(calendar, hours, local, timedelta(hours=amount))
    if unit == TermUnit.WORKING_DAYS:
        return _end_of_day(calendar.add_working_days(local.date(), amount))
    if unit == TermUnit.MONTHS:
        last_day = _add_months(local.date(), amount)
    else:
        # ГК ст. 191: day 1 is the day after the event, so day N is event + N.
        last_day = local.date() + timedelta(days=amount)
    return _end_of_day(calendar.next_working(last_day))


def extend_for_pause(
    *,
    due: datetime,
    paused_from: datetime,
    paused_to: datetime,
    unit: str,
    region: str,
    schedule: WorkSchedule | None = None,
) -> datetime:
    """Push `due` later by a pause (waiting for the consumer), measured in `unit`.

    * Calendar days and months: `due` plus the exact paused time (no rounding of
      partial days); if that lands on a non-working day, the term ends at the end of
      the next working day (ГК ст. 193, [R67]), otherwise at the exact moment.
    * Working days: `due` moves by the number of working days d with
      paused_from < d ≤ paused_to (Moscow dates), keeping its time of day.
    * Working hours: `due` moves by the working time inside the schedule that passed
      during the pause (default schedule: `office`).
    Preconditions: all moments aware, paused_from ≤ paused_to.
    """
    _check_moment(due, "due")
    _check_moment(paused_from, "paused_from")
    _check_moment(paused_to, "paused_to")
    _check_unit(unit)
    if paused_to < paused_from:
        raise CalendarError(
            str(_("Окончание паузы не может быть раньше её начала.")),
            code="calendar_pause_reversed",
        )
    calendar = region_calendar(region)
    due_local = due.astimezone(MOSCOW)
    start, end = paused_from.astimezone(MOSCOW), paused_to.astimezone(MOSCOW)
    if unit == TermUnit.WORKING_HOURS:
        hours = _schedule_hours(schedule, calendar.state)
        paused = _working_time_between(calendar, hours, start, end)
        if not paused:
            return due_local
        return _add_working_time(calendar, hours, due_local, paused)
    if unit == TermUnit.WORKING_DAYS:
        count = calendar.working_days_between(start.date(), end.date())
        moved = calendar.add_working_days(due_local.date(), count)
        return datetime.combine(moved, due_local.timetz())
    moved_moment = due_local + (end - start)
    if calendar.is_working(moved_moment.date()):
        return moved_moment
    return _end_of_day(calendar.next_working(moved_moment.date()))


def working_days_left(*, due: datetime, now: datetime, region: str) -> int:
    """Return the working days left until `due`, negative when overdue.

    Counted over Moscow dates: working days d with today < d ≤ due date, so 0 means
    "due today". Once `now` is past `due` the result is minus the working days since
    the due date, and at least −1 (overdue since earlier today counts as −1).
    """
    _check_moment(due, "due")
    _check_moment(now, "now")
    calendar = region_calendar(region)
    due_day = due.astimezone(MOSCOW).date()
    today = now.astimezone(MOSCOW).date()
    if now <= due:
        return calendar.working_days_between(today, due_day)
    return -max(1, calendar.working_days_between(due_day, today))
