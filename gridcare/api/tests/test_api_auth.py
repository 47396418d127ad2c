"""Token login, the current user, logout; the browser session with CSRF."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from gridcare.accounts.models import ApiToken, Role
from gridcare.accounts.roles import ROLE_RIGHTS
from gridcare.api.testing import BASE, ApiClient, api_client
from gridcare.appeals.models import Appeal
from gridcare.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WRONG_CREDENTIALS = {
    "error": {
        "code": "invalid_credentials",
        "message": "Неверный телефон/e-mail или пароль.",
        "details": None,
    }
}
UNAUTHORIZED = {
    "error": {
        "code": "unauthorized",
        "message": "Требуется вход в систему.",
        "details": None,
    }
}


def _consumer_me(user) -> dict:
    return {
        "id": user.pk,
        "full_name": "Иванова Анна Петровна",
        "email": "ivanova@example.ru",
        "phone": "+79170000001",
        "role": "consumer",
        "role_label": "Потребитель",
        "branch_id": None,
        "consumer_id": user.consumer.pk,
        "rights": [],
    }


def test_login_by_phone_issues_a_token_stored_only_as_its_hash(consumer):
    with time_machine.travel(NOW, tick=False):
        response = ApiClient().post_json(
            f"{BASE}/auth/token",
            {
                "login": "8 (917) 000-00-01",
                "password": PASSWORD,
                "device_name": "Pixel",
            },
        )
        token = response.json()["token"]
        me = ApiClient(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"{BASE}/auth/me")
    assert response.status_code == 201
    body = response.json()
    body.pop("token")
    assert body == {
        "token_type": "Bearer",
        "expires_at": "2026-05-31T12:00:00+03:00",
        "user": _consumer_me(consumer),
    }
    record = ApiToken.objects.get()
    assert record.user == consumer and record.name == "Pixel"
    assert record.key_hash == ApiToken.hash_key(token) != token
    assert me.status_code == 200
    assert me.json() == _consumer_me(consumer)


def test_login_by_email_ignores_case(consumer):
    response = ApiClient().post_json(
        f"{BASE}/auth/token", {"login": "Ivanova@Example.RU", "password": PASSWORD}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "credentials",
    [
        {"login": "+79170000001", "password": "wrong-password"},
        {"login": "nobody@example.ru", "password": PASSWORD},
        {"login": "8 999 000-00-00", "password": PASSWORD},
    ],
)
def test_wrong_credentials_get_401_in_russian_and_no_token(consumer, credentials):
    response = ApiClient().post_json(f"{BASE}/auth/token", credentials)
    assert response.status_code == 401
    assert response.json() == WRONG_CREDENTIALS
    assert response["WWW-Authenticate"] == "Bearer"
    assert not ApiToken.objects.exists()


def test_blocked_user_cannot_log_in(consumer):
    consumer.is_active = False
    consumer.save(update_fields=["is_active"])
    response = ApiClient().post_json(
        f"{BASE}/auth/token", {"login": "+79170000001", "password": PASSWORD}
    )
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_missing_password_is_a_validation_error():
    response = ApiClient().post_json(f"{BASE}/auth/token", {"login": "a@b.ru"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Поле «password»: обязательное поле."


def test_staff_me_lists_the_rights_of_the_role(specialist, branch):
    response = api_client(specialist).get(f"{BASE}/auth/me")
    assert response.json() == {
        "id": specialist.pk,
        "full_name": "Специалист Сергей",
        "email": "specialist@gridcare.test",
        "phone": None,
        "role": "specialist",
        "role_label": "Специалист бэк-офиса",
        "branch_id": branch.pk,
        "consumer_id": None,
        "rights": sorted(ROLE_RIGHTS[Role.SPECIALIST]),
    }
    assert {"appeal.register", "appeal.work"} <= set(response.json()["rights"])


def test_logout_revokes_only_the_current_token(consumer):
    client = api_client(consumer)
    other_device = api_client(consumer)
    response = client.delete(f"{BASE}/auth/token")
    assert response.status_code == 204
    assert client.get(f"{BASE}/auth/me").status_code == 401
    assert other_device.get(f"{BASE}/auth/me").status_code == 200
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 1


def test_expired_token_is_refused(consumer):
    client = api_client(consumer)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(f"{BASE}/auth/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_no_or_unknown_token_gets_401_even_on_post():
    assert ApiClient().get(f"{BASE}/auth/me").json() == UNAUTHORIZED
    response = ApiClient(HTTP_AUTHORIZATION="Bearer not-a-token").post_json(
        f"{BASE}/appeals", {"category": "metering", "topic": "metering", "text": "x"}
    )
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_session_works_for_reading(consumer):
    client = ApiClient()
    client.force_login(consumer)
    response = client.get(f"{BASE}/auth/me")
    assert response.status_code == 200
    assert response.json()["id"] == consumer.pk


def test_session_write_needs_the_csrf_token(consumer):
    client = ApiClient(enforce_csrf_checks=True)
    client.force_login(consumer)
    body = {"category": "metering", "topic": "metering", "text": "Нет света."}
    refused = client.post_json(f"{BASE}/appeals", body)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    assert "X-CSRFToken" in refused.json()["error"]["message"]
    assert not Appeal.objects.exists()

    client.cookies["csrftoken"] = "a" * 32
    accepted = client.post_json(f"{BASE}/appeals", body, HTTP_X_CSRFTOKEN="a" * 32)
    assert accepted.status_code == 201
    assert Appeal.objects.count() == 1


def test_session_cannot_revoke_a_token(consumer):
    client = ApiClient()
    client.force_login(consumer)
    assert client.delete(f"{BASE}/auth/token").status_code == 401
