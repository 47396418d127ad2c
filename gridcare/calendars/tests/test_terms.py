"""Term arithmetic on hand-computed examples (ГК ст. 191–193, ЕСКО [R4][R5])."""

from datetime import UTC, datetime, time

import pytest

from gridcare.calendars.models import WorkSchedule
from gridcare.calendars.services import work_schedule_set
from gridcare.calendars.terms import (
    MOSCOW,
    TermUnit,
    due_at,
    extend_for_pause,
    working_days_left,
)
from gridcare.calendars.workdays import CalendarError

pytestmark = pytest.mark.django_db


def msk(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=MOSCOW)


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=MOSCOW)


def test_written_appeal_30_days_ending_on_sunday_moves_to_monday() -> None:
    # Fri 21.02.2025 + 30 days = Sun 23.03 → Mon 24.03 (ГК ст. 193).
    due = due_at(
        start=msk(2025, 2, 21, 10), amount=30, unit=TermUnit.CALENDAR_DAYS, region="RU"
    )
    assert due == end_of(2025, 3, 24)


def test_result_is_aware_moscow_end_of_day_for_utc_input() -> None:
    # 21:30 UTC on 20.02 is already 21.02 in Moscow.
    start = datetime(2025, 2, 20, 21, 30, tzinfo=UTC)
    due = due_at(start=start, amount=30, unit="calendar_days", region="RU")
    assert due == end_of(2025, 3, 24)
    assert due.tzinfo is MOSCOW


def test_period_ending_on_a_holiday_moves_past_the_may_holidays() -> None:
    # 01.04 + 30 days = Thu 01.05 holiday; 02.05 moved day off; 03–04.05 weekend.
    due = due_at(start=msk(2025, 4, 1, 9), amount=30, unit="calendar_days", region="RU")
    assert due == end_of(2025, 5, 5)


def test_period_ending_on_kurban_bayram_moves_only_in_tatarstan() -> None:
    start = msk(2025, 5, 7, 12)
    assert due_at(start=start, amount=30, unit="calendar_days", region="RU") == end_of(
        2025, 6, 6
    )
    assert due_at(
        start=start, amount=30, unit="calendar_days", region="RU-TA"
    ) == end_of(2025, 6, 9)


def test_ten_working_days_across_the_2026_new_year_holidays() -> None:
    due = due_at(
        start=msk(2025, 12, 26, 15), amount=10, unit="working_days", region="RU"
    )
    assert due == end_of(2026, 1, 21)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # No 31 February: the last day of the month.
        (msk(2025, 1, 31, 10), end_of(2025, 2, 28)),
        # 08.05.2025 is a moved day off, 09.05 a holiday, 10–11.05 a weekend.
        (msk(2025, 4, 8, 10), end_of(2025, 5, 12)),
    ],
)
def test_one_month_term(start: datetime, expected: datetime) -> None:
    assert due_at(start=start, amount=1, unit="months", region="RU") == expected


def test_call_back_at_16_is_due_at_11_next_working_day() -> None:
    due = due_at(
        start=msk(2025, 2, 20, 16), amount=4, unit="working_hours", region="RU"
    )
    assert due == msk(2025, 2, 21, 11)


def test_four_working_hours_across_a_weekend() -> None:
    due = due_at(
        start=msk(2025, 2, 21, 16), amount=4, unit="working_hours", region="RU"
    )
    assert due == msk(2025, 2, 24, 11)


def test_four_working_hours_across_a_shortened_day() -> None:
    # 07.03.2025 closes at 16:00: two hours that day, two on Monday 10.03.
    due = due_at(start=msk(2025, 3, 7, 14), amount=4, unit="working_hours", region="RU")
    assert due == msk(2025, 3, 10, 10)


@pytest.mark.parametrize(
    "start",
    [
        msk(2025, 3, 1, 10),
        msk(2025, 3, 2, 23),
        msk(2025, 3, 3, 7),
        msk(2025, 2, 28, 17),
    ],
)
def test_call_outside_hours_starts_at_next_opening(start: datetime) -> None:
    due = due_at(start=start, amount=4, unit="working_hours", region="RU")
    assert due == msk(2025, 3, 3, 12)


def test_working_hours_with_an_explicit_schedule() -> None:
    schedule = WorkSchedule(
        code="kazan", day_start=time(9), day_end=time(18), shortened_by_minutes=60
    )
    due = due_at(
        start=msk(2025, 2, 21, 16),
        amount=4,
        unit="working_hours",
        region="RU",
        schedule=schedule,
    )
    assert due == msk(2025, 2, 24, 11)


def test_office_schedule_change_applies_immediately() -> None:
    start = msk(2025, 2, 20, 17, 30)
    assert due_at(start=start, amount=4, unit="working_hours", region="RU") == msk(
        2025, 2, 21, 12
    )
    work_schedule_set(
        code="office",
        title="Офисы, 09:00–18:00",
        region="RU-TA",
        day_start=time(9),
        day_end=time(18),
        shortened_by_minutes=60,
    )
    # 17:30–18:00 today, then 09:00–12:30.
    assert due_at(start=start, amount=4, unit="working_hours", region="RU") == msk(
        2025, 2, 21, 12, 30
    )


def test_missing_office_schedule_is_refused() -> None:
    WorkSchedule.objects.filter(code="office").delete()
    with pytest.raises(CalendarError, match="Не найден график работы «office»"):
        due_at(start=msk(2025, 2, 20, 16), amount=4, unit="working_hours", region="RU")


@pytest.mark.parametrize(
    ("paused_from", "paused_to", "expected"),
    [
        # Exactly two days.
        (msk(2025, 3, 1, 10), msk(2025, 3, 3, 10), end_of(2025, 3, 26)),
        # 30 hours, no rounding: Wed 26.03 05:59:59 is a working day.
        (msk(2025, 3, 1, 0), msk(2025, 3, 2, 6), msk(2025, 3, 26, 5, 59, 59)),
        # Five days land on Sat 29.03: the end of Mon 31.03.
        (msk(2025, 3, 5, 9), msk(2025, 3, 10, 9), end_of(2025, 3, 31)),
    ],
)
def test_pause_extends_calendar_day_term(
    paused_from: datetime, paused_to: datetime, expected: datetime
) -> None:
    due = extend_for_pause(
        due=end_of(2025, 3, 24),
        paused_from=paused_from,
        paused_to=paused_to,
        unit="calendar_days",
        region="RU",
    )
    assert due == expected


def test_pause_extends_working_day_term_by_working_days_paused() -> None:
    # Fri 07.03 → Mon 10.03: one working day (10.03) passed.
    due = extend_for_pause(
        due=end_of(2025, 3, 24),
        paused_from=msk(2025, 3, 7, 12),
        paused_to=msk(2025, 3, 10, 9),
        unit="working_days",
        region="RU",
    )
    assert due == end_of(2025, 3, 25)


def test_pause_extends_working_hour_term_by_working_time_paused() -> None:
    # Fri 16:30–17:00 and Mon 08:00–09:00: 90 minutes.
    due = extend_for_pause(
        due=msk(2025, 2, 24, 11),
        paused_from=msk(2025, 2, 21, 16, 30),
        paused_to=msk(2025, 2, 24, 9),
        unit="working_hours",
        region="RU",
    )
    assert due == msk(2025, 2, 24, 12, 30)


def test_pause_outside_working_hours_does_not_move_a_working_hour_term() -> None:
    due = extend_for_pause(
        due=msk(2025, 2, 24, 11),
        paused_from=msk(2025, 2, 22, 10),
        paused_to=msk(2025, 2, 23, 10),
        unit="working_hours",
        region="RU",
    )
    assert due == msk(2025, 2, 24, 11)


def test_reversed_pause_is_refused() -> None:
    with pytest.raises(CalendarError, match="Окончание паузы не может быть раньше"):
        extend_for_pause(
            due=end_of(2025, 3, 24),
            paused_from=msk(2025, 3, 3),
            paused_to=msk(2025, 3, 1),
            unit="calendar_days",
            region="RU",
        )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (msk(2025, 3, 20, 10), 2),  # Fri 21.03 and Mon 24.03 left
        (msk(2025, 3, 24, 12), 0),  # due today
        (msk(2025, 3, 25, 9), -1),
        (msk(2025, 3, 27, 9), -3),
    ],
)
def test_working_days_left(now: datetime, expected: int) -> None:
    assert working_days_left(due=end_of(2025, 3, 24), now=now, region="RU") == expected


def test_overdue_by_hours_on_the_due_day_is_minus_one() -> None:
    left = working_days_left(
        due=msk(2025, 3, 24, 11), now=msk(2025, 3, 24, 12), region="RU"
    )
    assert left == -1


def test_naive_start_is_refused() -> None:
    with pytest.raises(CalendarError, match="ожидаются дата и время с часовым поясом"):
        due_at(
            start=datetime(2025, 2, 21, 10),  # noqa: DTZ001
            amount=30,
            unit="calendar_days",
            region="RU",
        )


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(CalendarError, match="Неизвестная единица срока «weeks»"):
        due_at(start=msk(2025, 2, 21), amount=2, unit="weeks", region="RU")


@pytest.mark.parametrize("amount", [0, -1, True])
def test_non_positive_amount_is_refused(amount: int) -> None:
    with pytest.raises(CalendarError, match="целым положительным числом"):
        due_at(start=msk(2025, 2, 21), amount=amount, unit="calendar_days", region="RU")
