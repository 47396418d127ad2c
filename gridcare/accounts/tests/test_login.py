"""Consumers and staff log in with a phone number or an e-mail address."""

import pytest
from django.contrib.auth import authenticate

from gridcare.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "login",
    ["ivanova@example.ru", "IVANOVA@example.ru", "+79170000001", "8 917 000-00-01"],
)
def test_consumer_logs_in_by_phone_or_email(consumer, login):
    assert authenticate(username=login, password=PASSWORD) == consumer


def test_wrong_password_or_unknown_login_fails(consumer):
    assert authenticate(username="ivanova@example.ru", password="wrong") is None
    assert authenticate(username="+79990000000", password=PASSWORD) is None


def test_inactive_user_cannot_log_in(consumer):
    consumer.is_active = False
    consumer.save()
    assert authenticate(username="ivanova@example.ru", password=PASSWORD) is None


def test_login_page_in_russian_and_staff_redirected_to_queue(client, specialist):
    page = client.get("/login/")
    assert "Телефон или e-mail" in page.content.decode()
    response = client.post(
        "/login/", {"username": "specialist@gridcare.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/staff/").url == "/staff/appeals/"


def test_failed_login_shows_russian_error(client, consumer):
    response = client.post(
        "/login/", {"username": "ivanova@example.ru", "password": "nope"}
    )
    assert "Неверный телефон/e-mail или пароль." in response.content.decode()


def test_consumer_is_sent_home_from_staff_area(client, consumer):
    client.force_login(consumer)
    assert client.get("/staff/").url == "/"
