"""Partner API of energy retailers: API keys, forwarding appeals with
Idempotency-Key, status, and status webhooks signed with HMAC-SHA256 checked by a real
local HTTP server."""

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gridcare.appeals.codes import Channel, Status
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import appeal_answer
from gridcare.written_channels.models import (
    PartnerAppeal,
    RetailPartner,
    WebhookDelivery,
)
from gridcare.written_channels.services.partners import (
    webhook_deliver_due,
    webhooks_collect,
)

URL = "/api/v1/written-channels/partner/appeals"
BODY = {
    "external_id": "TNS-2026-0001",
    "category": "transmission",
    "topic": "reliability",
    "text": "Клиент сообщает о скачках напряжения.",
    "contact_name": "Иванова Анна Петровна",
    "contact_phone": "+79170000001",
    "answer_channel": "sms",
}


class Receiver:
    """A local HTTP server that records webhook requests and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/gridcare"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    instance = Receiver()
    yield instance
    instance.server.shutdown()


@pytest.fixture
def partner_key(db: Any, receiver: Receiver) -> tuple[RetailPartner, str]:
    partner = RetailPartner(name="АО «Татэнергосбыт»", webhook_url=receiver.url)
    key = partner.issue_key()
    partner.save()
    return partner, key


def _create(client: Client, key: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(
        URL,
        body,
        content_type="application/json",
        headers={"X-Api-Key": key, **headers},
    )


def test_wrong_key_is_refused_and_changes_nothing(
    client: Client, partner_key: Any
) -> None:
    response = _create(client, "gcp_wrong", BODY)
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "unauthorized",
            "message": "Требуется вход в систему.",
            "details": None,
        }
    }
    assert Appeal.objects.count() == 0


def test_partner_forwards_an_appeal_and_a_retry_returns_it(
    client: Client, partner_key: Any
) -> None:
    partner, key = partner_key
    first = _create(client, key, BODY, **{"Idempotency-Key": "k-1"})
    replay = _create(client, key, BODY, **{"Idempotency-Key": "k-1"})
    same_external = _create(client, key, BODY)

    assert first.status_code == 201
    appeal = Appeal.objects.get()
    expected = {
        "id": appeal.pk,
        "external_id": "TNS-2026-0001",
        "number": appeal.number,
        "status": "registered",
        "status_label": "Зарегистрировано",
        "received_at": timezone.localtime(appeal.received_at).isoformat(
            timespec="seconds"
        ),
        "registered_at": timezone.localtime(appeal.registered_at).isoformat(
            timespec="seconds"
        ),
        "due_at": timezone.localtime(appeal.due_at).isoformat(timespec="seconds")
        if appeal.due_at
        else None,
        "answered_at": None,
        "answer_text": "",
    }
    assert first.json() == expected
    assert replay.status_code == 201
    assert replay.content == first.content
    assert replay["Idempotency-Replayed"] == "true"
    assert same_external.status_code == 200
    assert same_external.json() == expected
    assert appeal.channel == Channel.RETAILER
    assert PartnerAppeal.objects.get().partner == partner


def test_same_key_with_another_body_is_422(client: Client, partner_key: Any) -> None:
    _, key = partner_key
    _create(client, key, BODY, **{"Idempotency-Key": "k-1"})
    other = _create(
        client, key, {**BODY, "external_id": "TNS-2"}, **{"Idempotency-Key": "k-1"}
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert Appeal.objects.count() == 1


def test_bad_input_gets_a_russian_error(client: Client, partner_key: Any) -> None:
    _, key = partner_key
    response = _create(
        client, key, {**BODY, "contact_phone": "", "answer_channel": "sms"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "contact_required",
            "message": "Укажите хотя бы один способ связи: телефон, e-mail или "
            "почтовый адрес.",
            "details": None,
        }
    }
    assert Appeal.objects.count() == 0


def test_partner_sees_only_own_appeals(client: Client, partner_key: Any) -> None:
    _, key = partner_key
    created = _create(client, key, BODY).json()
    other = RetailPartner(name="ООО «Другой сбыт»")
    other_key = other.issue_key()
    other.save()

    own = client.get(f"{URL}/{created['id']}", headers={"X-Api-Key": key})
    foreign = client.get(f"{URL}/{created['id']}", headers={"X-Api-Key": other_key})

    assert own.status_code == 200
    assert own.json() == created
    assert foreign.status_code == 404
    assert foreign.json()["error"] == {
        "code": "not_found",
        "message": "Обращение не найдено.",
        "details": None,
    }


def test_status_changes_reach_the_partner_signed(
    client: Client, partner_key: Any, receiver: Receiver, operator: Any
) -> None:
    partner, key = partner_key
    created = _create(client, key, BODY).json()
    appeal = Appeal.objects.get(pk=created["id"])
    appeal_answer(actor=operator, appeal=appeal, text="Напряжение восстановлено.")

    assert webhooks_collect() == 2  # registered, answered
    assert webhooks_collect() == 0
    assert webhook_deliver_due() == 2

    statuses = []
    for headers, body in receiver.requests:
        timestamp = headers["X-Gridcare-Timestamp"]
        expected = hmac.new(
            partner.webhook_secret.encode(),
            timestamp.encode() + b"." + body,
            hashlib.sha256,
        ).hexdigest()
        assert headers["X-Gridcare-Signature"] == f"sha256={expected}"
        assert headers["X-Gridcare-Event"] == "appeal.status_changed"
        payload = json.loads(body)
        assert payload["appeal"]["external_id"] == "TNS-2026-0001"
        assert payload["appeal"]["number"] == appeal.number
        statuses.append(payload["appeal"]["status"])
    assert statuses == [Status.REGISTERED, Status.ANSWERED]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        WebhookDelivery.Status.DELIVERED
    }


def test_failed_webhook_is_retried_with_backoff(
    client: Client, partner_key: Any, receiver: Receiver
) -> None:
    _, key = partner_key
    _create(client, key, BODY)
    webhooks_collect()
    receiver.status = 503
    now = timezone.now()

    assert webhook_deliver_due(now=now) == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.last_status_code == 503
    assert delivery.next_attempt_at == now + timedelta(minutes=1)
    assert webhook_deliver_due(now=now + timedelta(seconds=30)) == 0  # not due yet
    assert len(receiver.requests) == 1

    receiver.status = 204
    assert webhook_deliver_due(now=now + timedelta(minutes=1)) == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert [entry["status_code"] for entry in delivery.log] == [503, 204]
