"""Reads of offices, free slots, appointments, the queue and visit statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.core.errors import NotFoundError
from gridcare.offices.models import (
    HOLDING_STATUSES,
    Appointment,
    Office,
    OfficeHours,
    OfficeService,
    Visit,
)
from gridcare.offices.rules import BOOKING_DAYS_AHEAD
from gridcare.offices.schedule import (
    MOSCOW,
    DayHours,
    hours_by_weekday,
    office_day_hours,
    slot_starts,
)

# The back-office right of the office desk (see docs/domains/offices.md).
DESK_RIGHT = Right.APPEAL_REGISTER


def office_list(
    *,
    settlement_id: int | None = None,
    branch_id: int | None = None,
    service_code: str = "",
) -> QuerySet[Office]:
    """List offices that receive visitors, optionally filtered; hours prefetched."""
    offices = (
        Office.objects.filter(is_active=True, serves_remote_channels=False)
        .select_related("branch", "building__settlement")
        .prefetch_related(
            "hours",
            Prefetch(
                "appointment_services",
                queryset=OfficeService.objects.filter(is_active=True),
            ),
        )
    )
    if settlement_id is not None:
        offices = offices.filter(building__settlement_id=settlement_id)
    if branch_id is not None:
        offices = offices.filter(branch_id=branch_id)
    if service_code:
        offices = offices.filter(
            appointment_services__code=service_code,
            appointment_services__is_active=True,
        )
    return offices.order_by("branch__order", "name", "id")


def office_get(*, office_id: int) -> Office:
    """Return an office that receives visitors (public), else NotFoundError."""
    office = office_list().filter(pk=office_id).first()
    if office is None:
        raise NotFoundError(_("Офис не найден."))
    return office


def office_service_get(
    *, office: Office, service_id: int | None = None, code: str = ""
) -> OfficeService:
    """Return an active service this office books, else NotFoundError."""
    services = office.appointment_services.filter(is_active=True)
    service = (
        services.filter(pk=service_id).first()
        if service_id is not None
        else services.filter(code=code).first()
    )
    if service is None:
        raise NotFoundError(_("Услуга в этом офисе не оказывается."))
    return service


def office_service_list() -> QuerySet[OfficeService]:
    return OfficeService.objects.filter(is_active=True)


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime


def booking_days(*, now: datetime | None = None) -> list[date]:
    """The dates that can be booked: today (Moscow) and the next days."""
    today = timezone.localtime(now or timezone.now(), MOSCOW).date()
    return [today + timedelta(days=i) for i in range(BOOKING_DAYS_AHEAD)]


def _taken(
    office: Office, first: date, last: date, exclude_id: int | None
) -> list[tuple[datetime, datetime]]:
    start = datetime.combine(first, datetime.min.time(), tzinfo=MOSCOW)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=MOSCOW)
    rows = Appointment.objects.filter(
        office=office,
        status__in=HOLDING_STATUSES,
        starts_at__lt=end,
        ends_at__gt=start,
    )
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    return list(rows.values_list("starts_at", "ends_at"))


def overlapping(
    taken: list[tuple[datetime, datetime]], start: datetime, end: datetime
) -> int:
    """How many taken intervals overlap [start, end)."""
    return sum(1 for s, e in taken if s < end and e > start)


def free_slots(
    *,
    office: Office,
    service: OfficeService,
    days: list[date],
    now: datetime | None = None,
    exclude_appointment_id: int | None = None,
) -> dict[date, list[Slot]]:
    """Return the free slots of `service` at `office` on each of `days` (Moscow time).

    A slot is free when it lies within the day's hours (lunch excluded), starts after
    `now`, and fewer appointments than the office's desks overlap it. Days the office
    is closed map to an empty list."""
    now = now or timezone.now()
    if not days:
        return {}
    rows = hours_by_weekday(office.pk)
    taken = _taken(office, min(days), max(days), exclude_appointment_id)
    result: dict[date, list[Slot]] = {}
    for day in days:
        hours = office_day_hours(rows, day)
        slots: list[Slot] = []
        if hours is not None:
            for start, end in slot_starts(hours, service.slot_minutes):
                if start > now and overlapping(taken, start, end) < office.desks:
                    slots.append(Slot(start, end))
        result[day] = slots
    return result


def office_hours_on(*, office: Office, day: date) -> DayHours | None:
    return office_day_hours(hours_by_weekday(office.pk), day)


def office_week_hours(office: Office) -> list[OfficeHours]:
    return sorted(office.hours.all(), key=lambda row: row.weekday)


# ---- appointments -------------------------------------------------------------------


def _appointments() -> QuerySet[Appointment]:
    return Appointment.objects.select_related(
        "office", "service", "user"
    ).prefetch_related("visit")


def appointment_get_for_user(*, user: object, appointment_id: int) -> Appointment:
    """Return the appointment if `user` may see it: a consumer their own, office desk
    staff any; else NotFoundError (never tells that it exists)."""
    rows = _appointments().filter(pk=appointment_id)
    if not has_right(user, DESK_RIGHT):
        rows = rows.filter(user_id=getattr(user, "pk", None))
    appointment = rows.first()
    if appointment is None:
        raise NotFoundError(_("Запись не найдена."))
    return appointment


def appointment_get_by_code(*, code: str) -> Appointment:
    """Return the appointment with the booking code (the kiosk and desk), else 404."""
    appointment = _appointments().filter(code=code.strip().upper()).first()
    if appointment is None:
        raise NotFoundError(_("Запись с таким кодом не найдена."))
    return appointment


def appointment_list_for_user(
    *, user: object, upcoming: bool | None = None
) -> QuerySet[Appointment]:
    """The consumer's appointments, newest slot first; `upcoming` keeps those that
    still hold a slot (True) or the rest (False)."""
    rows = _appointments().filter(user_id=getattr(user, "pk", None))
    if upcoming is True:
        rows = rows.filter(status__in=HOLDING_STATUSES)
    elif upcoming is False:
        rows = rows.exclude(status__in=HOLDING_STATUSES)
    return rows.order_by("-starts_at", "-id")


def appointment_count_future(*, user: object, now: datetime) -> int:
    return Appointment.objects.filter(
        user_id=getattr(user, "pk", None),
        status=Appointment.Status.BOOKED,
        ends_at__gt=now,
    ).count()


def appointments_to_remind(*, now: datetime) -> QuerySet[Appointment]:
    """Booked appointments on the next calendar day (Moscow) not yet reminded."""
    tomorrow = timezone.localtime(now, MOSCOW).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=MOSCOW)
    return _appointments().filter(
        status=Appointment.Status.BOOKED,
        reminded_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
    )


# ---- the queue ----------------------------------------------------------------------


def desk_office_list(*, user: object) -> QuerySet[Office]:
    """Offices a desk employee works with: their branch's, or all when branchless."""
    offices = office_list()
    branch_id = getattr(user, "branch_id", None)
    return offices.filter(branch_id=branch_id) if branch_id else offices


def desk_office_get(*, user: object, office_id: int) -> Office:
    office = desk_office_list(user=user).filter(pk=office_id).first()
    if office is None:
        raise NotFoundError(_("Офис не найден."))
    return office


def visit_get_for_desk(*, user: object, visit_id: int) -> Visit:
    """Return a ticket of an office the desk employee works with, else 404."""
    offices = desk_office_list(user=user)
    visit = (
        Visit.objects.select_related("office", "service", "appointment__user")
        .filter(pk=visit_id, office__in=offices)
        .first()
    )
    if visit is None:
        raise NotFoundError(_("Талон не найден."))
    return visit


def queue_for_day(*, office: Office, day: date) -> list[Visit]:
    """The office's tickets of the day in the order they are called."""
    return list(
        Visit.objects.filter(office=office, day=day)
        .select_related("service", "appointment__user", "served_by")
        .order_by("wait_from", "number")
    )


def appointments_expected(*, office: Office, day: date) -> list[Appointment]:
    """Booked appointments of the day at the office whose holder has not arrived."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=MOSCOW)
    return list(
        _appointments()
        .filter(
            office=office,
            status=Appointment.Status.BOOKED,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .order_by("starts_at", "id")
    )


# ---- statistics (Приказ 186, Приложение 7, table 4.2) -------------------------------


@dataclass(frozen=True)
class OfficeVisitStats:
    """Visitors of an office over a period and their average times in minutes."""

    visitors: int
    avg_wait_minutes: Decimal | None
    avg_service_minutes: Decimal | None


def _minutes(total_seconds: int, count: int) -> Decimal | None:
    if not count:
        return None
    value = Decimal(total_seconds) / Decimal(count) / Decimal(60)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def office_visit_stats(
    *, date_from: date, date_to: date
) -> dict[int, OfficeVisitStats]:
    """Return office id → visitors and average waiting / service minutes over the
    visit days `date_from`…`date_to` (inclusive, Moscow dates).

    Visitors: every ticket issued (walk-ins included). Waiting: ticket (or booked
    time, for one who came early) → called, over called tickets. Service: called →
    served, over served tickets. Each visit's time is counted in whole seconds (never
    negative, stored by the database: Visit.stat_wait_seconds / stat_service_seconds); averages
    are rounded to 0.1 minute. Offices without visits are absent. One grouped query
    over plain integer columns (index visit_day_office)."""
    called = Q(called_at__isnull=False)
    served = called & Q(status=Visit.Status.SERVED, finished_at__isnull=False)
    rows = (
        Visit.objects.filter(day__gte=date_from, day__lte=date_to)
        .values("office_id")
        .annotate(
            visitors=Count("id"),
            wait_sum=Sum("stat_wait_seconds", filter=called),
            wait_n=Count("id", filter=called),
            service_sum=Sum("stat_service_seconds", filter=served),
            service_n=Count("id", filter=served),
        )
        .order_by()
    )
    return {
        row["office_id"]: OfficeVisitStats(
            visitors=row["visitors"],
            avg_wait_minutes=_minutes(int(row["wait_sum"] or 0), row["wait_n"]),
            avg_service_minutes=_minutes(
                int(row["service_sum"] or 0), row["service_n"]
            ),
        )
        for row in rows
    }
