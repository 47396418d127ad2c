"""Subscriptions: a signed-in consumer subscribes at once with chosen channels; anyone
else confirms an e-mail (link over real SMTP) or a phone (SMS code) first."""

import re
from typing import Any

import pytest
from django.test import Client

from gridcare.api.testing import BASE, api_client
from gridcare.conftest import PASSWORD
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.notifications.models import Notification
from gridcare.outages.models import Subscription
from gridcare.outages.subscriptions import (
    SubscriptionTarget,
    subscription_confirm_code,
    subscription_create,
)
from gridcare.outages.tests.conftest import body_of

pytestmark = pytest.mark.django_db


def test_email_subscription_is_confirmed_by_the_link_in_the_letter(
    register, smtp, django_capture_on_commit_callbacks
):
    street = register["streets"]["baumana"]
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/outages/subscribe/",
            {
                "street_id": street.pk,
                "channels": "email",
                "email": "New@Example.ru",
                "next": "/outages/",
            },
        )
    assert response.status_code == 200
    assert "Мы отправили письмо на new@example.ru" in response.content.decode()
    subscription = Subscription.objects.get()
    assert not subscription.is_active
    (letter,) = smtp.to("new@example.ru")
    assert "Подтвердите подписку" in str(letter["Subject"])
    link = re.search(r"(http\S+/outages/confirm/\S+)", body_of(letter)).group(1)
    page = Client().get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert page.status_code == 200 and "Подписка подтверждена" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.label == "г. Казань, ул. Баумана"


def test_phone_subscription_needs_the_sms_code(
    register, caplog, django_capture_on_commit_callbacks
):
    building = register["buildings"]["baumana_5"]
    with (
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level("INFO", logger="gridcare.sms"),
    ):
        response = Client().post(
            "/outages/subscribe/",
            {"building_id": building.pk, "channels": "sms", "phone": "8 917 123-45-67"},
        )
    subscription = Subscription.objects.get()
    assert (
        response.status_code == 302
        and response.url == f"/outages/subscriptions/{subscription.pk}/code/"
    )
    code = re.search(r"об отключениях: (\d{6})", caplog.text).group(1)
    wrong = Client().post(
        response.url, {"code": "000000" if code != "000000" else "111111"}
    )
    assert "Неверный код" in wrong.content.decode()
    right = Client().post(response.url, {"code": code})
    assert "Подписка подтверждена" in right.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.phone == "+79171234567"


def test_code_tries_are_limited(register, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        s = subscription_create(
            actor=None,
            target=SubscriptionTarget(street_id=register["streets"]["pushkina"].pk),
            channels=["sms"],
            phone="+79171234568",
        )
    for _ in range(5):
        with pytest.raises(ApplicationError):
            subscription_confirm_code(subscription_id=s.pk, code="999999x")
    with pytest.raises(ApplicationError, match="больше не действует"):
        subscription_confirm_code(subscription_id=s.pk, code="123456")


def test_signed_in_consumer_subscribes_to_a_point_of_supply_at_once(
    consumer, other_consumer
):
    own = consumer.consumer.accounts.first().supply_points.first()
    foreign = other_consumer.consumer.accounts.first().supply_points.first()
    client = Client()
    client.login(username=consumer.email, password=PASSWORD)
    client.post(
        "/outages/subscribe/",
        {"supply_point_id": own.pk, "channels": ["email", "in_app"]},
    )
    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.user == consumer
    assert (
        subscription.channels == ["email", "in_app"]
        and subscription.email == consumer.email
    )
    assert Notification.objects.count() == 0  # no confirmation needed
    response = client.post(
        "/outages/subscribe/", {"supply_point_id": foreign.pk, "channels": ["email"]}
    )
    assert response.status_code == 404
    assert Subscription.objects.count() == 1
    page = client.get("/outages/my/").content.decode()
    assert own.code in page


def test_anonymous_may_not_subscribe_to_a_point_of_supply(consumer):
    point = consumer.consumer.accounts.first().supply_points.first()
    with pytest.raises(NotFoundError):
        subscription_create(
            actor=None,
            target=SubscriptionTarget(supply_point_id=point.pk),
            channels=["email"],
            email="x@y.ru",
        )


def test_resubscribing_the_same_place_does_not_duplicate(
    register, django_capture_on_commit_callbacks
):
    target = SubscriptionTarget(street_id=register["streets"]["baumana"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        first = subscription_create(
            actor=None, target=target, channels=["email"], email="a@b.ru"
        )
        second = subscription_create(
            actor=None, target=target, channels=["email"], email="a@b.ru"
        )
    assert first.pk == second.pk and Subscription.objects.count() == 1


def test_subscription_api_for_a_signed_in_consumer(consumer, register):
    client = api_client(consumer)
    created = client.post_json(
        f"{BASE}/outages/subscriptions",
        {
            "street_id": register["streets"]["baumana"].pk,
            "channels": ["in_app", "web_push"],
        },
    )
    assert created.status_code == 201, created.content
    assert (
        created.json()["is_active"] is True
        and created.json()["needs_confirmation"] == ""
    )
    listed = client.get(f"{BASE}/outages/subscriptions").json()
    assert [s["id"] for s in listed] == [created.json()["id"]]
    assert (
        client.delete(f"{BASE}/outages/subscriptions/{listed[0]['id']}").status_code
        == 204
    )
    assert client.get(f"{BASE}/outages/subscriptions").json() == []


def test_anonymous_subscription_api_waits_for_confirmation(
    register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client().post_json(
            f"{BASE}/outages/subscriptions",
            {
                "street_id": register["streets"]["baumana"].pk,
                "channels": ["sms"],
                "phone": "+79171234569",
            },
        )
    assert created.status_code == 201
    assert created.json()["needs_confirmation"] == "sms"
    bad = api_client().post_json(
        f"{BASE}/outages/subscriptions",
        {
            "street_id": register["streets"]["baumana"].pk,
            "channels": ["email"],
            "email": "nope",
        },
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == "Адрес электронной почты указан неверно."


def test_staff_cannot_subscribe(operator: Any, register: dict[str, Any]):
    with pytest.raises(ApplicationError, match="потребителем"):
        subscription_create(
            actor=operator,
            target=SubscriptionTarget(street_id=register["streets"]["baumana"].pk),
            channels=["email"],
        )
