"""Moscow days and working hours for demo data, computed once from the production
calendar so that a year of appeals needs no per-row calendar calls."""

import random
from datetime import UTC, date, datetime, timedelta

from gridcare.calendars.workdays import region_calendar

MOSCOW_OFFSET = 3 * 3600  # UTC+3 all year since 2014
DAY = 86_400
HOUR = 3_600
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
WORK_START = 8 * HOUR
WORK_END = 17 * HOUR


def moscow_day(ts: float) -> int:
    """Days since 1970-01-01 of the Moscow date of a timestamp."""
    return int((ts + MOSCOW_OFFSET) // DAY)


def day_start(day: int) -> float:
    """The timestamp of Moscow midnight of a day number."""
    return day * DAY - MOSCOW_OFFSET


def day_date(day: int) -> date:
    return date.fromordinal(day + _EPOCH_ORDINAL)


def to_datetime(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


class WorkClock:
    """Working days of a region from `first` to `last` (Moscow dates)."""

    def __init__(self, *, first: date, last: date, region: str) -> None:
        calendar = region_calendar(region)
        self.first_day = first.toordinal() - _EPOCH_ORDINAL
        count = (last - first).days + 1
        self.working = [
            calendar.is_working(first + timedelta(days=i)) for i in range(count)
        ]
        # next_working[i]: the first working day index ≥ i (or past the end).
        self.next_working = [count] * (count + 1)
        upcoming = count
        for i in range(count - 1, -1, -1):
            if self.working[i]:
                upcoming = i
            self.next_working[i] = upcoming

    def is_working(self, day: int) -> bool:
        index = day - self.first_day
        return 0 <= index < len(self.working) and self.working[index]

    def working_day_count(self, first: int, last: int) -> int:
        return sum(self.is_working(d) for d in range(first, last + 1))

    def within_hours(self, ts: float) -> float:
        """`ts` if it falls in working hours, else the next opening (staff do not
        answer at night or on days off)."""
        day = moscow_day(ts)
        seconds = ts - day_start(day)
        if self.is_working(day) and WORK_START <= seconds < WORK_END:
            return ts
        if not (self.is_working(day) and seconds < WORK_START):
            index = min(max(day + 1 - self.first_day, 0), len(self.working))
            day = self.first_day + self.next_working[index]
        return day_start(day) + WORK_START

    def open_after(self, ts: float, rng: random.Random) -> float:
        """Like `within_hours`, with a random delay after the opening."""
        snapped = self.within_hours(ts)
        if snapped == ts:
            return ts
        return snapped + rng.uniform(0, 1.5 * HOUR)
