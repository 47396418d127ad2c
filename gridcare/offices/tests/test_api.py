"""API v1 /offices: public offices, services and slots; my appointments with exact
JSON; idempotent booking; another consumer's appointment is 404."""

import pytest

from gridcare.accounts.models import ApiToken
from gridcare.offices.models import Appointment
from gridcare.offices.services import appointment_book
from gridcare.offices.tests.conftest import msk

pytestmark = pytest.mark.django_db
BASE = "/api/v1/offices"


def _auth(user):
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=user, name="app", key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def auth(consumer):
    return _auth(consumer)


def _office_json(office):
    point_hours = [
        {
            "weekday": d,
            "opens": "08:00",
            "closes": "17:00",
            "lunch_from": "12:00",
            "lunch_to": "12:48",
        }
        for d in range(4)
    ] + [
        {
            "weekday": 4,
            "opens": "08:00",
            "closes": "16:00",
            "lunch_from": "12:00",
            "lunch_to": "12:48",
        }
    ]
    return {
        "id": office.pk,
        "kind": "service_point",
        "kind_label": "Пункт по работе с потребителями",
        "name": office.name,
        "branch_id": office.branch_id,
        "branch": "Казанские электрические сети",
        "settlement_id": office.building.settlement_id,
        "address": office.address,
        "phone": "+7 843 200-00-00",
        "email": "",
        "opening_hours": "пн–чт 8:00–17:00, пт 8:00–16:00, обед 12:00–12:48",
        "desks": 1,
        "services": [
            {"id": s.pk, "code": s.code, "name": s.name, "slot_minutes": s.slot_minutes}
            for s in office.appointment_services.order_by("order")
        ],
        "hours": point_hours,
    }


def test_offices_list_with_filters_needs_no_login(client, office, consultation):
    response = client.get(f"{BASE}?service=consultation")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "limit": 20,
        "offset": 0,
        "items": [_office_json(office)],
    }
    assert client.get(f"{BASE}?branch_id=999999").json()["count"] == 0
    assert client.get(f"{BASE}/{office.pk}").json() == _office_json(office)
    assert client.get(f"{BASE}/999999").json() == {
        "error": {"code": "not_found", "message": "Офис не найден.", "details": None}
    }


def test_services_list(client, db):
    assert [s["code"] for s in client.get(f"{BASE}/services").json()] == [
        "consultation",
        "connection_application",
        "meter_readings",
        "meter_replacement",
        "appeal",
    ]


def test_free_slots_by_day(frozen, client, office):
    response = client.get(
        f"{BASE}/{office.pk}/slots?service=connection_application&date_from=2026-03-19&days=2"
    )
    assert response.status_code == 200
    body = response.json()
    assert [d["date"] for d in body] == ["2026-03-19", "2026-03-20"]
    assert body[1] == {"date": "2026-03-20", "is_open": False, "slots": []}
    assert body[0]["is_open"] is True
    assert body[0]["slots"][0] == {
        "starts_at": "2026-03-19T08:00:00+03:00",
        "ends_at": "2026-03-19T08:30:00+03:00",
    }
    assert body[0]["slots"][-1]["starts_at"] == "2026-03-19T15:18:00+03:00"
    unknown = client.get(f"{BASE}/{office.pk}/slots?service=nope")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "Услуга в этом офисе не оказывается."


def test_book_is_idempotent_and_returns_exact_json(frozen, client, auth, office):
    body = {
        "office_id": office.pk,
        "service": "consultation",
        "starts_at": "2026-03-17T10:00:00+03:00",
    }
    headers = {**auth, "HTTP_IDEMPOTENCY_KEY": "book-1"}
    first = client.post(
        f"{BASE}/appointments", body, content_type="application/json", **headers
    )
    assert first.status_code == 201, first.content
    appointment = Appointment.objects.get()
    consultation = appointment.service
    assert first.json() == {
        "id": appointment.pk,
        "code": appointment.code,
        "status": "booked",
        "status_label": "Записан",
        "office_id": office.pk,
        "office": office.name,
        "address": office.address,
        "service": {
            "id": consultation.pk,
            "code": "consultation",
            "name": "Консультация",
            "slot_minutes": 15,
        },
        "starts_at": "2026-03-17T10:00:00+03:00",
        "ends_at": "2026-03-17T10:15:00+03:00",
        "can_move": True,
        "can_cancel": True,
        "ticket": None,
    }
    retry = client.post(
        f"{BASE}/appointments", body, content_type="application/json", **headers
    )
    assert retry.status_code == 201
    assert retry.content == first.content
    assert retry["Idempotency-Replayed"] == "true"
    assert Appointment.objects.count() == 1

    again = client.post(
        f"{BASE}/appointments",
        body,
        content_type="application/json",
        **{**auth, "HTTP_IDEMPOTENCY_KEY": "book-2"},
    )
    assert again.status_code == 409
    assert again.json() == {
        "error": {
            "code": "slot_unavailable",
            "message": "Это время уже занято или офис в это время не работает. "
            "Выберите другое.",
            "details": None,
        }
    }


def test_my_appointments_move_cancel_and_others_are_404(
    frozen, client, auth, office, consultation, consumer, other_consumer
):
    mine = appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    theirs = appointment_book(
        user=other_consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 11),
    )
    listing = client.get(f"{BASE}/appointments", **auth).json()
    assert (listing["count"], [a["id"] for a in listing["items"]]) == (1, [mine.pk])

    for url in (f"{BASE}/appointments/{theirs.pk}",):
        assert client.get(url, **auth).status_code == 404
    for action in ("cancel", "arrive"):
        response = client.post(f"{BASE}/appointments/{theirs.pk}/{action}", **auth)
        assert response.status_code == 404
        assert response.json()["error"] == {
            "code": "not_found",
            "message": "Запись не найдена.",
            "details": None,
        }
    theirs.refresh_from_db()
    assert theirs.status == "booked"

    moved = client.post(
        f"{BASE}/appointments/{mine.pk}/move",
        {"starts_at": "2026-03-18T09:00:00+03:00"},
        content_type="application/json",
        **auth,
    )
    assert moved.status_code == 200
    assert moved.json()["starts_at"] == "2026-03-18T09:00:00+03:00"
    cancelled = client.post(f"{BASE}/appointments/{mine.pk}/cancel", **auth)
    assert (cancelled.json()["status"], cancelled.json()["can_cancel"]) == (
        "cancelled",
        False,
    )
    assert (
        client.post(f"{BASE}/appointments/{mine.pk}/cancel", **auth).json()["error"][
            "code"
        ]
        == "appointment_not_cancellable"
    )


def test_arrive_gives_a_ticket(frozen, client, auth, office, consultation, consumer):
    appointment = appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    frozen.move_to("2026-03-17 09:55 +03:00")
    response = client.post(f"{BASE}/appointments/{appointment.pk}/arrive", **auth)
    assert response.status_code == 200
    assert response.json()["ticket"] == {
        "ticket": "А-001",
        "status": "waiting",
        "status_label": "Ожидает",
        "arrived_at": "2026-03-17T09:55:00+03:00",
        "called_at": None,
        "desk": None,
    }


def test_appointments_need_a_token(client, db):
    assert client.get(f"{BASE}/appointments").status_code == 401


def test_office_list_query_count_does_not_grow(
    client, make_office, django_assert_max_num_queries
):
    for i in range(5):
        make_office(name=f"Пункт {i}")
    with django_assert_max_num_queries(4):  # count, page, hours, services
        assert client.get(BASE).json()["count"] == 5


def test_my_appointments_query_count(
    frozen,
    client,
    auth,
    make_office,
    consultation,
    consumer,
    django_assert_max_num_queries,
):
    office = make_office()
    for hour in (9, 10, 11):
        appointment_book(
            user=consumer,
            office=office,
            service=consultation,
            starts_at=msk(2026, 3, 17, hour),
        )
    with django_assert_max_num_queries(5):  # token, count, page, visits (+ touch)
        assert client.get(f"{BASE}/appointments", **auth).json()["count"] == 3
