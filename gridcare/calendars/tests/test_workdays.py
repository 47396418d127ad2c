"""Working-day counts against regulation.md §4.2–4.4, and the calendar queries."""

from datetime import date, timedelta

import pytest

from gridcare.calendars.workdays import (
    CalendarError,
    add_working_days,
    is_shortened_day,
    is_working_day,
    month_working_days,
    next_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db

# regulation.md §4.2: RU, 5-day week, Jan … Dec and total ✅ [R46].
RU_WORKING_DAYS = {
    2019: ([17, 20, 20, 22, 18, 19, 23, 22, 21, 23, 20, 22], 247),
    2020: ([17, 19, 21, 22, 17, 21, 23, 21, 22, 22, 20, 23], 248),
    2021: ([15, 19, 22, 22, 19, 21, 22, 22, 22, 21, 20, 22], 247),
    2022: ([16, 19, 22, 21, 18, 21, 21, 23, 22, 21, 21, 22], 247),
    2023: ([17, 18, 22, 20, 20, 21, 21, 23, 21, 22, 21, 21], 247),
    2024: ([17, 20, 20, 21, 20, 19, 23, 22, 21, 23, 21, 21], 248),
    2025: ([17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22], 247),
    2026: ([15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22], 247),
}

# regulation.md §4.4: RU-TA monthly working days; totals official ✅ [R50][R52][R53].
RU_TA_WORKING_DAYS = {
    2024: ([17, 20, 20, 20, 20, 19, 23, 21, 21, 23, 20, 21], 245),
    2025: ([17, 20, 21, 22, 18, 18, 23, 21, 22, 23, 18, 22], 245),
    2026: ([15, 19, 20, 22, 18, 21, 23, 21, 22, 22, 19, 22], 244),
}

# regulation.md §4.2: RU monthly hours of a 40-hour week ✅ [R46].
RU_HOURS = {
    2024: [136, 159, 159, 168, 159, 151, 184, 176, 168, 184, 167, 168],
    2025: [136, 160, 167, 175, 144, 151, 184, 168, 176, 184, 151, 176],
    2026: [120, 152, 168, 175, 151, 167, 184, 168, 176, 176, 159, 176],
}

# regulation.md §4.4: computed RT hours of a 40-hour week ⚠️.
RU_TA_HOURS = {2024: 1952, 2025: 1954, 2026: 1945}

# regulation.md §4.3 ✅ [R46][R47][R48][R49].
RU_SHORTENED = {
    2024: [(2, 22), (3, 7), (5, 8), (6, 11), (11, 2)],
    2025: [(3, 7), (4, 30), (6, 11), (11, 1)],
    2026: [(4, 30), (5, 8), (6, 11), (11, 3)],
}


def _year_days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [
        first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)
    ]


def _hours_per_month(year: int, region: str) -> list[int]:
    hours = [0] * 12
    for day in _year_days(year):
        if is_working_day(day, region=region):
            hours[day.month - 1] += 7 if is_shortened_day(day, region=region) else 8
    return hours


@pytest.mark.parametrize(("year", "expected"), RU_WORKING_DAYS.items())
def test_ru_month_working_days_match_regulation(
    year: int, expected: tuple[list[int], int]
) -> None:
    months, total = expected
    counts = month_working_days(year, region="RU")
    assert counts == dict(enumerate(months, start=1))
    assert sum(counts.values()) == total


@pytest.mark.parametrize(("year", "expected"), RU_TA_WORKING_DAYS.items())
def test_tatarstan_month_working_days_match_regulation(
    year: int, expected: tuple[list[int], int]
) -> None:
    months, total = expected
    counts = month_working_days(year, region="RU-TA")
    assert counts == dict(enumerate(months, start=1))
    assert sum(counts.values()) == total


@pytest.mark.parametrize(("year", "expected"), RU_HOURS.items())
def test_ru_month_hours_match_regulation(year: int, expected: list[int]) -> None:
    assert _hours_per_month(year, "RU") == expected


@pytest.mark.parametrize(("year", "expected"), RU_TA_HOURS.items())
def test_tatarstan_year_hours_match_regulation(year: int, expected: int) -> None:
    assert sum(_hours_per_month(year, "RU-TA")) == expected


@pytest.mark.parametrize(("year", "expected"), RU_SHORTENED.items())
def test_ru_shortened_days_match_regulation(
    year: int, expected: list[tuple[int, int]]
) -> None:
    shortened = [d for d in _year_days(year) if is_shortened_day(d, region="RU")]
    assert shortened == [date(year, month, day) for month, day in expected]


def test_day_before_new_year_is_shortened_across_the_year_boundary() -> None:
    assert is_shortened_day(date(2019, 12, 31), region="RU") is True


def test_day_before_a_moved_day_off_is_a_full_day() -> None:
    # 31.12.2025 is a day off moved from 05.01 [R48], not a holiday.
    assert is_working_day(date(2025, 12, 30), region="RU") is True
    assert is_shortened_day(date(2025, 12, 30), region="RU") is False


def test_tatarstan_holiday_is_a_working_day_in_ru() -> None:
    assert is_working_day(date(2025, 6, 6), region="RU") is True
    assert is_working_day(date(2025, 6, 6), region="RU-TA") is False
    assert is_shortened_day(date(2025, 6, 5), region="RU-TA") is True
    assert is_shortened_day(date(2025, 6, 5), region="RU") is False


def test_working_saturday_is_a_working_day() -> None:
    assert is_working_day(date(2024, 12, 28), region="RU") is True
    assert is_shortened_day(date(2024, 12, 28), region="RU") is False


def test_next_working_day_returns_a_working_day_itself() -> None:
    assert next_working_day(date(2025, 3, 24), region="RU") == date(2025, 3, 24)


def test_next_working_day_skips_new_year_holidays() -> None:
    assert next_working_day(date(2025, 12, 31), region="RU") == date(2026, 1, 12)


def test_add_working_days_zero_returns_the_day_itself() -> None:
    assert add_working_days(date(2025, 3, 23), 0, region="RU") == date(2025, 3, 23)


def test_add_working_days_crosses_new_year_holidays() -> None:
    # 29.12, 30.12, then 12.01 … 21.01.2026.
    assert add_working_days(date(2025, 12, 26), 10, region="RU") == date(2026, 1, 21)


def test_add_working_days_across_several_years() -> None:
    # 247 + 247 working days in 2025 and 2026.
    assert add_working_days(date(2024, 12, 31), 494, region="RU") == date(2026, 12, 30)


def test_working_days_between_counts_start_exclusive_end_inclusive() -> None:
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 10), region="RU") == 1
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 7), region="RU") == 0
    assert (
        working_days_between(date(2024, 12, 31), date(2026, 12, 31), region="RU") == 494
    )


@pytest.mark.parametrize("count", [0, 1, 5, 30, 260])
def test_add_then_count_gives_back_the_count(count: int) -> None:
    start = date(2025, 12, 27)
    end = add_working_days(start, count, region="RU-TA")
    assert working_days_between(start, end, region="RU-TA") == count


def test_rejects_unknown_region() -> None:
    with pytest.raises(CalendarError, match="Неизвестный регион «RU-MOW»"):
        is_working_day(date(2025, 1, 9), region="RU-MOW")


def test_rejects_year_out_of_range() -> None:
    with pytest.raises(CalendarError, match="Год должен быть от 2000 до 2100"):
        month_working_days(1999, region="RU")


def test_rejects_negative_count() -> None:
    with pytest.raises(CalendarError, match="неотрицательным"):
        add_working_days(date(2025, 1, 9), -1, region="RU")


def test_rejects_datetime_instead_of_date() -> None:
    from datetime import datetime

    with pytest.raises(CalendarError, match="Ожидается дата без времени"):
        is_working_day(datetime(2025, 1, 9, 10, 0), region="RU")  # noqa: DTZ001
