"""Demo data of offices: hours, desks and services of every office, and a year of
visits (queue tickets, a quarter of them by appointment) in a believable volume for
table 4.2 — `load_demo(seed=…, year=…)`, called by the demo command.

Volume per working day: a service point 6–22 visitors, a service centre 45–110; each
office's day is simulated as a queue over its desks (arrivals through the open hours,
a service time per service), so waiting times come from the load (mostly well under
30 minutes, above it at peaks). Days after today are not generated. Demo visits have
no history rows (`OfficeEvent`): they are reporting data, not worked cases."""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gridcare.accounts.models import Role, User
from gridcare.offices.models import (
    Appointment,
    Office,
    OfficeHours,
    OfficeService,
    Visit,
)
from gridcare.offices.rules import TICKET_PREFIX
from gridcare.offices.schedule import MOSCOW, office_day_hours

# (weekday, opens, closes, lunch_from, lunch_to) — as the text of the demo offices.
POINT_HOURS = [(d, "08:00", "17:00", "12:00", "12:48") for d in range(4)] + [
    (4, "08:00", "16:00", "12:00", "12:48")
]
CENTRE_HOURS = [(d, "08:00", "18:00", None, None) for d in range(4)] + [
    (4, "08:00", "17:00", None, None),
    (5, "09:00", "13:00", None, None),
]
# Mean service minutes by service code (the slot length is the booking grid).
SERVICE_MINUTES = {
    "consultation": 9,
    "connection_application": 22,
    "meter_readings": 5,
    "meter_replacement": 14,
    "appeal": 11,
}
SERVICE_WEIGHTS = {
    "consultation": 40,
    "connection_application": 12,
    "meter_readings": 25,
    "meter_replacement": 10,
    "appeal": 13,
}
_CODE_ALPHABET = "ABCEHKMPTX23456789"
BATCH = 5000


def _t(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _setup_office(office: Office, services: list[OfficeService]) -> None:
    centre = office.kind == Office.Kind.SERVICE_CENTRE
    office.desks = 4 if centre else 2
    office.save(update_fields=["desks"])
    OfficeHours.objects.filter(office=office).delete()
    OfficeHours.objects.bulk_create(
        OfficeHours(
            office=office,
            weekday=weekday,
            opens=_t(opens),
            closes=_t(closes),
            lunch_from=_t(lunch_from),
            lunch_to=_t(lunch_to),
        )
        for weekday, opens, closes, lunch_from, lunch_to in (
            CENTRE_HOURS if centre else POINT_HOURS
        )
    )
    office.appointment_services.set(services)


def _periods(day: date, hours: object) -> list[tuple[datetime, datetime]]:
    h = hours  # DayHours
    at = lambda t: datetime.combine(day, t, tzinfo=MOSCOW)  # noqa: E731
    if h.lunch_from is not None:  # type: ignore[attr-defined]
        return [
            (at(h.opens), at(h.lunch_from)),  # type: ignore[attr-defined]
            (at(h.lunch_to), at(h.closes)),  # type: ignore[attr-defined]
        ]
    return [(at(h.opens), at(h.closes))]  # type: ignore[attr-defined]


def _arrivals(
    rng: random.Random, periods: list[tuple[datetime, datetime]], n: int
) -> list[datetime]:
    total = sum((e - s).total_seconds() - 900 for s, e in periods)
    times = []
    for _ in range(n):
        # A morning peak: two thirds of the visitors come in the first half of the day.
        offset = rng.triangular(0, total, total * 0.25)
        for start, end in periods:
            span = (end - start).total_seconds() - 900
            if offset <= span:
                times.append(start + timedelta(seconds=int(offset)))
                break
            offset -= span
    return sorted(times)


def _simulate_day(
    rng: random.Random,
    office: Office,
    day: date,
    hours: object,
    services: list[OfficeService],
    weights: list[int],
    consumers: list[int],
    new_code: Callable[[], str],
) -> tuple[list[Appointment], list[Visit]]:
    centre = office.kind == Office.Kind.SERVICE_CENTRE
    season = 1.25 if day.month in (1, 3, 4, 12) else 1.0
    n = int(rng.randint(45, 110) if centre else rng.randint(6, 22)) * season
    n = int(n / (2 if day.weekday() == 5 else 1))
    periods = _periods(day, hours)
    desks = [periods[0][0]] * office.desks  # when each desk is free next
    heapq.heapify(desks)
    appointments: list[Appointment] = []
    visits: list[Visit] = []
    for number, arrived in enumerate(_arrivals(rng, periods, n), start=1):
        service = rng.choices(services, weights)[0]
        booked = bool(consumers) and rng.random() < 0.25
        slot = arrived.replace(second=0) + timedelta(minutes=rng.choice([0, 5, 10]))
        wait_from = max(arrived, slot) if booked else arrived
        free_at = heapq.heappop(desks)
        called = max(wait_from, free_at)
        # Lunch: nobody is called during the break.
        if len(periods) == 2 and periods[0][1] <= called < periods[1][0]:
            called = periods[1][0]
        minutes = max(2.0, rng.gauss(SERVICE_MINUTES[service.code], 3))
        no_show = rng.random() < 0.03
        finished = called + timedelta(minutes=0.5 if no_show else minutes)
        heapq.heappush(desks, finished)
        visit = Visit(
            office=office,
            day=day,
            number=number,
            prefix=TICKET_PREFIX,
            service=service,
            status=Visit.Status.NO_SHOW if no_show else Visit.Status.SERVED,
            arrived_at=arrived,
            wait_from=wait_from,
            called_at=called,
            finished_at=finished,
            desk=rng.randint(1, office.desks),
        )
        if booked:
            appointment = Appointment(
                office=office,
                service=service,
                user_id=rng.choice(consumers),
                code=new_code(),
                starts_at=slot,
                ends_at=slot + timedelta(minutes=service.slot_minutes),
                desk=1,
                status=Appointment.Status.NO_SHOW
                if no_show
                else Appointment.Status.SERVED,
                closed_at=finished,
            )
            appointments.append(appointment)
            visit.appointment = appointment
        visits.append(visit)
    return appointments, visits


def load_demo(
    *,
    seed: int,
    year: int,
    days: int | None = None,
    log: Callable[[str], None] = print,
) -> int:
    """Set up hours, desks and services of every office receiving visitors and add a
    year of visits (up to yesterday); return the number of visits created.

    Run it on a database with the demo offices and consumers; it replaces visits and
    appointments of that year made by a previous run. `days` keeps only the last so
    many days (a small demo builds in seconds instead of a minute and a half)."""
    rng = random.Random(seed)
    services = list(OfficeService.objects.filter(is_active=True).order_by("order"))
    weights = [SERVICE_WEIGHTS.get(s.code, 10) for s in services]
    consumers = list(
        User.objects.filter(role=Role.CONSUMER, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:20000]
    )
    used: set[str] = set()

    def new_code() -> str:
        while True:  # 7 characters: never equal to a 6-character live code
            code = "".join(rng.choice(_CODE_ALPHABET) for _ in range(7))
            if code not in used:
                used.add(code)
                return code

    today = timezone.localtime(timezone.now(), MOSCOW).date()
    first, last = date(year, 1, 1), min(date(year, 12, 31), today - timedelta(days=1))
    if days is not None:
        first = max(first, last - timedelta(days=days - 1))
    offices = list(
        Office.objects.filter(is_active=True, serves_remote_channels=False).order_by(
            "pk"
        )
    )
    created = 0
    with transaction.atomic():
        Visit.objects.filter(day__gte=first, day__lte=last, office__in=offices).delete()
        Appointment.objects.filter(
            office__in=offices,
            starts_at__gte=datetime.combine(first, time(), tzinfo=MOSCOW),
            starts_at__lt=datetime.combine(
                last + timedelta(days=1), time(), tzinfo=MOSCOW
            ),
            visit__isnull=True,
        ).exclude(status=Appointment.Status.BOOKED).delete()
        used.update(Appointment.objects.values_list("code", flat=True))
        for office in offices:
            _setup_office(office, services)
        for office in offices:
            rows = {row.weekday: row for row in office.hours.all()}
            appointments: list[Appointment] = []
            visits: list[Visit] = []
            day = first
            while day <= last:
                hours = office_day_hours(rows, day)
                if hours is not None:
                    a, v = _simulate_day(
                        rng, office, day, hours, services, weights, consumers, new_code
                    )
                    appointments += a
                    visits += v
                day += timedelta(days=1)
            Appointment.objects.bulk_create(appointments, batch_size=BATCH)
            for visit in visits:
                if visit.appointment is not None:
                    visit.appointment_id = visit.appointment.pk
            Visit.objects.bulk_create(visits, batch_size=BATCH)
            created += len(visits)
        log(f"Офисы: {len(offices)}, посещений за {year} год: {created}")
    return created
