"""Free slots: working day with a lunch break, RT holiday, shortened day, past slots,
capacity, Saturday hours of a centre, the 14-day window."""

from datetime import date, timedelta

import pytest

from gridcare.offices.models import Office
from gridcare.offices.selectors import booking_days, free_slots
from gridcare.offices.services import appointment_book
from gridcare.offices.tests.conftest import msk

pytestmark = pytest.mark.django_db


def _times(office, service, day):
    slots = free_slots(office=office, service=service, days=[day])[day]
    return [
        s.starts_at.astimezone(msk(2026, 1, 1).tzinfo).strftime("%H:%M") for s in slots
    ]


def test_working_day_slots_skip_the_lunch_break(frozen, office, consultation):
    times = _times(office, consultation, date(2026, 3, 17))
    assert times[:2] == ["08:00", "08:15"]
    assert "11:45" in times and "12:00" not in times and "12:45" not in times
    assert times[16:18] == ["12:48", "13:03"]
    assert times[-1] == "16:33"  # 16:48 would end after 17:00
    assert len(times) == 32


def test_longer_service_has_longer_slots(frozen, office, connection_service):
    times = _times(office, connection_service, date(2026, 3, 17))
    assert times[:3] == ["08:00", "08:30", "09:00"]
    assert times[7] == "11:30" and times[8] == "12:48"
    assert times[-1] == "16:18"


def test_no_slots_on_the_rt_holiday_and_a_shorter_day_before(
    frozen, office, consultation
):
    assert _times(office, consultation, date(2026, 3, 20)) == []  # Ураза-байрам
    shortened = _times(office, consultation, date(2026, 3, 19))
    assert shortened[-1] == "15:33"  # closes at 16:00 instead of 17:00
    assert len(shortened) == 28


def test_no_slots_on_a_federal_holiday_and_a_weekend(frozen, office, consultation):
    assert _times(office, consultation, date(2026, 3, 9)) == []  # 8 марта moved
    assert _times(office, consultation, date(2026, 3, 22)) == []  # Sunday


def test_past_slots_of_today_are_not_offered(frozen, office, consultation):
    times = _times(office, consultation, date(2026, 3, 16))  # now is 09:00
    assert times[0] == "09:15"
    assert len(times) == 27


def test_centre_works_on_a_plain_saturday_only(frozen, make_office, consultation):
    centre = make_office(kind=Office.Kind.SERVICE_CENTRE, name="ЦОП")
    assert _times(centre, consultation, date(2026, 3, 28))[0] == "09:00"
    assert len(_times(centre, consultation, date(2026, 3, 28))) == 16
    # The Saturday after Ураза-байрам (Friday) is part of the holiday: closed.
    assert _times(centre, consultation, date(2026, 3, 21)) == []


def test_booked_slot_is_full_at_capacity_and_overlaps_count(
    frozen, office, consultation, connection_service, consumer
):
    day = date(2026, 3, 17)
    appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10, 0),
    )
    assert "10:00" not in _times(office, consultation, day)
    assert "10:15" in _times(office, consultation, day)
    # A 30-minute slot 09:30–10:00 fits; 10:00–10:30 overlaps the booking.
    long_times = _times(office, connection_service, day)
    assert "09:30" in long_times and "10:00" not in long_times


def test_two_desks_take_two_bookings_per_slot(
    frozen, make_office, consultation, consumer, other_consumer
):
    office = make_office(desks=2)
    day = date(2026, 3, 17)
    start = msk(2026, 3, 17, 10, 0)
    first = appointment_book(
        user=consumer, office=office, service=consultation, starts_at=start
    )
    assert "10:00" in _times(office, consultation, day)
    second = appointment_book(
        user=other_consumer, office=office, service=consultation, starts_at=start
    )
    assert (first.desk, second.desk) == (1, 2)
    assert "10:00" not in _times(office, consultation, day)


def test_booking_window_is_14_days_from_today(frozen):
    days = booking_days()
    assert days[0] == date(2026, 3, 16)
    assert days[-1] == date(2026, 3, 16) + timedelta(days=13)
