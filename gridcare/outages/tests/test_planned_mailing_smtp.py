"""Must show: a planned outage for a street notifies every subscriber of that street
once, in Russian, with a working unsubscribe link, and nobody else — over real SMTP."""

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gridcare.notifications.models import Channel, DeliveryAttempt, Notification
from gridcare.outages.models import Outage, Subscription
from gridcare.outages.services import AreaInput, outage_plan

pytestmark = pytest.mark.django_db


def _subscribe(**fields: Any) -> Subscription:
    """An active subscription as it is after confirmation (confirmation has its own
    tests)."""
    fields.setdefault("confirmed_at", timezone.now())
    fields.setdefault("channels", [Channel.EMAIL])
    target = fields.get("building") or fields.get("street") or fields.get("settlement")
    fields.setdefault("settlement", getattr(target, "settlement", target))
    fields.setdefault("label", str(target))
    return Subscription.objects.create(**fields)


@pytest.fixture
def subscribers(
    register: dict[str, Any], consumer: Any, other_consumer: Any
) -> dict[str, Any]:
    streets, buildings = register["streets"], register["buildings"]
    baumana = streets["baumana"]
    point = consumer.consumer.accounts.first().supply_points.first()  # Баумана, 1
    return {
        # Subscribers of the street, one way or another: each gets one message.
        "street": _subscribe(email="street@example.ru", street=baumana),
        "twice": [
            _subscribe(email="twice@example.ru", street=baumana),
            _subscribe(
                email="Twice@example.ru",
                building=buildings["baumana_5"],
                street=baumana,
            ),
        ],
        "house": _subscribe(
            email="house7@example.ru", building=buildings["baumana_7"], street=baumana
        ),
        "user": [
            _subscribe(
                user=consumer,
                email=consumer.email,
                channels=["email", "in_app"],
                street=baumana,
            ),
            _subscribe(
                user=consumer,
                email=consumer.email,
                supply_point=point,
                building=point.building,
                street=baumana,
            ),
        ],
        "settlement": _subscribe(email="city@example.ru", settlement=register["kazan"]),
        # Nobody else.
        "other_street": _subscribe(
            email="pushkina@example.ru", street=streets["pushkina"]
        ),
        "other_house": _subscribe(
            email="pushkina5@example.ru",
            building=buildings["pushkina_5"],
            street=streets["pushkina"],
        ),
        "village": _subscribe(email="gora@example.ru", settlement=register["gora"]),
        "unconfirmed": _subscribe(
            email="pending@example.ru", street=baumana, confirmed_at=None
        ),
        "cancelled": _subscribe(
            email="gone@example.ru", street=baumana, cancelled_at=timezone.now()
        ),
        "sms_only": _subscribe(phone="+79170000099", channels=["sms"], street=baumana),
    }


EXPECTED = [
    "city@example.ru",
    "house7@example.ru",
    "ivanova@example.ru",
    "street@example.ru",
    "twice@example.ru",
]


def test_planned_street_outage_mails_each_street_subscriber_once_and_nobody_else(
    smtp,
    subscribers,
    register,
    dispatcher,
    planned_input,
    django_capture_on_commit_callbacks,
):
    baumana = register["streets"]["baumana"]
    with django_capture_on_commit_callbacks(execute=True):
        outage = outage_plan(
            actor=dispatcher,
            data=planned_input(
                AreaInput(settlement_id=register["kazan"].pk, street_id=baumana.pk)
            ),
        )

    assert sorted(r.lower() for r in smtp.recipients()) == EXPECTED
    outage.refresh_from_db()
    assert outage.notice_sent_at is not None
    message = smtp.to("street@example.ru")[0]
    assert (
        str(message["Subject"]).strip().startswith("Плановое отключение электроэнергии")
    )
    body = _body(message)
    assert "электроснабжение будет прекращено для проведения плановых работ" in body
    assert "г. Казань, ул. Баумана" in body
    assert "(время московское)" in body
    start = timezone.localtime(outage.planned_start)
    assert start.strftime("%d.%m.%Y") in body and start.strftime("%H:%M") in body
    # The header for mail clients' «unsubscribe» button, and the same link in the text.
    link = _unsubscribe_link(body)
    assert str(message["List-Unsubscribe"]).strip() == f"<{link}>"
    assert str(message["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    # SMS went to the gateway (logging backend), not to the SMTP server; in-app stored.
    sms = Notification.objects.get(channel=Channel.SMS, address="+79170000099")
    assert sms.status == Notification.Status.SENT or sms.not_before is not None
    assert (
        Notification.objects.filter(
            channel=Channel.IN_APP, recipient=subscribers["user"][0].user
        ).count()
        == 1
    )
    # Every e-mail has one successful attempt in the delivery log.
    emails = Notification.objects.filter(
        channel=Channel.EMAIL, group_key=f"outage:{outage.pk}:planned:0"
    )
    assert emails.count() == len(EXPECTED)
    assert DeliveryAttempt.objects.filter(
        notification__in=emails, ok=True
    ).count() == len(EXPECTED)


def _body(message: Any) -> str:
    part = message.get_body(preferencelist=("plain",))
    return str(part.get_content())


def _unsubscribe_link(body: str) -> str:
    match = re.search(r"Отписаться: (\S+)", body)
    assert match, body
    return match.group(1)


def test_unsubscribe_link_works_and_the_next_outage_skips_that_person(
    smtp,
    subscribers,
    register,
    dispatcher,
    planned_input,
    django_capture_on_commit_callbacks,
):
    baumana = register["streets"]["baumana"]
    area = AreaInput(settlement_id=register["kazan"].pk, street_id=baumana.pk)
    with django_capture_on_commit_callbacks(execute=True):
        outage_plan(actor=dispatcher, data=planned_input(area))
    link = _unsubscribe_link(_body(smtp.to("twice@example.ru")[0]))
    path = link.split("://", 1)[1].split("/", 1)[1]

    page = Client().get(f"/{path}")
    assert page.status_code == 200
    assert "Отписаться" in page.content.decode()
    assert "г. Казань, ул. Баумана" in page.content.decode()
    # One click, as mail clients do it (RFC 8058): POST without a CSRF token.
    done = Client(enforce_csrf_checks=True).post(
        f"/{path}", {"List-Unsubscribe": "One-Click"}
    )
    assert done.status_code == 200
    assert "Вы отписаны" in done.content.decode()
    for s in subscribers["twice"]:
        s.refresh_from_db()
        assert s.cancelled_at is not None  # both subscriptions behind that one message

    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outage_plan(actor=dispatcher, data=planned_input(area, hours_ahead=50))
    assert "twice@example.ru" not in [r.lower() for r in smtp.recipients()]
    assert "street@example.ru" in smtp.recipients()


def test_a_forged_unsubscribe_link_changes_nothing(subscribers):
    response = Client().post("/outages/unsubscribe/not-a-token/")
    assert response.status_code == 404
    assert Subscription.objects.filter(cancelled_at__isnull=False).count() == 1


def test_notice_waits_for_the_lead_time_then_goes_once(
    smtp,
    subscribers,
    register,
    dispatcher,
    planned_input,
    django_capture_on_commit_callbacks,
):
    from datetime import timedelta

    import time_machine

    from gridcare.outages.services import outage_send_due_notices

    area = AreaInput(
        settlement_id=register["kazan"].pk, street_id=register["streets"]["baumana"].pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        outage = outage_plan(
            actor=dispatcher, data=planned_input(area, hours_ahead=24 * 5)
        )
    assert smtp.messages == []  # 5 days ahead, lead time 72 h: not yet
    assert outage_send_due_notices() == 0
    later = timezone.now() + timedelta(days=2, hours=1)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert outage_send_due_notices() == 1
        assert outage_send_due_notices() == 0  # twice from the timer: still once
    assert sorted(r.lower() for r in smtp.recipients()) == EXPECTED
    assert Outage.objects.get(pk=outage.pk).notice_sent_at is not None
