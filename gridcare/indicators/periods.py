"""Reporting periods in Moscow time (the company reports by Moscow calendar days)."""

from datetime import datetime

from django.utils.translation import gettext as _

from gridcare.calendars.terms import MOSCOW
from gridcare.core.errors import ApplicationError

MIN_YEAR = 2010
MAX_YEAR = 2100


def year_check(year: int) -> int:
    """Refuse a year the indicators cannot be about."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ApplicationError(
            _("Год должен быть от %(low)s до %(high)s.")
            % {"low": MIN_YEAR, "high": MAX_YEAR},
            code="year_invalid",
        )
    return year


def year_period(year: int) -> tuple[datetime, datetime]:
    """[1 January 00:00, next 1 January 00:00) Moscow time."""
    year_check(year)
    return (
        datetime(year, 1, 1, tzinfo=MOSCOW),
        datetime(year + 1, 1, 1, tzinfo=MOSCOW),
    )


def month_period(year: int, month: int) -> tuple[datetime, datetime]:
    """[first day of the month 00:00, first day of the next month 00:00) Moscow time."""
    year_check(year)
    if not 1 <= month <= 12:
        raise ApplicationError(_("Месяц должен быть от 1 до 12."), code="month_invalid")
    start = datetime(year, month, 1, tzinfo=MOSCOW)
    end = (
        datetime(year + 1, 1, 1, tzinfo=MOSCOW)
        if month == 12
        else datetime(year, month + 1, 1, tzinfo=MOSCOW)
    )
    return start, end
