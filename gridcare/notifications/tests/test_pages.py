"""A person's notification pages: the in-app inbox and the settings form."""

import pytest
from django.test import Client

from gridcare.conftest import PASSWORD
from gridcare.notifications.catalogue import preference_keys
from gridcare.notifications.models import Channel, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def _login(user: object) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_inbox_shows_own_messages_and_marks_them_read(consumer, other_consumer):
    mine = Notification.objects.create(
        event="outage_restored",
        channel=Channel.IN_APP,
        recipient=consumer,
        subject="Электроснабжение восстановлено",
        body="ул. Баумана",
        status="sent",
    )
    Notification.objects.create(
        event="outage_restored",
        channel=Channel.IN_APP,
        recipient=other_consumer,
        subject="Чужое",
        body="x",
        status="sent",
    )
    client = _login(consumer)
    page = client.get("/notifications/").content.decode()
    assert "Электроснабжение восстановлено" in page and "Чужое" not in page
    client.post("/notifications/read/", {"all": "1"})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_settings_save_muted_channels_and_quiet_hours(consumer):
    client = _login(consumer)
    assert client.get("/notifications/settings/").status_code == 200
    receive = sorted(preference_keys() - {"outages.sms"})
    client.post(
        "/notifications/settings/",
        {
            "receive": receive,
            "quiet_hours_enabled": "on",
            "quiet_from": "23:00",
            "quiet_to": "07:30",
        },
    )
    preference = NotificationPreference.objects.get(user=consumer)
    assert preference.muted == ["outages.sms"]
    assert (str(preference.quiet_from), str(preference.quiet_to)) == (
        "23:00:00",
        "07:30:00",
    )
    half = client.post(
        "/notifications/settings/",
        {"receive": receive, "quiet_hours_enabled": "on", "quiet_from": "23:00"},
    )
    assert "Укажите начало и конец тихих часов" in half.content.decode()


def test_push_worker_is_served_with_its_scope():
    response = Client().get("/notifications/push-sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
