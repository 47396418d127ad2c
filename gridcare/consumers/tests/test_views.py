"""The consumer card in the back office: who may open it, what it shows, and the
personal-data access log."""

from datetime import date

import pytest
from django.urls import reverse

from gridcare.appeals.codes import Category, Topic
from gridcare.consumers.models import PersonalDataAccess
from gridcare.consumers.selectors import consumer_get_for_user
from gridcare.core.errors import NotFoundError
from gridcare.metering.models import Meter

pytestmark = pytest.mark.django_db


def _card(user) -> str:
    return reverse("consumers:staff_detail", args=[user.consumer.pk])


def test_card_shows_accounts_points_meters_and_logs_the_view(
    client, consumer, specialist
):
    point = consumer.consumer.accounts.get().supply_points.get()
    Meter.objects.create(
        supply_point=point,
        serial_number="0123456789",
        model="Меркурий 201",
        verification_due_on=date(2031, 5, 1),
    )
    client.force_login(specialist)
    response = client.get(_card(consumer), REMOTE_ADDR="10.1.2.3")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Иванова Анна Петровна" in body
    assert "+79170000001" in body
    assert "Лицевой счёт 1600000001" in body
    assert "SP-1600000001" in body
    assert "г. Казань, ул. Баумана, д. 1" in body
    assert "НН (0,4 кВ и ниже)" in body
    assert "15,00 кВт" in body or "15.00 кВт" in body
    assert "0123456789" in body
    assert "01.05.2031" in body
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.consumer_id, log.action, log.ip_address) == (
        specialist,
        consumer.consumer.pk,
        PersonalDataAccess.Action.VIEW_CONSUMER,
        "10.1.2.3",
    )


def test_other_branch_staff_get_not_found_and_nothing_is_logged(
    client, consumer, remote_specialist
):
    client.force_login(remote_specialist)
    assert client.get(_card(consumer)).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_staff_without_the_right_are_refused(client, consumer, analyst, other_consumer):
    client.force_login(analyst)
    assert client.get(_card(consumer)).status_code == 403
    client.force_login(other_consumer)
    assert client.get(_card(consumer)).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_company_wide_operator_opens_any_consumer(client, consumer, operator):
    client.force_login(operator)
    assert client.get(_card(consumer)).status_code == 200


def test_selector_refuses_unknown_and_foreign_consumers(
    consumer, specialist, remote_specialist
):
    assert consumer_get_for_user(user=specialist, consumer_id=consumer.consumer.pk) == (
        consumer.consumer
    )
    with pytest.raises(NotFoundError):
        consumer_get_for_user(user=remote_specialist, consumer_id=consumer.consumer.pk)
    with pytest.raises(NotFoundError):
        consumer_get_for_user(user=specialist, consumer_id=999_999)


def test_card_loads_the_appeals_the_user_may_see(
    client, consumer, make_appeal, specialist
):
    visible = make_appeal()
    hidden = make_appeal(category=Category.CONNECTION, topic=Topic.CONNECTION)
    client.force_login(specialist)
    url = reverse("appeals:staff_consumer_appeals", args=[consumer.consumer.pk])
    assert url in client.get(_card(consumer)).content.decode()
    response = client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert visible.number in body
    assert hidden.number not in body
