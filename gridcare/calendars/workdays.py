"""Calendar queries: working days, shortened days, working-day arithmetic.

The federal base is the `holidays` package (ТК РФ ст. 112 holidays and the yearly
Government transfer decrees, e.g. ПП РФ № 1335 for 2025 [R48]); rows of `CalendarDay`
override it. A region's year is built once per process (see `calendar_cache.py`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.calendar_cache import CalendarState, calendar_state
from gridcare.calendars.models import (
    FIRST_YEAR,
    LAST_YEAR,
    REGION_CHAIN,
    CalendarDay,
)
from gridcare.core.errors import ApplicationError

_ONE_DAY = timedelta(days=1)


class CalendarError(ApplicationError):
    """A calendar question or change that cannot be answered or made."""


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """The working days of one region in one year, ready for fast lookups."""

    year: int
    working_ordinals: tuple[int, ...]  # sorted `date.toordinal()` of working days
    working: frozenset[date]
    shortened: frozenset[date]
    month_counts: tuple[int, ...]  # working days of January … December


def check_region(region: str) -> None:
    """Refuse a region the calendar does not know."""
    if region not in REGION_CHAIN:
        raise CalendarError(
            str(_("Неизвестный регион «%(region)s». Допустимые значения: %(allowed)s."))
            % {"region": region, "allowed": ", ".join(REGION_CHAIN)},
            code="calendar_region_unknown",
        )


def check_year(year: int) -> None:
    """Refuse a year outside the range the calendar accepts."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise CalendarError(str(_("Год должен быть целым числом.")))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            str(_("Год должен быть от %(first)s до %(last)s."))
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="calendar_year_out_of_range",
        )


def _check_day(day: object) -> None:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise CalendarError(
            str(_("Ожидается дата без времени, получено: %(value)r.")) % {"value": day}
        )


def _federal_base(year: int) -> tuple[holidays.HolidayBase, frozenset[date]]:
    """Return the federal calendar of `year` and `year + 1` and its true holidays.

    True holidays are the ТК ст. 112 days; days off moved by a decree ("Выходной
    (перенесено с …)") or by the weekend rule ("… (выходной)") are not, and the day
    before them is not shortened (2025-12-30, 2026-12-30 are full days) ✅ [R46].
    """
    federal = holidays.RU(years=(year, year + 1), language="ru")
    moved_prefix = federal.tr(federal.substituted_label).split("%s")[0]
    observed_suffix = federal.tr(federal.observed_label).split("%s")[-1]
    true_holidays = frozenset(
        day
        for day, names in federal.items()
        if any(
            not name.startswith(moved_prefix) and not name.endswith(observed_suffix)
            for name in names.split("; ")
        )
    )
    return federal, true_holidays


def _build_year(region: str, year: int) -> YearCalendar:
    """Build one region's year: the federal base with the region's overrides."""
    first = date(year, 1, 1)
    federal, true_holidays = _federal_base(year)
    chain = REGION_CHAIN[region]
    rows = CalendarDay.objects.filter(
        region__in=chain, date__range=(first, date(year + 1, 1, 1))
    ).values_list("region", "date", "kind")
    overrides: dict[date, str] = {}
    # A region's own row beats the row of the wider region for the same date.
    for _region, day, kind in sorted(rows, key=lambda row: chain.index(row[0])):
        overrides[day] = kind

    def is_working(day: date) -> bool:
        kind = overrides.get(day)
        if kind is not None:
            return kind != CalendarDay.Kind.NON_WORKING
        if day in federal.weekend_workdays:
            return True
        return day.weekday() < 5 and day not in federal

    def is_holiday(day: date) -> bool:
        kind = overrides.get(day)
        if kind is not None:
            return kind == CalendarDay.Kind.NON_WORKING
        return day in true_holidays

    working: list[date] = []
    shortened: list[date] = []
    month_counts = [0] * 12
    day = first
    while day.year == year:
        if is_working(day):
            working.append(day)
            month_counts[day.month - 1] += 1
            kind = overrides.get(day)
            # ТК ст. 95: the working day right before a non-working holiday is one
            # hour shorter ⚠️; data show it only when the very next day is the
            # holiday, not a plain weekend ✅ [R46]. A row of its own decides.
            if kind == CalendarDay.Kind.SHORTENED or (
                kind is None and is_holiday(day + _ONE_DAY)
            ):
                shortened.append(day)
        day += _ONE_DAY
    return YearCalendar(
        year=year,
        working_ordinals=tuple(d.toordinal() for d in working),
        working=frozenset(working),
        shortened=frozenset(shortened),
        month_counts=tuple(month_counts),
    )


class RegionCalendar:
    """One region's calendar over all years, read from one process-local state."""

    __slots__ = ("region", "state")

    def __init__(self, region: str, state: CalendarState) -> None:
        self.region = region
        self.state = state

    def year(self, year: int) -> YearCalendar:
        """Return the built year, building it on first use in this process."""
        key = (self.region, year)
        built = self.state.years.get(key)
        if built is None:
            check_year(year)
            built = _build_year(self.region, year)
            self.state.years[key] = built
        return built

    def is_working(self, day: date) -> bool:
        return day in self.year(day.year).working

    def is_shortened(self, day: date) -> bool:
        return day in self.year(day.year).shortened

    def next_working(self, day: date) -> date:
        year = day.year
        ordinals = self.year(year).working_ordinals
        index = bisect_left(ordinals, day.toordinal())
        while index == len(ordinals):
            year += 1
            ordinals = self.year(year).working_ordinals
            index = 0
        return date.fromordinal(ordinals[index])

    def add_working_days(self, day: date, count: int) -> date:
        if count == 0:
            return day
        year = day.year
        ordinals = self.year(year).working_ordinals
        index = bisect_right(ordinals, day.toordinal())  # first working day after
        remaining = count
        while remaining > len(ordinals) - index:
            remaining -= len(ordinals) - index
            year += 1
            ordinals = self.year(year).working_ordinals
            index = 0
        return date.fromordinal(ordinals[index + remaining - 1])

    def working_days_between(self, start: date, end: date) -> int:
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            ordinals = self.year(year).working_ordinals
            low = bisect_right(ordinals, start.toordinal())
            high = bisect_right(ordinals, end.toordinal())
            total += high - low
        return total


def region_calendar(region: str) -> RegionCalendar:
    """Return the calendar of `region`, checking the shared cache version once."""
    check_region(region)
    return RegionCalendar(region, calendar_state())


def is_working_day(day: date, *, region: str) -> bool:
    """Tell whether `day` is a working day (shortened days included) in `region`."""
    _check_day(day)
    return region_calendar(region).is_working(day)


def is_shortened_day(day: date, *, region: str) -> bool:
    """Tell whether `day` is a working day one hour shorter (ТК ст. 95).

    True for a working day right before a non-working holiday (a ТК ст. 112 day from
    the `holidays` package or a non-working override), not before a plain weekend or
    a moved day off ✅ [R46]; and for a day with a `shortened` override. A `working`
    override makes the day full.
    """
    _check_day(day)
    return region_calendar(region).is_shortened(day)


def next_working_day(day: date, *, region: str) -> date:
    """Return `day` if it is a working day, else the first working day after it."""
    _check_day(day)
    return region_calendar(region).next_working(day)


def add_working_days(day: date, count: int, *, region: str) -> date:
    """Return the `count`-th working day after `day` (`day` itself is not counted).

    `count` = 0 returns `day` unchanged, working or not, so that
    `working_days_between(day, add_working_days(day, n)) == n` for every n ≥ 0.
    """
    _check_day(day)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise CalendarError(
            str(_("Число рабочих дней должно быть целым неотрицательным, получено: "))
            + repr(count)
        )
    return region_calendar(region).add_working_days(day, count)


def working_days_between(start: date, end: date, *, region: str) -> int:
    """Count working days d with start < d ≤ end; 0 when end ≤ start."""
    _check_day(start)
    _check_day(end)
    return region_calendar(region).working_days_between(start, end)


def month_working_days(year: int, *, region: str) -> dict[int, int]:
    """Return the number of working days of each month (1–12) of `year`."""
    check_year(year)
    counts = region_calendar(region).year(year).month_counts
    return {month: counts[month - 1] for month in range(1, 13)}
