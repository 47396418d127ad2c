"""Web push: RFC 8291 encrypted, VAPID-signed messages go to each browser of the
recipient (a push service started by the test on 127.0.0.1); a browser that
unsubscribed (410) is disabled."""

import base64
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gridcare.api.testing import BASE, api_client
from gridcare.notifications.models import (
    Channel,
    DeliveryAttempt,
    Notification,
    PushSubscription,
)
from gridcare.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        PushService.received.append(
            {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": self.rfile.read(length),
            }
        )
        self.send_response(410 if self.path.endswith("/gone") else 201)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def push_service() -> Iterator[str]:
    PushService.received = []
    server = HTTPServer(("127.0.0.1", 0), PushService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture
def vapid(settings: Any) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    settings.WEBPUSH_ENABLED = True
    settings.WEBPUSH_VAPID_PRIVATE_KEY = b64(
        key.private_numbers().private_value.to_bytes(32, "big")
    )
    settings.WEBPUSH_VAPID_PUBLIC_KEY = b64(
        key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:ops@gridcare.test"


def _browser_keys() -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64(public), b64(os.urandom(16))


def test_push_is_encrypted_signed_and_delivered_to_each_browser(
    consumer, push_service, vapid, django_capture_on_commit_callbacks
):
    for name in ("phone", "gone"):
        p256dh, auth = _browser_keys()
        PushSubscription.objects.create(
            user=consumer,
            endpoint=f"{push_service}/push/{name}",
            p256dh=p256dh,
            auth=auth,
        )
    with django_capture_on_commit_callbacks(execute=True):
        (n,) = notification_send(
            event="outage_restored",
            context={
                "outage": type(
                    "O", (), {"ended_at": None, "area_text": "ул. Баумана"}
                )(),
                "place": "ул. Баумана",
                "link": "",
                "company": "",
            },
            channels=[Channel.WEB_PUSH],
            recipient=consumer,
            urgent=True,
        )
    assert {r["path"] for r in PushService.received} == {"/push/phone", "/push/gone"}
    sent = next(r for r in PushService.received if r["path"] == "/push/phone")
    assert sent["headers"]["content-encoding"] == "aes128gcm"
    assert sent["headers"]["authorization"].startswith("vapid t=")
    assert "Электроснабжение".encode() not in sent["body"]  # encrypted
    n.refresh_from_db()
    assert n.status == Notification.Status.SENT
    assert DeliveryAttempt.objects.get(notification=n).provider_message_id == "1/2"
    gone = PushSubscription.objects.get(endpoint__endswith="/gone")
    assert gone.disabled_at is not None


def test_push_without_browsers_fails_permanently(
    consumer, vapid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (n,) = notification_send(
            event="outage_restored",
            context={
                "outage": type("O", (), {"ended_at": None, "area_text": ""})(),
                "place": "",
                "link": "",
                "company": "",
            },
            channels=[Channel.WEB_PUSH],
            recipient=consumer,
            urgent=True,
        )
    n.refresh_from_db()
    assert n.status == Notification.Status.FAILED and n.attempts == 1


def test_a_browser_registers_its_push_subscription_through_the_api(
    consumer, vapid, settings
):
    settings.DEBUG = False
    p256dh, auth = _browser_keys()
    client = api_client(consumer)
    assert client.get(f"{BASE}/notifications/push-key").json()["enabled"] is True
    bad = client.post_json(
        f"{BASE}/notifications/push-subscriptions",
        {"endpoint": "http://evil/", "p256dh": p256dh, "auth": auth},
    )
    assert bad.status_code == 400
    ok = client.post_json(
        f"{BASE}/notifications/push-subscriptions",
        {"endpoint": "https://push.example/abc", "p256dh": p256dh, "auth": auth},
    )
    assert ok.status_code == 204
    assert PushSubscription.objects.get().user == consumer
