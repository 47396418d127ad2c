"""The electronic queue: tickets by booking and for walk-ins, call next, served,
no-show, the recorded waiting and service times and office_visit_stats."""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from gridcare.core.errors import ApplicationError, ConflictError
from gridcare.offices.models import Appointment, Visit
from gridcare.offices.selectors import OfficeVisitStats, office_visit_stats
from gridcare.offices.services import (
    appointment_arrive,
    appointment_book,
    visit_call_next,
    visit_no_show,
    visit_serve,
    visit_walk_in,
)
from gridcare.offices.tests.conftest import msk

pytestmark = pytest.mark.django_db


def test_tickets_are_numbered_per_office_and_day(
    frozen, office, make_office, consultation, specialist
):
    other = make_office(name="Другой пункт")
    first = visit_walk_in(office=office, service=consultation, actor=specialist)
    second = visit_walk_in(office=office, service=consultation, actor=specialist)
    elsewhere = visit_walk_in(office=other, service=consultation, actor=specialist)
    assert [first.ticket, second.ticket, elsewhere.ticket] == [
        "А-001",
        "А-002",
        "А-001",
    ]
    frozen.move_to("2026-03-17 08:05 +03:00")
    assert (
        visit_walk_in(office=office, service=consultation, actor=None).ticket == "А-001"
    )


def test_arrival_by_booking_only_on_its_day_and_not_too_late(
    frozen, office, consultation, consumer
):
    appointment = appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    with pytest.raises(ApplicationError) as exc:
        appointment_arrive(appointment=appointment, actor=consumer)
    assert exc.value.code == "not_today"
    frozen.move_to("2026-03-17 10:16 +03:00")
    with pytest.raises(ApplicationError) as exc:
        appointment_arrive(appointment=appointment, actor=consumer)
    assert exc.value.code == "too_late"
    assert Visit.objects.count() == 0


def test_full_visit_records_wait_and_service_times(
    frozen, office, consultation, consumer, specialist
):
    appointment = appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    frozen.move_to("2026-03-17 09:50 +03:00")  # came 10 minutes early
    visit = appointment_arrive(appointment=appointment, actor=consumer)
    assert visit.ticket == "А-001"
    assert visit.wait_from == msk(2026, 3, 17, 10, 0)
    with pytest.raises(ConflictError):
        appointment_arrive(appointment=appointment, actor=consumer)  # once
    frozen.move_to("2026-03-17 10:07 +03:00")
    called = visit_call_next(office=office, desk=1, actor=specialist)
    assert called.pk == visit.pk and called.wait_seconds == 7 * 60
    frozen.move_to("2026-03-17 10:19 +03:00")
    served = visit_serve(visit=called, actor=specialist)
    assert served.service_seconds == 12 * 60
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.SERVED
    assert list(
        appointment.events.values_list("action", "from_status", "to_status")
    ) == [
        ("booked", "", "booked"),
        ("ticket_issued", "booked", "waiting"),
        ("called", "waiting", "called"),
        ("served", "called", "served"),
    ]
    with pytest.raises(ConflictError):
        visit_serve(visit=served, actor=specialist)


def test_call_next_takes_the_longest_waiting_and_none_when_empty(
    frozen, office, consultation, specialist
):
    assert visit_call_next(office=office, desk=1, actor=specialist) is None
    first = visit_walk_in(office=office, service=consultation, actor=specialist)
    frozen.shift(60)
    visit_walk_in(office=office, service=consultation, actor=specialist)
    assert visit_call_next(office=office, desk=1, actor=specialist).pk == first.pk
    with pytest.raises(ApplicationError):
        visit_call_next(office=office, desk=2, actor=specialist)  # one desk only


def test_office_visit_stats_on_a_hand_computed_example(
    frozen, office, make_office, consultation, specialist
):
    """Office A on 2026-03-17: ticket 1 waits 10, served 20; ticket 2 (walk-in)
    waits 35, served 5; ticket 3 waits 3 and does not come (no-show); ticket 4 never
    called. Visitors 4; wait (10 + 35 + 3) / 3 = 16.0; service (20 + 5) / 2 = 12.5.
    Office B: one walk-in on 2026-03-18 not called. 2026-03-16 is outside the range."""
    frozen.move_to("2026-03-16 10:00 +03:00")
    visit_walk_in(office=office, service=consultation, actor=None)  # outside range

    frozen.move_to("2026-03-17 09:00 +03:00")
    t1 = visit_walk_in(office=office, service=consultation, actor=None)
    frozen.move_to("2026-03-17 09:05 +03:00")
    t2 = visit_walk_in(office=office, service=consultation, actor=None)
    frozen.move_to("2026-03-17 09:10 +03:00")
    assert visit_call_next(office=office, desk=1, actor=specialist).pk == t1.pk
    frozen.move_to("2026-03-17 09:30 +03:00")
    visit_serve(visit=t1, actor=specialist)
    frozen.move_to("2026-03-17 09:40 +03:00")
    assert visit_call_next(office=office, desk=1, actor=specialist).pk == t2.pk
    frozen.move_to("2026-03-17 09:45 +03:00")
    visit_serve(visit=t2, actor=specialist)
    t3 = visit_walk_in(office=office, service=consultation, actor=None)
    frozen.move_to("2026-03-17 09:48 +03:00")
    visit_call_next(office=office, desk=1, actor=specialist)
    frozen.move_to("2026-03-17 09:50 +03:00")
    visit_no_show(visit=t3, actor=specialist)
    visit_walk_in(office=office, service=consultation, actor=None)

    other = make_office(name="Пункт Б")
    frozen.move_to("2026-03-18 11:00 +03:00")
    visit_walk_in(office=other, service=consultation, actor=None)

    stats = office_visit_stats(date_from=date(2026, 3, 17), date_to=date(2026, 3, 18))
    assert stats == {
        office.pk: OfficeVisitStats(
            visitors=4,
            avg_wait_minutes=Decimal("16.0"),
            avg_service_minutes=Decimal("12.5"),
        ),
        other.pk: OfficeVisitStats(
            visitors=1, avg_wait_minutes=None, avg_service_minutes=None
        ),
    }


def _python_stats(visits: list[Visit]) -> dict[int, OfficeVisitStats]:
    """The per-visit computation office_visit_stats replaced (Visit.wait_seconds /
    service_seconds summed per office, averages rounded half up to 0.1 minute)."""
    acc: dict[int, list[int]] = {}
    for v in visits:
        a = acc.setdefault(v.office_id, [0, 0, 0, 0, 0])
        a[0] += 1
        if v.wait_seconds is not None:
            a[1] += v.wait_seconds
            a[2] += 1
        if v.service_seconds is not None:
            a[3] += v.service_seconds
            a[4] += 1

    def minutes(total: int, n: int) -> Decimal | None:
        if not n:
            return None
        return (Decimal(total) / n / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)

    return {
        office_id: OfficeVisitStats(a[0], minutes(a[1], a[2]), minutes(a[3], a[4]))
        for office_id, a in acc.items()
    }


def test_office_visit_stats_equals_the_python_computation_on_generated_visits(
    office, make_office, consultation
):
    """400 generated tickets over 4 days in 3 offices with microsecond times, waits
    that start after the call (clamped to 0), half-second services (truncated), every
    status; the grouped query gives exactly the per-visit Python figures."""
    offices = [office, make_office(name="Пункт Б"), make_office(name="Пункт В")]
    rng = random.Random(186)
    numbers: dict[tuple[int, date], int] = {}
    rows = []
    for _ in range(400):
        o = rng.choice(offices)
        day = date(2026, 3, 16) + timedelta(days=rng.randrange(4))
        numbers[(o.pk, day)] = numbers.get((o.pk, day), 0) + 1
        arrived = msk(day.year, day.month, day.day, 9) + timedelta(
            seconds=rng.randrange(8 * 3600), microseconds=rng.randrange(10**6)
        )
        status = rng.choice(list(Visit.Status))
        called = finished = None
        if status != Visit.Status.WAITING or rng.random() < 0.1:
            called = arrived + timedelta(
                seconds=rng.randrange(-120, 3600), microseconds=rng.randrange(10**6)
            )
            if rng.random() < 0.9:
                finished = called + timedelta(
                    seconds=rng.randrange(-5, 1800), microseconds=rng.randrange(10**6)
                )
        rows.append(
            Visit(
                office=o,
                day=day,
                number=numbers[(o.pk, day)],
                service=consultation,
                status=status,
                arrived_at=arrived,
                wait_from=arrived,
                called_at=called,
                finished_at=finished,
            )
        )
    Visit.objects.bulk_create(rows)
    visits = list(Visit.objects.all())
    first, last = date(2026, 3, 16), date(2026, 3, 18)
    expected = _python_stats([v for v in visits if first <= v.day <= last])
    assert len(expected) == 3
    assert office_visit_stats(date_from=first, date_to=last) == expected
    assert office_visit_stats(
        date_from=first, date_to=date(2026, 3, 19)
    ) == _python_stats(visits)
    assert (
        office_visit_stats(date_from=date(2026, 4, 1), date_to=date(2026, 4, 30)) == {}
    )
