"""The electronic queue: tickets on arrival (with a booking or without), calling the
next visitor, served and no-show. The times recorded here give the waiting and
service times of table 4.2 (✅ waiting at most 30 minutes [R5])."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError, ConflictError
from gridcare.offices.events import office_event_add
from gridcare.offices.models import Appointment, Office, OfficeService, Visit
from gridcare.offices.rules import TICKET_PREFIX
from gridcare.offices.schedule import MOSCOW

AStatus = Appointment.Status
VStatus = Visit.Status
# One may take a ticket for a booking this long after its start at the latest.
LATE_ARRIVAL = timedelta(minutes=15)


def _issue(
    *,
    office: Office,
    service: OfficeService,
    now: datetime,
    appointment: Appointment | None,
    actor: object | None,
) -> Visit:
    office = Office.objects.select_for_update().get(pk=office.pk)
    day = timezone.localtime(now, MOSCOW).date()
    last = Visit.objects.filter(office=office, day=day).aggregate(m=Max("number"))["m"]
    wait_from = now
    if appointment is not None and appointment.starts_at > now:
        wait_from = appointment.starts_at  # came early: waiting starts at the slot
    visit = Visit.objects.create(
        office=office,
        day=day,
        number=(last or 0) + 1,
        prefix=TICKET_PREFIX,
        appointment=appointment,
        service=service,
        status=VStatus.WAITING,
        arrived_at=now,
        wait_from=wait_from,
    )
    office_event_add(
        visit=visit,
        appointment=appointment,
        action="ticket_issued",
        at=now,
        actor=actor,
        from_status=AStatus.BOOKED if appointment else "",
        to_status=VStatus.WAITING,
        details={"ticket": visit.ticket},
    )
    return visit


@transaction.atomic
def appointment_arrive(
    *, appointment: Appointment, actor: object | None, now: datetime | None = None
) -> Visit:
    """Issue a queue ticket to the holder of a booking who came to the office
    (the consumer's «Я в офисе», the kiosk or the desk by the booking code).

    Only on the day of the booking and not later than LATE_ARRIVAL after its start."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not appointment.can_arrive():
        raise ConflictError(
            _("По этой записи талон уже выдан или запись закрыта."),
            code="appointment_not_bookable_ticket",
        )
    day = timezone.localtime(appointment.starts_at, MOSCOW).date()
    if timezone.localtime(now, MOSCOW).date() != day:
        raise ApplicationError(
            _("Талон по записи выдаётся только в день приёма."), code="not_today"
        )
    if now > appointment.starts_at + LATE_ARRIVAL:
        raise ApplicationError(
            _(
                "Время записи прошло более 15 минут назад. Возьмите талон в порядке "
                "живой очереди."
            ),
            code="too_late",
        )
    visit = _issue(
        office=appointment.office,
        service=appointment.service,
        now=now,
        appointment=appointment,
        actor=actor,
    )
    appointment.status = AStatus.ARRIVED
    appointment.save(update_fields=["status"])
    return visit


@transaction.atomic
def visit_walk_in(
    *,
    office: Office,
    service: OfficeService,
    actor: object | None,
    now: datetime | None = None,
) -> Visit:
    """Issue a queue ticket to a visitor without a booking (service chosen)."""
    now = now or timezone.now()
    if not office.appointment_services.filter(pk=service.pk, is_active=True).exists():
        raise ApplicationError(
            _("Эта услуга в выбранном офисе не оказывается."),
            code="service_unavailable",
        )
    return _issue(
        office=office, service=service, now=now, appointment=None, actor=actor
    )


def _sync_appointment(visit: Visit, status: str, now: datetime) -> None:
    if visit.appointment_id is None:
        return
    appointment = visit.appointment
    assert appointment is not None
    appointment.status = status
    fields = ["status"]
    if status in (AStatus.SERVED, AStatus.NO_SHOW):
        appointment.closed_at = now
        fields.append("closed_at")
    appointment.save(update_fields=fields)


@transaction.atomic
def visit_call_next(
    *, office: Office, desk: int, actor: object, now: datetime | None = None
) -> Visit | None:
    """Call the visitor who has waited longest to `desk`; None when nobody waits.

    The office row is locked, so two desks never call the same ticket."""
    now = now or timezone.now()
    office = Office.objects.select_for_update().get(pk=office.pk)
    if not 1 <= desk <= office.desks:
        raise ApplicationError(
            _("В офисе нет окна № %(desk)s.") % {"desk": desk}, code="desk_unknown"
        )
    day = timezone.localtime(now, MOSCOW).date()
    visit = (
        Visit.objects.select_for_update()
        .filter(office=office, day=day, status=VStatus.WAITING)
        .order_by("wait_from", "number")
        .first()
    )
    if visit is None:
        return None
    visit.status = VStatus.CALLED
    visit.called_at = now
    visit.desk = desk
    visit.served_by = actor  # type: ignore[assignment]
    visit.save(update_fields=["status", "called_at", "desk", "served_by"])
    _sync_appointment(visit, AStatus.CALLED, now)
    office_event_add(
        visit=visit,
        appointment=visit.appointment,
        action="called",
        at=now,
        actor=actor,
        from_status=VStatus.WAITING,
        to_status=VStatus.CALLED,
        details={"desk": desk, "wait_seconds": visit.wait_seconds},
    )
    return visit


def _finish(visit: Visit, *, status: str, actor: object, now: datetime | None) -> Visit:
    now = now or timezone.now()
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("appointment")
        .get(pk=visit.pk)
    )
    if visit.status != VStatus.CALLED:
        raise ConflictError(
            _("Талон %(ticket)s не приглашён к окну.") % {"ticket": visit.ticket},
            code="visit_not_called",
        )
    visit.status = status
    visit.finished_at = now
    visit.save(update_fields=["status", "finished_at"])
    _sync_appointment(
        visit, AStatus.SERVED if status == VStatus.SERVED else AStatus.NO_SHOW, now
    )
    office_event_add(
        visit=visit,
        appointment=visit.appointment,
        action=status,
        at=now,
        actor=actor,
        from_status=VStatus.CALLED,
        to_status=status,
        details={"service_seconds": visit.service_seconds},
    )
    return visit


@transaction.atomic
def visit_serve(*, visit: Visit, actor: object, now: datetime | None = None) -> Visit:
    """Mark a called visitor served; the service time is called → now."""
    return _finish(visit, status=VStatus.SERVED, actor=actor, now=now)


@transaction.atomic
def visit_no_show(*, visit: Visit, actor: object, now: datetime | None = None) -> Visit:
    """Mark a called ticket whose holder did not come to the desk."""
    return _finish(visit, status=VStatus.NO_SHOW, actor=actor, now=now)
