"""«Мои сеансы»: every login is recorded; a person ends one session, all others, or
revokes an app token; nobody else can (404)."""

import pytest
from django.test import Client

from gridcare.accounts.models import ApiToken, UserSession
from gridcare.accounts.services import api_token_issue
from gridcare.api.testing import BASE, api_client
from gridcare.conftest import PASSWORD

pytestmark = pytest.mark.django_db
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36"
)


def _browser(login: str = "ivanova@example.ru", agent: str = CHROME_ANDROID) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(
        "/login/", {"username": login, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 302
    return client


def test_login_is_recorded_and_listed(consumer):
    browser = _browser()
    session = UserSession.objects.get(user=consumer)
    assert session.session_key == browser.session.session_key
    assert (session.ip_address, session.device) == ("10.1.1.1", "Chrome, Android")
    body = browser.get("/account/sessions/").content.decode()
    assert "Chrome, Android" in body and "это устройство" in body
    assert 'style="' not in body


def test_ending_a_session_logs_that_browser_out(consumer):
    phone, laptop = (
        _browser(),
        _browser(agent="Mozilla/5.0 (Windows NT 10.0) Firefox/131.0"),
    )
    phone_session = UserSession.objects.get(session_key=phone.session.session_key)
    response = laptop.post(f"/account/sessions/{phone_session.pk}/end/")
    assert response.url == "/account/sessions/"
    assert phone.get("/account/").status_code == 302
    assert laptop.get("/account/").status_code == 200
    phone_session.refresh_from_db()
    assert phone_session.ended_at is not None


def test_end_all_others_keeps_the_current_one(consumer):
    first, second, current = _browser(), _browser(), _browser()
    current.post("/account/sessions/end-others/")
    assert first.get("/account/").status_code == 302
    assert second.get("/account/").status_code == 302
    assert current.get("/account/").status_code == 200
    assert UserSession.objects.filter(ended_at=None).count() == 1


def test_other_consumer_cannot_end_my_session_or_token(consumer, other_consumer):
    mine = _browser()
    session = UserSession.objects.get(user=consumer)
    token, _key = api_token_issue(user=consumer, name="Мой телефон")
    stranger = _browser("petrov@example.ru")
    assert stranger.post(f"/account/sessions/{session.pk}/end/").status_code == 404
    assert stranger.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert mine.get("/account/").status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None


def test_app_tokens_are_listed_and_revocable(consumer):
    token, key = api_token_issue(user=consumer, name="Мой телефон")
    browser = _browser()
    assert "Мой телефон" in browser.get("/account/sessions/").content.decode()
    browser.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    app = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert app.get(f"{BASE}/auth/me").status_code == 401


def test_logout_ends_the_recorded_session(consumer):
    browser = _browser()
    browser.post("/logout/")
    assert UserSession.objects.get().ended_at is not None


def test_api_lists_sessions_and_tokens_with_exact_json(consumer, time_machine):
    time_machine.move_to("2030-03-02 09:00:00+00:00", tick=False)
    _browser()
    session = UserSession.objects.get()
    client = api_client(consumer)
    own_token = ApiToken.objects.get(user=consumer)
    assert client.get(f"{BASE}/auth/sessions").json() == {
        "count": 1,
        "limit": 20,
        "offset": 0,
        "items": [
            {
                "id": session.pk,
                "user_agent": CHROME_ANDROID,
                "ip_address": "10.1.1.1",
                "started_at": "2030-03-02T12:00:00+03:00",
                "last_seen_at": "2030-03-02T12:00:00+03:00",
                "is_current": False,
            }
        ],
    }
    assert client.get(f"{BASE}/auth/tokens").json() == {
        "count": 1,
        "limit": 20,
        "offset": 0,
        "items": [
            {
                "id": own_token.pk,
                "name": "tests",
                "user_agent": "",
                "ip_address": None,
                "created_at": "2030-03-02T12:00:00+03:00",
                "last_used_at": "2030-03-02T12:00:00+03:00",
                "expires_at": "2030-05-31T12:00:00+03:00",
                "is_current": True,
            }
        ],
    }


def test_api_ends_sessions_and_refuses_others_with_404(consumer, other_consumer):
    browser = _browser()
    session = UserSession.objects.get(user=consumer)
    stranger = api_client(other_consumer)
    response = stranger.delete(f"{BASE}/auth/sessions/{session.pk}")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Сеанс не найден.", "details": None}
    }
    owner = api_client(consumer)
    assert owner.delete(f"{BASE}/auth/sessions/{session.pk}").status_code == 204
    assert browser.get("/account/").status_code == 302
    assert owner.delete(f"{BASE}/auth/sessions/{session.pk}").status_code == 404


def test_api_end_others_keeps_the_calling_token(consumer):
    _browser()
    api_token_issue(user=consumer, name="Планшет")
    client = api_client(consumer)
    response = client.post_json(f"{BASE}/auth/sessions/end-others")
    assert response.json() == {"sessions_ended": 1, "tokens_revoked": 1}
    assert client.get(f"{BASE}/auth/me").status_code == 200
    assert client.post_json(f"{BASE}/auth/sessions/end-others").json() == {
        "sessions_ended": 0,
        "tokens_revoked": 0,
    }
