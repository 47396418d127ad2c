"""/api/v1/metering through the HTTP client: exact JSON, 404 for others' meters,
pagination and Idempotency-Key."""

from datetime import date
from decimal import Decimal

import pytest

from gridcare.api.testing import BASE, api_client
from gridcare.metering.models import MeterReading

pytestmark = pytest.mark.django_db

URL = f"{BASE}/metering"


def _window_open() -> dict:
    return {
        "day_from": 15,
        "day_to": 26,
        "is_open": True,
        "opens_on": "2026-11-15",
        "closes_on": "2026-11-26",
    }


def test_lists_my_meters_with_window_and_last_reading(
    in_window, consumer, meter, meter2, other_meter, add_reading
):
    reading = add_reading(meter, date(2026, 10, 20), "12000.5")
    response = api_client(consumer).get(f"{URL}/meters")
    assert response.status_code == 200
    point = meter.supply_point
    supply_point = {
        "id": point.pk,
        "code": "SP-1600000001",
        "address": f"{point.building.full_address}, пом. 1",
        "account_number": "1600000001",
    }
    assert response.json() == {
        "count": 2,
        "limit": 20,
        "offset": 0,
        "items": [
            {
                "id": meter.pk,
                "serial_number": "01234567",
                "model": "Меркурий 201",
                "tariff_zones": 1,
                "zones": [{"code": "t1", "label": "Т1 (однотарифный)"}],
                "is_remote": False,
                "installed_on": "2020-01-10",
                "digits_whole": 6,
                "digits_fraction": 2,
                "supply_point": supply_point,
                "window": _window_open(),
                "accepts_readings": True,
                "last_reading": {
                    "id": reading.pk,
                    "meter_id": meter.pk,
                    "taken_on": "2026-10-20",
                    "values": [
                        {
                            "zone": "t1",
                            "label": "Т1 (однотарифный)",
                            "value": "12000.50",
                            "consumption": None,
                        }
                    ],
                    "consumption": None,
                    "source": "personal_account",
                    "source_label": "Личный кабинет",
                    "submitted_at": "2026-11-20T12:00:00+03:00",
                },
            },
            {
                "id": meter2.pk,
                "serial_number": "22220000",
                "model": "Меркурий 200",
                "tariff_zones": 2,
                "zones": [
                    {"code": "t1", "label": "Т1 (день)"},
                    {"code": "t2", "label": "Т2 (ночь)"},
                ],
                "is_remote": False,
                "installed_on": "2020-01-10",
                "digits_whole": 6,
                "digits_fraction": 2,
                "supply_point": supply_point,
                "window": _window_open(),
                "accepts_readings": True,
                "last_reading": None,
            },
        ],
    }


def test_submit_returns_the_reading(in_window, consumer, meter2, add_reading):
    add_reading(meter2, date(2026, 10, 20), "100", t2="50")
    response = api_client(consumer).post_json(
        f"{URL}/meters/{meter2.pk}/readings", {"values": {"t1": "250,5", "t2": "80"}}
    )
    assert response.status_code == 201
    reading = MeterReading.objects.get(taken_on=date(2026, 11, 20))
    assert response.json() == {
        "id": reading.pk,
        "meter_id": meter2.pk,
        "taken_on": "2026-11-20",
        "values": [
            {
                "zone": "t1",
                "label": "Т1 (день)",
                "value": "250.50",
                "consumption": "150.50",
            },
            {
                "zone": "t2",
                "label": "Т2 (ночь)",
                "value": "80.00",
                "consumption": "30.00",
            },
        ],
        "consumption": "180.50",
        "source": "mobile_app",
        "source_label": "Мобильное приложение",
        "submitted_at": "2026-11-20T12:00:00+03:00",
    }


def test_idempotent_retry_returns_the_first_reading_and_stores_one(
    in_window, consumer, meter
):
    client = api_client(consumer)
    url = f"{URL}/meters/{meter.pk}/readings"
    first = client.post_json(url, {"values": {"t1": "100"}}, HTTP_IDEMPOTENCY_KEY="r-1")
    retry = client.post_json(url, {"values": {"t1": "100"}}, HTTP_IDEMPOTENCY_KEY="r-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotency-Replayed"] == "true"
    assert MeterReading.objects.count() == 1
    # Without the key the same body is a second submission, refused for the day.
    again = client.post_json(url, {"values": {"t1": "100"}})
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "reading_already_accepted"


def test_refusal_is_a_russian_error_with_numbers(
    in_window, consumer, meter, add_reading
):
    add_reading(meter, date(2026, 10, 20), "500")
    response = api_client(consumer).post_json(
        f"{URL}/meters/{meter.pk}/readings", {"values": {"t1": "400"}}
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "reading_lower_than_previous",
            "message": "Показание Т1 (однотарифный) 400,00 меньше предыдущего "
            "показания 500,00 от 20.10.2026. Проверьте, правильно ли переписаны "
            "цифры с табло. Если прибор учёта заменён, сообщите об этом в офис "
            "обслуживания: показания нового прибора будут учитываться отдельно.",
            "details": {
                "zone": "t1",
                "value": "400.00",
                "previous": "500.00",
                "previous_taken_on": "2026-10-20",
            },
        }
    }
    assert MeterReading.objects.count() == 1


def test_remote_meter_is_refused(in_window, consumer, remote_meter):
    response = api_client(consumer).post_json(
        f"{URL}/meters/{remote_meter.pk}/readings", {"values": {"t1": "1"}}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "meter_remote"


def test_missing_values_is_a_validation_error(in_window, consumer, meter):
    response = api_client(consumer).post_json(f"{URL}/meters/{meter.pk}/readings", {})
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "validation_error",
            "message": "Поле «values»: обязательное поле.",
            "details": {
                "fields": [{"field": "values", "message": "обязательное поле"}]
            },
        }
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("get", "/readings"),
        ("get", "/consumption"),
        ("post", "/readings"),
    ],
)
def test_another_consumers_meter_is_not_found(
    in_window, consumer, other_meter, method, path
):
    client = api_client(consumer)
    url = f"{URL}/meters/{other_meter.pk}{path}"
    response = (
        client.post_json(url, {"values": {"t1": "1"}})
        if method == "post"
        else client.get(url)
    )
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "not_found",
            "message": "Прибор учёта не найден.",
            "details": None,
        }
    }
    assert MeterReading.objects.count() == 0


def test_readings_history_is_paginated_newest_first(
    in_window, consumer, meter, add_reading
):
    for month, value in ((7, "100"), (8, "200"), (9, "300"), (10, "400")):
        add_reading(meter, date(2026, month, 20), value)
    response = api_client(consumer).get(
        f"{URL}/meters/{meter.pk}/readings?limit=2&offset=1"
    )
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (4, 2, 1)
    assert [r["taken_on"] for r in body["items"]] == ["2026-09-20", "2026-08-20"]


def test_consumption_by_month(in_window, consumer, meter):
    MeterReading.objects.create(
        meter=meter, taken_on=date(2026, 9, 20), value_t1=Decimal(100), source="ivr"
    )
    MeterReading.objects.create(
        meter=meter,
        taken_on=date(2026, 10, 20),
        value_t1=Decimal("250.5"),
        consumption_t1=Decimal("150.5"),
        consumption=Decimal("150.5"),
        source="ivr",
    )
    body = api_client(consumer).get(f"{URL}/meters/{meter.pk}/consumption").json()
    assert len(body["items"]) == 12
    assert body["items"][0] == {"month": "2025-12", "kwh": None}
    assert body["items"][-2:] == [
        {"month": "2026-10", "kwh": "150.50"},
        {"month": "2026-11", "kwh": None},
    ]


def test_list_query_count_does_not_grow_with_meters(
    in_window, consumer, make_meter, django_assert_max_num_queries
):
    for n in range(5):
        make_meter(serial_number=f"1000{n}")
    client = api_client(consumer)
    with django_assert_max_num_queries(10):
        assert client.get(f"{URL}/meters").json()["count"] == 5


def test_anonymous_is_refused(meter):
    assert api_client().get(f"{URL}/meters").status_code == 401
