"""Messages to the consumer about their appointment: the confirmation after booking
or moving and the reminder the day before. Templates:
`offices/templates/notifications/<event>/` (events `appointment_booked`,
`appointment_reminder`; topic «Прочее» in the notifications catalogue)."""

from django.urls import reverse
from django.utils import timezone

from gridcare.notifications.models import Channel
from gridcare.notifications.services import notification_send
from gridcare.offices.models import Appointment
from gridcare.offices.schedule import MOSCOW

CHANNELS = (Channel.IN_APP, Channel.EMAIL)


def appointment_context(appointment: Appointment) -> dict[str, object]:
    local = timezone.localtime(appointment.starts_at, MOSCOW)
    return {
        "office": appointment.office.name,
        "address": appointment.office.address,
        "phone": appointment.office.phone,
        "service": appointment.service.name,
        "when": local.strftime("%d.%m.%Y в %H:%M"),
        "code": appointment.code,
    }


def _send(appointment: Appointment, event: str, dedup_key: str) -> None:
    user = appointment.user
    notification_send(
        event=event,
        context=appointment_context(appointment),
        channels=CHANNELS,
        recipient=user,
        email=user.email or "",
        link=reverse("offices:appointment_detail", args=[appointment.pk]),
        dedup_key=dedup_key,
    )


def send_booking_notice(*, appointment_id: int) -> None:
    """Confirm a booking (or a move) of the appointment; once per slot."""
    appointment = Appointment.objects.select_related("office", "service", "user").get(
        pk=appointment_id
    )
    if appointment.status != Appointment.Status.BOOKED:
        return
    key = f"appointment_booked:{appointment.pk}:{appointment.starts_at.isoformat()}"
    _send(appointment, "appointment_booked", key)


def send_reminder(appointment: Appointment) -> None:
    key = f"appointment_reminder:{appointment.pk}:{appointment.starts_at.isoformat()}"
    _send(appointment, "appointment_reminder", key)
