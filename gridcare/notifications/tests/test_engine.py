"""The notification engine: templates per event and channel, transports, the delivery
log, retries with backoff, de-duplication, quiet hours, preferences, opt-outs."""

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from gridcare.notifications.delivery import (
    MAX_ATTEMPTS,
    notification_deliver_due,
    notification_dispatch_due,
    notification_release_stale,
)
from gridcare.notifications.models import (
    Channel,
    DeliveryAttempt,
    Notification,
    Suppression,
    Topic,
)
from gridcare.notifications.quiet_hours import parse_quiet_hours
from gridcare.notifications.services import (
    Recipient,
    notification_send,
    notification_send_bulk,
    preference_update,
    suppression_add,
)
from gridcare.notifications.tokens import unsubscribe_link

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=MSK)
NIGHT = datetime(2026, 3, 2, 23, 30, tzinfo=MSK)


class FlakySms:
    """An SMS gateway that fails the first `fail` sends."""

    fail = 0
    sent: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> str:
        if FlakySms.fail > 0:
            FlakySms.fail -= 1
            raise ConnectionError("шлюз недоступен")
        FlakySms.sent.append((phone, text))
        return f"id-{len(FlakySms.sent)}"


@pytest.fixture
def flaky_sms(settings: Any) -> type[FlakySms]:
    settings.SMS_BACKEND = "gridcare.notifications.tests.test_engine.FlakySms"
    FlakySms.fail = 0
    FlakySms.sent = []
    return FlakySms


def _outage_context() -> dict[str, Any]:
    class FakeOutage:
        cause_text = "Плановый ремонт"
        area_text = "г. Казань, ул. Баумана"
        planned_start = NOON + timedelta(days=1)
        planned_end = NOON + timedelta(days=1, hours=8)
        description = ""

    return {
        "outage": FakeOutage(),
        "link": "http://x/",
        "company": "АО «Сетевая компания»",
        "place": "ул. Баумана",
    }


def test_templates_render_per_channel_in_russian_without_html_escaping(
    consumer, flaky_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(NOON):
        created = notification_send(
            event="outage_planned",
            context=_outage_context(),
            channels=[Channel.SMS, Channel.IN_APP],
            recipient=consumer,
            phone="+79170000001",
        )
    sms, in_app = sorted(created, key=lambda n: n.channel != Channel.SMS)
    assert sms.subject.startswith("Плановое отключение электроэнергии 03.03.2026")
    assert "плановое отключение э/э" in sms.body
    assert "&laquo;" not in in_app.body and "&#x27;" not in in_app.body
    assert in_app.status == Notification.Status.SENT
    assert flaky_sms.sent == [
        ("+79170000001", Notification.objects.get(pk=sms.pk).body)
    ]
    attempt = DeliveryAttempt.objects.get(notification=sms)
    assert (
        attempt.ok
        and attempt.transport == "sms:FlakySms"
        and attempt.provider_message_id == "id-1"
    )


def test_same_dedup_key_sends_once(
    consumer, flaky_sms, django_capture_on_commit_callbacks
):
    for _ in range(3):
        with (
            django_capture_on_commit_callbacks(execute=True),
            time_machine.travel(NOON),
        ):
            notification_send(
                event="outage_restored",
                context={
                    **_outage_context(),
                    "outage": type("O", (), {"ended_at": NOON, "area_text": "x"})(),
                },
                channels=[Channel.SMS],
                phone="+79170000001",
                dedup_key="outage:1:restored:phone",
            )
    assert Notification.objects.count() == 1
    assert len(flaky_sms.sent) == 1


def test_failures_are_retried_with_backoff_then_given_up(
    flaky_sms, django_capture_on_commit_callbacks, caplog
):
    flaky_sms.fail = 99
    with time_machine.travel(NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            (n,) = notification_send(
                event="subscription_confirm",
                context={
                    "code": "123456",
                    "subscription": None,
                    "link": "",
                    "company": "",
                },
                channels=[Channel.SMS],
                phone="+79170000002",
            )
        n.refresh_from_db()
        assert (n.status, n.attempts) == (Notification.Status.PENDING, 1)
        assert n.next_attempt_at == NOON + timedelta(minutes=1)
        assert notification_deliver_due() == 0  # not due yet: nothing is tried
        assert DeliveryAttempt.objects.count() == 1
    waits = [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
    ]
    moment = NOON
    for wait in waits:
        moment += wait
        with time_machine.travel(moment, tick=False):
            notification_deliver_due()
    n.refresh_from_db()
    assert (n.status, n.attempts) == (Notification.Status.FAILED, MAX_ATTEMPTS)
    assert "шлюз недоступен" in n.last_error
    assert (
        list(DeliveryAttempt.objects.values_list("ok", flat=True))
        == [False] * MAX_ATTEMPTS
    )


def test_a_retry_after_the_gateway_recovers_sends_once(
    flaky_sms, django_capture_on_commit_callbacks
):
    flaky_sms.fail = 1
    with (
        time_machine.travel(NOON, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        (n,) = notification_send(
            event="subscription_confirm",
            context={"code": "654321", "subscription": None, "link": "", "company": ""},
            channels=[Channel.SMS],
            phone="+79170000003",
        )
    with time_machine.travel(NOON + timedelta(minutes=2), tick=False):
        assert notification_dispatch_due() == 1  # the timer queues what is due
    n.refresh_from_db()
    assert n.status == Notification.Status.SENT and n.attempts == 2
    assert len(flaky_sms.sent) == 1
    assert list(
        DeliveryAttempt.objects.order_by("pk").values_list("ok", flat=True)
    ) == [False, True]


def test_quiet_hours_hold_non_urgent_sms_until_morning_but_not_email_or_urgent(
    flaky_sms, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_QUIET_HOURS = "22:00-08:00"
    ctx = _outage_context()
    with (
        time_machine.travel(NIGHT, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        (night_sms,) = notification_send(
            event="outage_planned",
            context=ctx,
            channels=[Channel.SMS],
            phone="+79170000004",
        )
        notification_send(
            event="outage_planned",
            context=ctx,
            channels=[Channel.SMS],
            phone="+79170000005",
            urgent=True,
        )
    assert night_sms.not_before == datetime(2026, 3, 3, 8, 0, tzinfo=MSK)
    assert [p for p, _ in flaky_sms.sent] == ["+79170000005"]
    with time_machine.travel(datetime(2026, 3, 3, 7, 59, tzinfo=MSK), tick=False):
        notification_deliver_due()
    assert len(flaky_sms.sent) == 1
    with time_machine.travel(datetime(2026, 3, 3, 8, 0, tzinfo=MSK), tick=False):
        notification_deliver_due()
    assert [p for p, _ in flaky_sms.sent] == ["+79170000005", "+79170000004"]


def test_quiet_hours_parse_and_wrap_midnight():
    hours = parse_quiet_hours("22:00-08:00")
    assert hours is not None
    assert hours.release_at(NOON) is None
    assert hours.release_at(datetime(2026, 3, 3, 3, 0, tzinfo=MSK)) == datetime(
        2026, 3, 3, 8, 0, tzinfo=MSK
    )
    assert parse_quiet_hours("") is None


def test_a_person_may_mute_outage_sms_and_move_quiet_hours(
    consumer, flaky_sms, django_capture_on_commit_callbacks
):
    preference_update(user=consumer, muted=["outages.sms"], quiet_hours_enabled=False)
    with (
        time_machine.travel(NIGHT, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = notification_send(
            event="outage_planned",
            context=_outage_context(),
            channels=[Channel.SMS, Channel.IN_APP],
            recipient=consumer,
            phone="+79170000001",
        )
    assert [n.channel for n in created] == [Channel.IN_APP]
    # Answers about one's own appeals cannot be muted.
    with pytest.raises(Exception, match="Нельзя отключить"):
        preference_update(
            user=consumer, muted=["appeals.email"], quiet_hours_enabled=True
        )


def test_generic_unsubscribe_link_suppresses_the_topic_for_the_address(
    flaky_sms, django_capture_on_commit_callbacks
):
    link = unsubscribe_link(
        channel=Channel.SMS, address="+79170000006", topic=Topic.OUTAGES
    )
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert Client().get(path).status_code == 200
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    assert Suppression.objects.filter(
        address="+79170000006", topic=Topic.OUTAGES
    ).exists()
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(NOON):
        assert (
            notification_send(
                event="outage_planned",
                context=_outage_context(),
                channels=[Channel.SMS],
                phone="+79170000006",
            )
            == []
        )
    assert flaky_sms.sent == []
    assert Client().get("/notifications/unsubscribe/forged/").status_code == 404


def test_appeal_topics_cannot_be_unsubscribed():
    with pytest.raises(Exception, match="отписаться нельзя"):
        suppression_add(channel=Channel.EMAIL, address="a@b.ru", topic=Topic.APPEALS)


def test_bulk_mailing_dedups_people_and_is_idempotent(
    flaky_sms, django_capture_on_commit_callbacks
):
    people = [
        Recipient(
            key="phone:+79170000007",
            channels=[Channel.SMS],
            phone="+79170000007",
            personal={"place": "ул. Баумана"},
        ),
        Recipient(
            key="phone:+79170000007",
            channels=[Channel.SMS],
            phone="+79170000007",
            personal={"place": "дом 5"},
        ),
        Recipient(
            key="phone:+79170000008",
            channels=[Channel.SMS, Channel.EMAIL],
            phone="+79170000008",
            personal={"place": "дом 7"},
        ),
    ]
    for _ in range(2):
        with (
            time_machine.travel(NOON, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            notification_send_bulk(
                event="outage_planned",
                context=_outage_context(),
                recipients=people,
                group_key="test:1",
                personal_keys=("unsubscribe_link", "place"),
            )
    assert sorted(p for p, _ in flaky_sms.sent) == ["+79170000007", "+79170000008"]
    assert "ул. Баумана" in flaky_sms.sent[0][1]
    assert Notification.objects.count() == 2  # the e-mail channel had no address


def test_a_dead_worker_claim_is_released(flaky_sms):
    n = Notification.objects.create(
        event="x",
        channel=Channel.SMS,
        address="+79170000009",
        subject="s",
        body="b",
        status=Notification.Status.SENDING,
        claim="dead",
        claimed_at=datetime(2026, 3, 2, 11, 0, tzinfo=MSK),
    )
    with time_machine.travel(NOON, tick=False):
        assert notification_release_stale() == 1
    n.refresh_from_db()
    assert n.status == Notification.Status.PENDING and n.claim == ""


def test_logging_sms_gateway_is_the_default(caplog, django_capture_on_commit_callbacks):
    with (
        caplog.at_level(logging.INFO, logger="gridcare.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification_send(
            event="subscription_confirm",
            context={"code": "111222", "subscription": None, "link": "", "company": ""},
            channels=[Channel.SMS],
            phone="+79170000010",
        )
    assert (
        "SMS to +79170000010: Код подтверждения подписки на уведомления об отключениях: 111222"
        in caplog.text
    )
    assert Notification.objects.get().status == Notification.Status.SENT
