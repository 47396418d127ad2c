"""The notifications centre: everything sent to the person (in-app and delivered
e-mail/SMS), read/unread, topic filters, the unread count for the navigation,
per-channel preferences per topic, and the same over the API."""

import pytest
from django.test import Client, RequestFactory

from gridcare.api.testing import BASE, api_client
from gridcare.conftest import PASSWORD
from gridcare.notifications.catalogue import preference_keys
from gridcare.notifications.context_processors import unread
from gridcare.notifications.models import (
    Channel,
    Notification,
    NotificationPreference,
    Topic,
)
from gridcare.notifications.services import notification_send

pytestmark = pytest.mark.django_db

CENTRE = "/notifications/"


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def _note(user, subject, *, topic=Topic.OUTAGES, channel=Channel.IN_APP, **kw):
    defaults = {"status": "sent", "body": "Текст", "event": "outage_restored"}
    defaults.update(kw)
    return Notification.objects.create(
        recipient=user, subject=subject, topic=topic, channel=channel, **defaults
    )


@pytest.fixture
def inbox(consumer, other_consumer):
    """The consumer's messages: two unread in-app (outage, appeal), an e-mail that
    was delivered and one still queued; another consumer's message."""
    return {
        "outage": _note(consumer, "Свет дали"),
        "appeal": _note(
            consumer,
            "Обращение зарегистрировано",
            topic=Topic.APPEALS,
            event="appeal_registered",
        ),
        "email": _note(
            consumer,
            "Письмо об отключении",
            channel=Channel.EMAIL,
            address="ivanova@example.ru",
        ),
        "queued": _note(
            consumer,
            "Ещё в очереди",
            channel=Channel.EMAIL,
            status="pending",
            address="ivanova@example.ru",
        ),
        "theirs": _note(other_consumer, "Чужое"),
    }


def test_centre_lists_what_was_sent_to_me_only(consumer, inbox):
    body = _login(consumer).get(CENTRE).content.decode()
    assert "Свет дали" in body and "Обращение зарегистрировано" in body
    assert "Письмо об отключении" in body
    assert "отправлено: Электронная почта (ivanova@example.ru)" in body
    assert "Ещё в очереди" not in body and "Чужое" not in body
    assert '<span class="nav-count" id="unread-count"' in body and ">2</span>" in body


def test_filter_by_topic_channel_and_unread(consumer, inbox):
    client = _login(consumer)
    appeals = client.get(CENTRE, {"topic": "appeals"}).content.decode()
    assert "Обращение зарегистрировано" in appeals and "Свет дали" not in appeals
    mail = client.get(CENTRE, {"channel": "email"}).content.decode()
    assert "Письмо об отключении" in mail and "Свет дали" not in mail
    inbox["outage"].read_at = inbox["outage"].created_at
    inbox["outage"].save()
    fresh = client.get(CENTRE, {"unread": "on"}).content.decode()
    assert "Обращение зарегистрировано" in fresh and "Свет дали" not in fresh
    # A bad filter value is ignored, not an error page.
    assert client.get(CENTRE, {"topic": "космос"}).status_code == 200


def test_mark_one_read_then_all(consumer, inbox):
    client = _login(consumer)
    client.post("/notifications/read/", {"id": inbox["outage"].pk})
    inbox["outage"].refresh_from_db()
    inbox["appeal"].refresh_from_db()
    assert inbox["outage"].read_at is not None and inbox["appeal"].read_at is None
    client.post("/notifications/read/", {"all": "1"})
    assert not Notification.objects.filter(
        recipient=consumer, channel=Channel.IN_APP, read_at=None
    ).exists()
    inbox["theirs"].refresh_from_db()
    assert inbox["theirs"].read_at is None


def test_someone_elses_message_cannot_be_marked(consumer, inbox):
    response = _login(consumer).post(
        "/notifications/read/", {"id": inbox["theirs"].pk}, follow=True
    )
    assert "Уведомление не найдено или уже прочитано." in response.content.decode()
    inbox["theirs"].refresh_from_db()
    assert inbox["theirs"].read_at is None


def test_mark_all_of_one_topic(consumer, inbox):
    _login(consumer).post("/notifications/read/", {"all": "1", "topic": "appeals"})
    inbox["appeal"].refresh_from_db()
    inbox["outage"].refresh_from_db()
    assert inbox["appeal"].read_at is not None and inbox["outage"].read_at is None


def test_unread_count_for_the_navigation(consumer, inbox):
    request = RequestFactory().get("/")
    request.user = consumer
    assert int(str(unread(request)["NOTIFICATIONS_UNREAD"])) == 2


def test_preferences_grid_per_topic_and_channel(consumer):
    client = _login(consumer)
    page = client.get("/notifications/settings/").content.decode()
    for label in ("Обращения", "Отключения электроэнергии", "Напоминания"):
        assert f'<th scope="row">{label}</th>' in page
    for short, channel in (
        ("E-mail", "Электронная почта"),
        ("Push", "Push-уведомление в браузере"),
    ):
        assert f'<abbr title="{channel}">{short}</abbr>' in page
    assert 'value="appeals.email"' not in page  # appeals: always, not switchable
    assert 'value="outages.in_app" id=' in page and "checked" in page

    keep = sorted(preference_keys() - {"outages.in_app", "reminders.sms"})
    client.post(
        "/notifications/settings/", {"receive": keep, "quiet_hours_enabled": "on"}
    )
    preference = NotificationPreference.objects.get(user=consumer)
    assert preference.muted == ["outages.in_app", "reminders.sms"]

    sent = notification_send(
        event="outage_restored",
        context={"outage": None},
        channels=[Channel.IN_APP, Channel.EMAIL],
        recipient=consumer,
        email="ivanova@example.ru",
    )
    assert [n.channel for n in sent] == [Channel.EMAIL]


def test_bad_preference_is_refused_and_nothing_changes(consumer):
    response = _login(consumer).post(
        "/notifications/settings/", {"receive": ["appeals.email"]}
    )
    assert response.status_code == 400
    assert "Выберите корректный вариант." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_api_lists_my_notifications_with_pagination(consumer, inbox):
    response = api_client(consumer).get(
        f"{BASE}/notifications", {"topic": "appeals", "limit": 5}
    )
    assert response.status_code == 200
    n = inbox["appeal"]
    assert response.json() == {
        "count": 1,
        "limit": 5,
        "offset": 0,
        "unread": 2,
        "items": [
            {
                "id": n.pk,
                "event": "appeal_registered",
                "topic": "appeals",
                "channel": "in_app",
                "subject": "Обращение зарегистрировано",
                "body": "Текст",
                "link": "",
                "created_at": response.json()["items"][0]["created_at"],
                "read_at": None,
            }
        ],
    }
    everything = api_client(consumer).get(f"{BASE}/notifications").json()
    assert everything["count"] == 3
    assert {i["subject"] for i in everything["items"]} == {
        "Свет дали",
        "Обращение зарегистрировано",
        "Письмо об отключении",
    }


def test_api_bad_filter_is_422_in_russian(consumer):
    response = api_client(consumer).get(f"{BASE}/notifications", {"topic": "космос"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_api_marks_read_only_my_own(consumer, other_consumer, inbox):
    client = api_client(consumer)
    response = client.post_json(
        f"{BASE}/notifications/read", {"ids": [inbox["outage"].pk, inbox["theirs"].pk]}
    )
    assert response.status_code == 204
    inbox["outage"].refresh_from_db()
    inbox["theirs"].refresh_from_db()
    assert inbox["outage"].read_at is not None and inbox["theirs"].read_at is None
    assert client.get(f"{BASE}/notifications").json()["unread"] == 1


def test_api_preferences_per_topic_and_channel(consumer):
    client = api_client(consumer)
    saved = client.put(
        f"{BASE}/notifications/preferences",
        {
            "muted": ["reminders.in_app", "outages.web_push"],
            "quiet_hours_enabled": False,
        },
        "application/json",
    )
    assert saved.status_code == 200
    assert saved.json() == {
        "muted": ["outages.web_push", "reminders.in_app"],
        "quiet_hours_enabled": False,
        "quiet_from": None,
        "quiet_to": None,
    }
    refused = client.put(
        f"{BASE}/notifications/preferences",
        {"muted": ["appeals.email"], "quiet_hours_enabled": True},
        "application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["error"] == {
        "code": "invalid_preference",
        "message": "Нельзя отключить: appeals.email.",
        "details": None,
    }
    assert NotificationPreference.objects.get(user=consumer).muted == [
        "outages.web_push",
        "reminders.in_app",
    ]


def test_api_quiet_hours_with_a_time_zone_are_refused_not_a_server_error(consumer):
    # Found by schemathesis: "00:00:00Z" reached the database and failed there (500).
    response = api_client(consumer).put(
        f"{BASE}/notifications/preferences",
        {"quiet_hours_enabled": True, "quiet_from": "00:00:00Z", "quiet_to": "07:00"},
        "application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        "Поле «quiet_from»: время без часового пояса (мск), например 22:00."
    )
    assert not NotificationPreference.objects.filter(user=consumer).exists()


def test_centre_needs_login():
    response = Client().get(CENTRE)
    assert response.status_code == 302
