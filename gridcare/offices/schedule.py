"""When an office is open on a date and which slots a service has there.

An office works on a date by its `OfficeHours` row for that weekday, under the
production calendar (`calendars.workdays`, region `settings.CALENDAR_REGION`):

- a working day of the calendar: the row of its weekday (a weekend day made working by
  a transfer decree works by the Monday row); a shortened pre-holiday day ends an hour
  earlier (ТК РФ ст. 95);
- a non-working Monday…Friday is a holiday: closed;
- a Saturday or Sunday opens by its own row (service centres work on Saturdays) only
  in a plain weekend, i.e. when neither the Friday before nor the Monday after is a
  non-working day (no Saturday work inside the New Year or May holidays).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from gridcare.calendars.workdays import is_shortened_day, is_working_day
from gridcare.offices.models import OfficeHours
from gridcare.offices.rules import SHORTENED_DAY_MINUTES

MOSCOW = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class DayHours:
    """An office's hours on one date (local times)."""

    day: date
    opens: time
    closes: time
    lunch_from: time | None = None
    lunch_to: time | None = None


def _region() -> str:
    return settings.CALENDAR_REGION  # type: ignore[no-any-return]


def _weekday_row(
    rows: dict[int, OfficeHours], day: date, *, working: bool
) -> OfficeHours | None:
    if working:
        return rows.get(0) if day.weekday() >= 5 else rows.get(day.weekday())
    if day.weekday() < 5:
        return None  # a holiday on a weekday
    friday = day - timedelta(days=day.weekday() - 4)
    monday = day + timedelta(days=7 - day.weekday())
    region = _region()
    if not (
        is_working_day(friday, region=region) and is_working_day(monday, region=region)
    ):
        return None
    return rows.get(day.weekday())


def office_day_hours(rows: dict[int, OfficeHours], day: date) -> DayHours | None:
    """Return the office's hours on `day` (rows by weekday), None when closed."""
    region = _region()
    working = is_working_day(day, region=region)
    row = _weekday_row(rows, day, working=working)
    if row is None:
        return None
    closes = row.closes
    if working and is_shortened_day(day, region=region):
        moved = datetime.combine(day, closes) - timedelta(minutes=SHORTENED_DAY_MINUTES)
        closes = moved.time()
        if closes <= row.opens:
            return None
    lunch_from, lunch_to = row.lunch_from, row.lunch_to
    if lunch_from is not None and lunch_from >= closes:
        lunch_from = lunch_to = None
    return DayHours(day, row.opens, closes, lunch_from, lunch_to)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=MOSCOW)


def slot_starts(hours: DayHours, minutes: int) -> list[tuple[datetime, datetime]]:
    """Slots of `minutes` from opening, none crossing the lunch break or closing."""
    step = timedelta(minutes=minutes)
    periods = [(hours.opens, hours.closes)]
    if hours.lunch_from is not None and hours.lunch_to is not None:
        periods = [(hours.opens, hours.lunch_from), (hours.lunch_to, hours.closes)]
    slots = []
    for begin, end in periods:
        start, stop = _at(hours.day, begin), _at(hours.day, end)
        while start + step <= stop:
            slots.append((start, start + step))
            start += step
    return slots


def hours_by_weekday(office_id: int) -> dict[int, OfficeHours]:
    return {row.weekday: row for row in OfficeHours.objects.filter(office_id=office_id)}
