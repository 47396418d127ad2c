"""Lockout after repeated failed logins: per login and per address, for the login
page (consumers and staff) and the API token endpoint, never revealing logins."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from gridcare.accounts.lockout import (
    InvalidCredentials,
    LoginLocked,
    login_authenticate,
    login_lockout_until,
)
from gridcare.accounts.models import LoginFailure
from gridcare.api.testing import BASE, api_client
from gridcare.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NOW = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
LOCKED = (
    "Слишком много неудачных попыток входа. Повторите попытку после 12:15 (мск) "
    "или восстановите пароль."
)


def _fail(client, login: str, times: int, ip: str = "10.0.0.1") -> str:
    body = ""
    for _ in range(times):
        body = client.post(
            "/login/", {"username": login, "password": "wrong"}, REMOTE_ADDR=ip
        ).content.decode()
    return body


def test_five_failures_lock_the_account_even_with_the_right_password(client, consumer):
    with time_machine.travel(NOW, tick=False):
        assert "Неверный телефон/e-mail или пароль." in _fail(
            client, "ivanova@example.ru", 5
        )
        # The phone of the same account is locked as well, from any address.
        body = client.post(
            "/login/",
            {"username": "8 917 000-00-01", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.3",
        ).content.decode()
    assert LOCKED in body
    with time_machine.travel(NOW + timedelta(minutes=15, seconds=1), tick=False):
        response = client.post(
            "/login/", {"username": "ivanova@example.ru", "password": PASSWORD}
        )
    assert response.status_code == 302
    assert not LoginFailure.objects.filter(login_key=f"user:{consumer.pk}").exists()


def test_unknown_login_is_locked_the_same_way(client):
    with time_machine.travel(NOW, tick=False):
        _fail(client, "ghost@example.ru", 5)
        body = _fail(client, "ghost@example.ru", 1)
    assert LOCKED in body


def test_twenty_failures_from_one_address_lock_that_address(client, consumer):
    with time_machine.travel(NOW, tick=False):
        for n in range(20):
            _fail(client, f"user{n}@example.ru", 1, ip="192.0.2.9")
        blocked = client.post(
            "/login/",
            {"username": "ivanova@example.ru", "password": PASSWORD},
            REMOTE_ADDR="192.0.2.9",
        )
        other = client.post(
            "/login/",
            {"username": "ivanova@example.ru", "password": PASSWORD},
            REMOTE_ADDR="192.0.2.10",
        )
    assert LOCKED in blocked.content.decode()
    assert other.status_code == 302


def test_staff_are_locked_too(client, specialist):
    with time_machine.travel(NOW, tick=False):
        _fail(client, "specialist@gridcare.test", 5)
        body = client.post(
            "/login/", {"username": "specialist@gridcare.test", "password": PASSWORD}
        ).content.decode()
    assert LOCKED in body


def test_api_token_endpoint_is_locked_with_exact_error(consumer):
    client = api_client()
    with time_machine.travel(NOW, tick=False):
        for _ in range(5):
            response = client.post_json(
                f"{BASE}/auth/token", {"login": "ivanova@example.ru", "password": "x"}
            )
            assert response.status_code == 401
        response = client.post_json(
            f"{BASE}/auth/token",
            {"login": "ivanova@example.ru", "password": PASSWORD},
        )
    assert response.status_code == 429
    assert response.json() == {
        "error": {
            "code": "login_locked",
            "message": LOCKED,
            "details": {"retry_at": "2030-03-02T12:15:00+03:00"},
        }
    }


def test_service_reports_when_the_lock_lifts(consumer):
    with time_machine.travel(NOW, tick=False):
        for minute in range(5):
            with (
                time_machine.travel(NOW + timedelta(minutes=minute), tick=False),
                pytest.raises(InvalidCredentials),
            ):
                login_authenticate(
                    request=None,
                    login="ivanova@example.ru",
                    password="x",
                    ip_address=None,
                )
        assert login_lockout_until(
            login="ivanova@example.ru", ip_address=None
        ) == NOW + timedelta(minutes=15)
        with pytest.raises(LoginLocked):
            login_authenticate(
                request=None,
                login="ivanova@example.ru",
                password=PASSWORD,
                ip_address=None,
            )
