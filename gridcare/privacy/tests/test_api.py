"""The subject's privacy endpoints (token auth): file a request (idempotent), list and
read their own, download their data; another consumer gets 404."""

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
import time_machine

from gridcare.api.testing import BASE, api_client
from gridcare.privacy.models import SubjectRequest

pytestmark = pytest.mark.django_db

URL = f"{BASE}/privacy"


def _expected(request: SubjectRequest) -> dict:
    return {
        "id": request.pk,
        "number": request.appeal.number,
        "appeal_id": request.appeal_id,
        "type": "correction",
        "type_label": "Уточнение (исправление) данных",
        "status": "registered",
        "status_label": "Зарегистрирован",
        "created_at": "2026-05-22T12:00:00+03:00",
        "due_at": "2026-06-08T23:59:59+03:00",
        "extended_at": None,
        "extension_reason": "",
        "requested_changes": {"email": "anna@example.ru"},
        "consent_purpose": "",
        "decision": None,
        "answer_text": "",
        "answered_at": None,
    }


def test_consumer_files_a_request_and_a_retry_returns_the_first_answer(consumer):
    client = api_client(consumer)
    body = {"type": "correction", "requested_changes": {"email": "anna@example.ru"}}
    with time_machine.travel(datetime(2026, 5, 22, 9, 0, tzinfo=UTC), tick=False):
        first = client.post_json(f"{URL}/requests", body, HTTP_IDEMPOTENCY_KEY="k-1")
        retry = client.post_json(f"{URL}/requests", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    request = SubjectRequest.objects.get()
    assert first.json() == _expected(request)
    assert request.appeal.channel == "mobile_app"
    assert (retry.status_code, retry.json()) == (201, first.json())
    assert retry["Idempotency-Replayed"] == "true"
    assert SubjectRequest.objects.count() == 1
    listing = client.get(f"{URL}/requests").json()
    assert listing == {
        "count": 1,
        "limit": 20,
        "offset": 0,
        "items": [_expected(request)],
    }
    assert client.get(f"{URL}/requests/{request.pk}").json() == _expected(request)


def test_bad_request_is_refused_in_russian_and_files_nothing(consumer):
    response = api_client(consumer).post_json(
        f"{URL}/requests", {"type": "correction", "requested_changes": {"inn": "1"}}
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "field_invalid",
            "message": "Эти данные нельзя исправить по запросу: inn.",
            "details": None,
        }
    }
    assert not SubjectRequest.objects.exists()


def test_other_consumer_gets_404_and_an_empty_list(consumer, other_consumer):
    created = api_client(consumer).post_json(f"{URL}/requests", {"type": "access"})
    request_id = created.json()["id"]
    other = api_client(other_consumer)
    assert other.get(f"{URL}/requests/{request_id}").status_code == 404
    assert other.get(f"{URL}/requests").json()["count"] == 0


def test_export_as_zip_and_json_holds_only_own_data(consumer, other_consumer):
    client = api_client(consumer)
    archive = client.get(f"{URL}/export")
    assert archive.status_code == 200
    assert archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert sorted(names) == ["data.json", "summary.html"]
    data = json.loads(client.get(f"{URL}/export", {"format": "json"}).content)
    assert data["subject_id"] == consumer.consumer.pk
    assert [p["name"] for p in data["sections"]["profile"]] == ["Иванова Анна Петровна"]


def test_anonymous_and_staff_get_no_export(operator):
    assert api_client().get(f"{URL}/export").status_code == 401
    assert api_client(operator).get(f"{URL}/export").status_code == 404
