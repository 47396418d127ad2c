"""Password reset by a code: the same answer for unknown logins, Django's password
validators, and every session and token of the account ended."""

import pytest
from django.test import Client

from gridcare.accounts.models import ApiToken, LoginFailure, UserSession
from gridcare.accounts.services import api_token_issue
from gridcare.conftest import PASSWORD
from gridcare.notifications.models import Notification

pytestmark = pytest.mark.django_db
NEW = "Novyj-parol-2026!"


def _login(login: str, password: str) -> Client:
    browser = Client()
    browser.post("/login/", {"username": login, "password": password})
    return browser


def test_reset_by_email_ends_every_session_and_token(
    consumer, smtp, django_capture_on_commit_callbacks
):
    phone = _login("+79170000001", PASSWORD)
    assert phone.get("/account/").status_code == 200
    _token, _key = api_token_issue(user=consumer, name="Телефон")
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/password/reset/", {"login": "IVANOVA@example.ru"})
    assert response.url == "/password/reset/confirm/"
    code = smtp.last_code("ivanova@example.ru")
    response = browser.post(
        "/password/reset/confirm/",
        {
            "login": "ivanova@example.ru",
            "code": code,
            "password1": NEW,
            "password2": NEW,
        },
    )
    assert response.url == "/login/"
    consumer.refresh_from_db()
    assert consumer.check_password(NEW)
    assert not UserSession.objects.filter(user=consumer, ended_at=None).exists()
    assert not ApiToken.objects.filter(user=consumer, revoked_at=None).exists()
    assert phone.get("/account/").status_code == 302  # logged out
    assert _login("ivanova@example.ru", NEW).get("/account/").status_code == 200


def test_unknown_login_gets_the_same_answer_and_nothing_is_sent(client):
    response = client.post(
        "/password/reset/", {"login": "nobody@example.ru"}, follow=True
    )
    assert "Если учётная запись n***@example.ru есть" in response.content.decode()
    assert not Notification.objects.exists()


def test_weak_password_is_refused_and_the_code_still_works(
    client, consumer, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password/reset/", {"login": "ivanova@example.ru"})
    code = smtp.last_code("ivanova@example.ru")
    body = client.post(
        "/password/reset/confirm/",
        {
            "login": "ivanova@example.ru",
            "code": code,
            "password1": "123",
            "password2": "123",
        },
    ).content.decode()
    assert "Введённый пароль слишком короткий" in body
    consumer.refresh_from_db()
    assert consumer.check_password(PASSWORD)
    client.post(
        "/password/reset/confirm/",
        {
            "login": "ivanova@example.ru",
            "code": code,
            "password1": NEW,
            "password2": NEW,
        },
    )
    consumer.refresh_from_db()
    assert consumer.check_password(NEW)


def test_reset_lifts_the_lockout(
    client, consumer, smtp, django_capture_on_commit_callbacks
):
    for _ in range(5):
        client.post("/login/", {"username": "ivanova@example.ru", "password": "x"})
    assert LoginFailure.objects.count() == 5
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password/reset/", {"login": "ivanova@example.ru"})
    client.post(
        "/password/reset/confirm/",
        {
            "login": "ivanova@example.ru",
            "code": smtp.last_code("ivanova@example.ru"),
            "password1": NEW,
            "password2": NEW,
        },
    )
    assert not LoginFailure.objects.exists()
