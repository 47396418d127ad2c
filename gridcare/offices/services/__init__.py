"""Every write of offices: bookings (`booking.py`), the queue (`queue.py`) and
reminders (`reminders.py`)."""

from gridcare.offices.services.booking import (
    appointment_book,
    appointment_cancel,
    appointment_mark_no_show,
    appointment_move,
)
from gridcare.offices.services.queue import (
    appointment_arrive,
    visit_call_next,
    visit_no_show,
    visit_serve,
    visit_walk_in,
)
from gridcare.offices.services.reminders import appointments_remind

__all__ = [
    "appointment_arrive",
    "appointment_book",
    "appointment_cancel",
    "appointment_mark_no_show",
    "appointment_move",
    "appointments_remind",
    "visit_call_next",
    "visit_no_show",
    "visit_serve",
    "visit_walk_in",
]
