"""The reminder the day before an appointment (command `appointments_remind`)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gridcare.offices.events import office_event_add
from gridcare.offices.models import Appointment
from gridcare.offices.notices import send_reminder
from gridcare.offices.selectors import appointments_to_remind


def appointments_remind(*, now: datetime | None = None) -> int:
    """Remind every booked appointment of tomorrow (Moscow) once; return how many.

    Each appointment is claimed by a conditional update (`reminded_at` still empty),
    so parallel or repeated runs never remind twice; the notification's dedup key
    (appointment and slot) guards the message too. A moved appointment is reminded
    again for its new day."""
    now = now or timezone.now()
    sent = 0
    for appointment in appointments_to_remind(now=now):
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=appointment.pk,
                status=Appointment.Status.BOOKED,
                reminded_at__isnull=True,
                starts_at=appointment.starts_at,
            ).update(reminded_at=now)
            if claimed != 1:
                continue
            send_reminder(appointment)
            office_event_add(
                appointment=appointment,
                action="reminded",
                at=now,
                actor=None,
                details={"starts_at": appointment.starts_at.isoformat()},
            )
        sent += 1
    return sent
