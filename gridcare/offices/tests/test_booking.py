"""Book, move, cancel: rules, refusals that change nothing, history rows, the
confirmation notice, the limit of future appointments."""

import pytest

from gridcare.core.errors import ApplicationError, ConflictError
from gridcare.notifications.models import Notification
from gridcare.offices.models import Appointment, OfficeEvent
from gridcare.offices.services import (
    appointment_book,
    appointment_cancel,
    appointment_mark_no_show,
    appointment_move,
)
from gridcare.offices.tests.conftest import msk

pytestmark = pytest.mark.django_db


def _book(consumer, office, service, *hm, day=17):
    return appointment_book(
        user=consumer, office=office, service=service, starts_at=msk(2026, 3, day, *hm)
    )


def test_booking_holds_the_slot_writes_history_and_confirms_on_commit(
    frozen, office, consultation, consumer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = _book(consumer, office, consultation, 10, 0)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    assert appointment.ends_at == msk(2026, 3, 17, 10, 15)
    assert len(appointment.code) == 6
    assert list(appointment.events.values_list("action", "to_status")) == [
        ("booked", "booked")
    ]
    notices = Notification.objects.filter(event="appointment_booked")
    assert sorted(notices.values_list("channel", flat=True)) == ["email", "in_app"]
    in_app = notices.get(channel="in_app")
    assert in_app.body == (
        "Вы записаны: Консультация, 17.03.2026 в 10:00, "
        "Пункт по работе с потребителями — Казань (г. Казань, ул. Баумана, д. 10). "
        f"Код записи {appointment.code}."
    )


def test_double_booking_is_refused_and_changes_nothing(
    frozen, office, consultation, consumer, other_consumer
):
    _book(consumer, office, consultation, 10, 0)
    with pytest.raises(ConflictError) as exc:
        _book(other_consumer, office, consultation, 10, 0)
    assert exc.value.code == "slot_unavailable"
    assert Appointment.objects.count() == 1
    assert OfficeEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "hm", "code"),
    [
        (16, (8, 30), "slot_in_past"),
        (17, (12, 15), "slot_unavailable"),  # lunch
        (17, (10, 5), "slot_unavailable"),  # not on the grid
        (20, (10, 0), "slot_unavailable"),  # Ураза-байрам
        (31, (10, 0), "slot_out_of_range"),  # beyond 14 days
    ],
)
def test_refuses_slots_outside_hours_grid_window(
    frozen, office, consultation, consumer, day, hm, code
):
    with pytest.raises(ApplicationError) as exc:
        _book(consumer, office, consultation, *hm, day=day)
    assert exc.value.code == code
    assert Appointment.objects.count() == 0


def test_staff_cannot_book_for_themselves(frozen, office, consultation, specialist):
    with pytest.raises(ApplicationError) as exc:
        _book(specialist, office, consultation, 10, 0)
    assert exc.value.message == "Записаться на приём может только потребитель."


def test_at_most_three_future_appointments(frozen, office, consultation, consumer):
    for hour in (9, 10, 11):
        _book(consumer, office, consultation, hour, 0)
    with pytest.raises(ConflictError) as exc:
        _book(consumer, office, consultation, 13, 3)
    assert exc.value.code == "too_many_appointments"
    assert Appointment.objects.count() == 3
    appointment_cancel(appointment=Appointment.objects.first(), actor=consumer)
    _book(consumer, office, consultation, 13, 3)  # a cancelled one frees a place


def test_move_frees_the_old_slot_and_resets_the_reminder(
    frozen, office, consultation, consumer, other_consumer
):
    appointment = _book(consumer, office, consultation, 10, 0)
    Appointment.objects.filter(pk=appointment.pk).update(
        reminded_at=msk(2026, 3, 16, 8)
    )
    moved = appointment_move(
        appointment=appointment, starts_at=msk(2026, 3, 18, 14, 3), actor=consumer
    )
    assert moved.starts_at == msk(2026, 3, 18, 14, 3)
    assert moved.ends_at == msk(2026, 3, 18, 14, 18)
    assert moved.reminded_at is None
    event = moved.events.get(action="moved")
    assert event.details == {
        "from": "2026-03-17T10:00:00+03:00",
        "to": "2026-03-18T14:03:00+03:00",
    }
    _book(other_consumer, office, consultation, 10, 0)  # the old slot is free again


def test_move_to_a_taken_slot_is_refused(
    frozen, office, consultation, consumer, other_consumer
):
    mine = _book(consumer, office, consultation, 10, 0)
    _book(other_consumer, office, consultation, 11, 0)
    with pytest.raises(ConflictError):
        appointment_move(
            appointment=mine, starts_at=msk(2026, 3, 17, 11, 0), actor=consumer
        )
    mine.refresh_from_db()
    assert mine.starts_at == msk(2026, 3, 17, 10, 0)
    assert mine.events.count() == 1


def test_cancel_then_cancel_again_is_refused(frozen, office, consultation, consumer):
    appointment = _book(consumer, office, consultation, 10, 0)
    appointment_cancel(appointment=appointment, actor=consumer)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.closed_at == msk(2026, 3, 16, 9, 0)
    with pytest.raises(ConflictError):
        appointment_cancel(appointment=appointment, actor=consumer)
    with pytest.raises(ConflictError):
        appointment_move(
            appointment=appointment, starts_at=msk(2026, 3, 17, 11, 0), actor=consumer
        )
    assert list(appointment.events.values_list("action", flat=True)) == [
        "booked",
        "cancelled",
    ]


def test_no_show_only_after_the_slot(
    frozen, office, consultation, consumer, specialist
):
    appointment = _book(consumer, office, consultation, 10, 0)
    with pytest.raises(ConflictError):
        appointment_mark_no_show(appointment=appointment, actor=specialist)
    frozen.move_to("2026-03-17 10:20 +03:00")
    appointment_mark_no_show(appointment=appointment, actor=specialist)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NO_SHOW
