"""One error object for every refusal: {"error": {"code", "message", "details"}}."""

from unittest import mock

import pytest

from gridcare.api.testing import BASE, api_client
from gridcare.appeals.models import Appeal

pytestmark = pytest.mark.django_db


def test_broken_json_gets_400_in_russian(consumer):
    response = api_client(consumer).post(
        f"{BASE}/appeals", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid_json",
            "message": "Тело запроса — не корректный JSON.",
            "details": None,
        }
    }


def test_validation_error_lists_every_field(consumer):
    response = api_client(consumer).post_json(
        f"{BASE}/appeals", {"category": "metering", "topic": "weather"}
    )
    assert response.status_code == 422
    allowed = "'connection', 'services', 'reliability', 'metering', 'general'"
    assert response.json() == {
        "error": {
            "code": "validation_error",
            "message": f"Поле «topic»: недопустимое значение; допустимы: {allowed}.",
            "details": {
                "fields": [
                    {
                        "field": "topic",
                        "message": f"недопустимое значение; допустимы: {allowed}",
                    },
                    {"field": "text", "message": "обязательное поле"},
                ]
            },
        }
    }


def test_query_parameters_are_checked_too(consumer):
    response = api_client(consumer).get(f"{BASE}/appeals?limit=0")
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Поле «limit»: не меньше 1."


def test_unexpected_failure_is_a_500_error_object(consumer):
    with mock.patch(
        "gridcare.appeals.api.appeal_list_for_queue", side_effect=RuntimeError("boom")
    ):
        response = api_client(consumer).get(f"{BASE}/appeals")
    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "code": "server_error",
            "message": "Внутренняя ошибка сервера. Повторите запрос позже.",
            "details": None,
        }
    }


def test_too_long_idempotency_key_is_refused(consumer):
    response = api_client(consumer).post_json(
        f"{BASE}/appeals",
        {"category": "metering", "topic": "metering", "text": "Нет света."},
        HTTP_IDEMPOTENCY_KEY="k" * 129,
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "idempotency_key_invalid",
        "message": "Idempotency-Key длиннее 128 символов.",
        "details": None,
    }
    assert not Appeal.objects.exists()
