"""The editable rules of reading intake: which acceptance window and which
plausibility limit apply to a branch on a date, and whether the window is open.

Both are data (`ReadingWindow`, `ReadingLimit`, edited in /admin/): the branch's row
in force on the date, else the company-wide row, else the model's defaults (which are
the same values the data migration ships, marked ⚠️ unconfirmed)."""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.utils import timezone

from gridcare.metering.models import ReadingLimit, ReadingWindow

RuleModel = TypeVar("RuleModel", ReadingWindow, ReadingLimit)


def moscow_today() -> date:
    """Today in the company's time zone (settings.TIME_ZONE is Europe/Moscow)."""
    return timezone.localdate()


def _rule_for(model: type[RuleModel], *, branch_id: int | None, on: date) -> RuleModel:
    rows = model.objects.filter(valid_from__lte=on).order_by("-valid_from")
    if branch_id is not None:
        row = rows.filter(branch_id=branch_id).first()
        if row is not None:
            return row
    row = rows.filter(branch__isnull=True).first()
    return row if row is not None else model(valid_from=on)


def reading_window_for(*, branch_id: int | None, on: date) -> ReadingWindow:
    """Return the acceptance window in force for the branch on the date."""
    return _rule_for(ReadingWindow, branch_id=branch_id, on=on)


def reading_limit_for(*, branch_id: int | None, on: date) -> ReadingLimit:
    """Return the plausibility limit in force for the branch on the date."""
    return _rule_for(ReadingLimit, branch_id=branch_id, on=on)


@dataclass(frozen=True)
class WindowState:
    """The acceptance window as seen on one day: open or not, and its dates."""

    day_from: int
    day_to: int
    is_open: bool
    opens_on: date  # first day of the current window, or of the next one
    closes_on: date  # last day of that window (inclusive)
    staff_outside_window: bool


def _window_dates(window: ReadingWindow, year: int, month: int) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    return (
        date(year, month, min(window.day_from, last)),
        date(year, month, min(window.day_to, last)),
    )


def window_state(window: ReadingWindow, *, today: date) -> WindowState:
    """Where `today` falls relative to the window: inside it, or before the next one."""
    opens, closes = _window_dates(window, today.year, today.month)
    if today > closes:
        year, month = (
            (today.year + 1, 1)
            if today.month == 12
            else (
                today.year,
                today.month + 1,
            )
        )
        opens, closes = _window_dates(window, year, month)
    return WindowState(
        day_from=window.day_from,
        day_to=window.day_to,
        is_open=opens <= today <= closes,
        opens_on=opens,
        closes_on=closes,
        staff_outside_window=window.staff_outside_window,
    )


def window_state_for(*, branch_id: int | None, today: date) -> WindowState:
    return window_state(reading_window_for(branch_id=branch_id, on=today), today=today)
