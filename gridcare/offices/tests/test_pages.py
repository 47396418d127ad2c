"""Portal and desk pages: without JavaScript, in Russian; others' appointments 404;
the desk needs its right; waiting over 30 minutes is flagged."""

import pytest
from django.urls import reverse

from gridcare.offices.models import Appointment, Visit
from gridcare.offices.services import appointment_book, visit_walk_in
from gridcare.offices.tests.conftest import msk

pytestmark = pytest.mark.django_db


def test_office_list_and_page_are_public(client, office, consultation):
    page = client.get(reverse("offices:index") + "?service=consultation")
    assert page.status_code == 200
    assert office.name in page.content.decode()
    detail = client.get(reverse("offices:detail", args=[office.pk])).content.decode()
    assert "12:00–12:48" in detail and "Консультация" in detail
    assert client.get(reverse("offices:detail", args=[999999])).status_code == 404


def test_booking_steps_without_javascript(
    frozen, client, consumer, office, consultation
):
    client.force_login(consumer)
    url = reverse("offices:book", args=[office.pk])
    step = client.get(f"{url}?service=consultation&day=2026-03-17").content.decode()
    assert 'value="2026-03-17T10:00:00+03:00"' in step
    assert 'value="2026-03-17T12:00:00+03:00"' not in step  # lunch
    response = client.post(
        f"{url}?service=consultation&day=2026-03-17",
        {"service": "consultation", "starts_at": "2026-03-17T10:00:00+03:00"},
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "offices:appointment_detail", args=[appointment.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert appointment.code in page and "17.03.2026 10:00" in page


def test_booking_a_taken_slot_shows_the_reason(
    frozen, client, consumer, other_consumer, office, consultation
):
    appointment_book(
        user=other_consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    client.force_login(consumer)
    url = reverse("offices:book", args=[office.pk])
    page = client.post(
        f"{url}?service=consultation&day=2026-03-17",
        {"service": "consultation", "starts_at": "2026-03-17T10:00:00+03:00"},
    ).content.decode()
    assert "Это время уже занято" in page
    assert Appointment.objects.count() == 1


def test_other_consumers_appointment_is_404_on_every_page(
    frozen, client, consumer, other_consumer, office, consultation
):
    theirs = appointment_book(
        user=other_consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    client.force_login(consumer)
    for name in ("appointment_detail", "appointment_move"):
        assert (
            client.get(reverse(f"offices:{name}", args=[theirs.pk])).status_code == 404
        )
    for name in ("appointment_cancel", "appointment_arrive"):
        assert (
            client.post(reverse(f"offices:{name}", args=[theirs.pk])).status_code == 404
        )
    theirs.refresh_from_db()
    assert theirs.status == Appointment.Status.BOOKED


def test_move_and_cancel_pages(frozen, client, consumer, office, consultation):
    appointment = appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    client.force_login(consumer)
    url = reverse("offices:appointment_move", args=[appointment.pk])
    assert (
        'value="2026-03-17T10:00:00+03:00"'
        in client.get(f"{url}?service=consultation&day=2026-03-17").content.decode()
    )  # its own slot stays offered
    client.post(f"{url}?day=2026-03-18", {"starts_at": "2026-03-18T09:00:00+03:00"})
    appointment.refresh_from_db()
    assert appointment.starts_at == msk(2026, 3, 18, 9)
    client.post(reverse("offices:appointment_cancel", args=[appointment.pk]))
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    my = client.get(reverse("offices:my_appointments")).content.decode()
    assert "Отменена" in my


def test_desk_needs_the_right(client, analyst, office):
    client.force_login(analyst)
    assert client.get(reverse("offices:desk", args=[office.pk])).status_code == 403


def test_desk_flow_and_over_limit_indicator(
    frozen, client, specialist, office, consultation
):
    client.force_login(specialist)
    desk = reverse("offices:desk", args=[office.pk])
    client.post(
        reverse("offices:walk_in", args=[office.pk]), {"service": consultation.pk}
    )
    frozen.move_to("2026-03-16 09:31 +03:00")
    visit_walk_in(office=office, service=consultation, actor=None)
    page = client.get(desk).content.decode()
    assert 'id="over-limit"' in page and "Ждёт дольше 30 минут: 1" in page
    assert "А-001" in page and "А-002" in page
    client.post(reverse("offices:call_next", args=[office.pk]), {"desk": 1})
    first = Visit.objects.get(number=1)
    assert first.status == Visit.Status.CALLED and first.wait_seconds == 31 * 60
    frozen.move_to("2026-03-16 09:40 +03:00")
    client.post(reverse("offices:serve", args=[first.pk]))
    first.refresh_from_db()
    assert (first.status, first.service_seconds) == (Visit.Status.SERVED, 9 * 60)


def test_desk_ticket_by_booking_code(
    frozen, client, specialist, consumer, office, consultation
):
    appointment = appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 16, 10),
    )
    client.force_login(specialist)
    client.post(
        reverse("offices:ticket_by_code", args=[office.pk]),
        {"code": appointment.code.lower()},
    )
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ARRIVED
    assert appointment.visit.ticket == "А-001"
