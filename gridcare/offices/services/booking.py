"""Booking, moving and cancelling appointments.

Every write locks the office row (`select_for_update`), so two bookings of the same
office are checked one after another; the conditional unique constraint on
(office, starts_at, desk) is the last line against a double booking."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError, ConflictError
from gridcare.offices.events import office_event_add
from gridcare.offices.models import (
    HOLDING_STATUSES,
    Appointment,
    Office,
    OfficeService,
)
from gridcare.offices.notices import send_booking_notice
from gridcare.offices.rules import MAX_FUTURE_APPOINTMENTS
from gridcare.offices.schedule import MOSCOW
from gridcare.offices.selectors import (
    appointment_count_future,
    booking_days,
    free_slots,
)

Status = Appointment.Status
_CODE_ALPHABET = "ABCEHKMPTX23456789"  # no 0/O, 1/I; Latin letters that look Cyrillic


def _new_code() -> str:
    for _attempt in range(20):
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if not Appointment.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free booking code")  # pragma: no cover


def _local_iso(moment: datetime) -> str:
    return timezone.localtime(moment, MOSCOW).isoformat()


def _lock_office(office: Office) -> Office:
    return Office.objects.select_for_update().get(pk=office.pk)


def _check_slot(
    *,
    office: Office,
    service: OfficeService,
    starts_at: datetime,
    now: datetime,
    exclude_id: int | None = None,
) -> datetime:
    """Return the slot's end if `starts_at` is a free slot of the service, else
    refuse with the reason."""
    if not office.appointment_services.filter(pk=service.pk, is_active=True).exists():
        raise ApplicationError(
            _("Эта услуга в выбранном офисе не оказывается."),
            code="service_unavailable",
        )
    if starts_at <= now:
        raise ApplicationError(
            _("Нельзя записаться на прошедшее время."), code="slot_in_past"
        )
    day = timezone.localtime(starts_at, MOSCOW).date()
    if day not in booking_days(now=now):
        raise ApplicationError(
            _("Записаться можно только на ближайшие дни, показанные в расписании."),
            code="slot_out_of_range",
        )
    slots = free_slots(
        office=office,
        service=service,
        days=[day],
        now=now,
        exclude_appointment_id=exclude_id,
    )[day]
    for slot in slots:
        if slot.starts_at == starts_at:
            return slot.ends_at
    raise ConflictError(
        _("Это время уже занято или офис в это время не работает. Выберите другое."),
        code="slot_unavailable",
    )


def _free_desk(
    office: Office, starts_at: datetime, ends_at: datetime, exclude_id: int | None
) -> int:
    busy = set(
        Appointment.objects.filter(
            office=office,
            status__in=HOLDING_STATUSES,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(pk=exclude_id)
        .values_list("desk", flat=True)
    )
    return min(d for d in range(1, office.desks + 2) if d not in busy)


def _save_holding(appointment: Appointment, fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            if fields is None:
                appointment.save()
            else:
                appointment.save(update_fields=fields)
    except IntegrityError as exc:
        raise ConflictError(
            _("Это время уже занято. Выберите другое."), code="slot_unavailable"
        ) from exc


@transaction.atomic
def appointment_book(
    *,
    user: object,
    office: Office,
    service: OfficeService,
    starts_at: datetime,
    now: datetime | None = None,
) -> Appointment:
    """Book a free slot of `service` at `office` for the consumer `user`.

    Refused: not a consumer, more than MAX_FUTURE_APPOINTMENTS future bookings, a
    slot in the past, outside the hours or already full. Sends the confirmation on
    commit."""
    now = now or timezone.now()
    if not getattr(user, "is_consumer", False):
        raise ApplicationError(
            _("Записаться на приём может только потребитель."), code="not_consumer"
        )
    office = _lock_office(office)
    if appointment_count_future(user=user, now=now) >= MAX_FUTURE_APPOINTMENTS:
        raise ConflictError(
            _(
                "У вас уже %(count)s предстоящие записи — больше нельзя. Отмените "
                "одну из них или дождитесь приёма."
            )
            % {"count": MAX_FUTURE_APPOINTMENTS},
            code="too_many_appointments",
        )
    ends_at = _check_slot(office=office, service=service, starts_at=starts_at, now=now)
    appointment = Appointment(
        office=office,
        service=service,
        user=user,
        code=_new_code(),
        starts_at=starts_at,
        ends_at=ends_at,
        desk=_free_desk(office, starts_at, ends_at, None),
        status=Status.BOOKED,
    )
    _save_holding(appointment)
    office_event_add(
        appointment=appointment,
        action="booked",
        at=now,
        actor=user,
        to_status=Status.BOOKED,
        details={"starts_at": _local_iso(starts_at)},
    )
    transaction.on_commit(lambda: send_booking_notice(appointment_id=appointment.pk))
    return appointment


@transaction.atomic
def appointment_move(
    *,
    appointment: Appointment,
    starts_at: datetime,
    actor: object,
    now: datetime | None = None,
) -> Appointment:
    """Move a booked future appointment to another free slot of the same service and
    office; the reminder will be sent again for the new day."""
    now = now or timezone.now()
    office = _lock_office(appointment.office)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not appointment.can_move():
        raise ConflictError(
            _("Эту запись уже нельзя перенести."), code="appointment_not_movable"
        )
    old = appointment.starts_at
    if starts_at == old:
        raise ApplicationError(
            _("Выберите время, отличное от текущего."), code="slot_same"
        )
    ends_at = _check_slot(
        office=office,
        service=appointment.service,
        starts_at=starts_at,
        now=now,
        exclude_id=appointment.pk,
    )
    appointment.starts_at = starts_at
    appointment.ends_at = ends_at
    appointment.desk = _free_desk(office, starts_at, ends_at, appointment.pk)
    appointment.reminded_at = None
    _save_holding(appointment, ["starts_at", "ends_at", "desk", "reminded_at"])
    office_event_add(
        appointment=appointment,
        action="moved",
        at=now,
        actor=actor,
        from_status=Status.BOOKED,
        to_status=Status.BOOKED,
        details={"from": _local_iso(old), "to": _local_iso(starts_at)},
    )
    transaction.on_commit(lambda: send_booking_notice(appointment_id=appointment.pk))
    return appointment


@transaction.atomic
def appointment_cancel(
    *, appointment: Appointment, actor: object, now: datetime | None = None
) -> Appointment:
    """Cancel a booked appointment; the slot becomes free."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not appointment.can_cancel():
        raise ConflictError(
            _("Эту запись уже нельзя отменить."), code="appointment_not_cancellable"
        )
    appointment.status = Status.CANCELLED
    appointment.closed_at = now
    appointment.save(update_fields=["status", "closed_at"])
    office_event_add(
        appointment=appointment,
        action="cancelled",
        at=now,
        actor=actor,
        from_status=Status.BOOKED,
        to_status=Status.CANCELLED,
    )
    return appointment


@transaction.atomic
def appointment_mark_no_show(
    *, appointment: Appointment, actor: object, now: datetime | None = None
) -> Appointment:
    """Close a booked appointment whose slot has ended without the holder arriving."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != Status.BOOKED or appointment.ends_at > now:
        raise ConflictError(
            _("Неявку можно отметить только после окончания времени записи."),
            code="appointment_not_over",
        )
    appointment.status = Status.NO_SHOW
    appointment.closed_at = now
    appointment.save(update_fields=["status", "closed_at"])
    office_event_add(
        appointment=appointment,
        action="no_show",
        at=now,
        actor=actor,
        from_status=Status.BOOKED,
        to_status=Status.NO_SHOW,
    )
    return appointment
