"""API rate limits (gridcare/api/throttling.py): the call over the limit gets 429 with a
Russian error and Retry-After; other callers and later windows are unaffected; webhooks
with their own keys are never limited. Each test sets its own low rates."""

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache

from gridcare.api.testing import BASE, ApiClient, api_client
from gridcare.api.throttling import (
    LOGIN_OPERATIONS,
    PUBLIC_FORM_OPERATIONS,
    WEBHOOK_OPERATIONS,
)
from gridcare.api.v1 import api
from gridcare.conftest import PASSWORD
from gridcare.telephony.services import pbx_create

pytestmark = pytest.mark.django_db

NOW = "2026-03-16 09:00 +03:00"
OPEN = f"{BASE}/offices"  # open to everyone
ME = f"{BASE}/auth/me"  # signed-in callers only


@pytest.fixture(autouse=True)
def _empty_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _assert_throttled(response: Any, *, window: int = 60) -> None:
    assert response.status_code == 429
    body = response.json()
    assert body["error"]["code"] == "too_many_requests"
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= window
    assert body["error"]["message"] == (
        f"Слишком много запросов. Повторите через {seconds} с."
    )
    assert body["error"]["details"] == {"retry_after": seconds}


def test_anonymous_caller_over_the_limit_gets_429_and_another_address_does_not(
    settings: Any, frozen: Any
) -> None:
    settings.API_THROTTLE_ANON = "3/min"
    client = ApiClient()
    for _ in range(3):
        assert client.get(OPEN).status_code == 200
    _assert_throttled(client.get(OPEN))
    # The address counts, not a header the caller writes.
    _assert_throttled(client.get(OPEN, HTTP_X_FORWARDED_FOR="203.0.113.9"))
    assert ApiClient(REMOTE_ADDR="10.0.0.2").get(OPEN).status_code == 200


def test_limit_opens_again_after_the_window(settings: Any, frozen: Any) -> None:
    settings.API_THROTTLE_ANON = "2/min"
    client = ApiClient()
    assert client.get(OPEN).status_code == 200
    frozen.shift(20)
    assert client.get(OPEN).status_code == 200
    refused = client.get(OPEN)
    # The first call leaves the window 60 s after it was made: 40 s from now.
    _assert_throttled(refused)
    assert refused["Retry-After"] == "40"
    frozen.shift(40)
    assert client.get(OPEN).status_code == 200
    _assert_throttled(client.get(OPEN))


def test_signed_in_user_is_counted_per_user(
    settings: Any, frozen: Any, consumer: Any, other_consumer: Any
) -> None:
    settings.API_THROTTLE_USER = "2/min"
    settings.API_THROTTLE_ANON = "1/min"
    first = api_client(consumer)
    second_device = api_client(consumer)
    assert first.get(ME).status_code == 200
    assert second_device.get(f"{BASE}/notifications").status_code == 200
    # All the user's tokens and endpoints share one count.
    _assert_throttled(first.get(ME))
    # Another user, and an anonymous caller from the same address, are unaffected.
    assert api_client(other_consumer).get(ME).status_code == 200
    assert ApiClient().get(OPEN).status_code == 200


def test_user_limit_is_higher_than_anonymous_by_default() -> None:
    from gridcare import settings as module  # the defaults, not the test overrides

    def per_minute(rate: str) -> float:
        count, period = rate.split("/")
        return int(count) * 60 / {"s": 1, "min": 60, "h": 3600}[period]

    assert per_minute(module.API_THROTTLE_USER) > per_minute(module.API_THROTTLE_ANON)
    assert per_minute(module.API_THROTTLE_LOGIN) < per_minute(module.API_THROTTLE_ANON)


def test_token_login_has_its_own_tighter_limit(
    settings: Any, frozen: Any, consumer: Any
) -> None:
    settings.API_THROTTLE_LOGIN = "2/min"
    client = ApiClient()
    body = {"login": consumer.email, "password": PASSWORD}
    assert client.post_json(f"{BASE}/auth/token", body).status_code == 201
    assert client.post_json(f"{BASE}/auth/token", body).status_code == 201
    # Even the right password: the limit counts every login from the address.
    _assert_throttled(client.post_json(f"{BASE}/auth/token", body))
    # Other endpoints stay open to the same address.
    assert client.get(OPEN).status_code == 200
    other = ApiClient(REMOTE_ADDR="10.0.0.3")
    assert other.post_json(f"{BASE}/auth/token", body).status_code == 201


def test_public_forms_share_a_tight_anonymous_limit(
    settings: Any, frozen: Any, consumer: Any
) -> None:
    settings.API_THROTTLE_PUBLIC_FORMS = "2/min"
    client = ApiClient()
    reset = f"{BASE}/consumer-accounts/password-reset"
    first = client.post_json(reset, {"login": "+79990000001"})
    assert first.status_code != 429
    second = client.post_json(f"{BASE}/consumer-accounts/registration", {})
    assert second.status_code == 422
    _assert_throttled(client.post_json(reset, {"login": "+79990000002"}))
    # A signed-in user is limited per user, not by the public-form limit.
    signed_in = api_client(consumer)
    for _ in range(3):
        assert signed_in.post_json(f"{BASE}/power-reports", {}).status_code == 400


def test_webhooks_with_their_own_keys_are_never_throttled(
    settings: Any, frozen: Any
) -> None:
    for name in (
        "API_THROTTLE_ANON",
        "API_THROTTLE_USER",
        "API_THROTTLE_LOGIN",
        "API_THROTTLE_PUBLIC_FORMS",
    ):
        setattr(settings, name, "1/min")
    _pbx, key = pbx_create(name="Asterisk КЦ", queue_topics={})
    pbx = ApiClient(HTTP_X_TELEPHONY_KEY=key)
    statuses = [
        pbx.post_json(
            f"{BASE}/telephony/events",
            {
                "event_id": f"171057240{n}.1:new",
                "type": "new",
                "call_id": f"171057240{n}.1",
                "at": "2026-03-16T09:00:00+03:00",
                "caller": "+79170000001",
                "called": "88002000878",
            },
        ).status_code
        for n in range(5)
    ]
    assert statuses == [201] * 5
    # The other machine endpoints carry no limit either.
    limits = _operation_limits()
    for operation_id in WEBHOOK_OPERATIONS:
        assert limits[operation_id] == []
    assert ApiClient().get(OPEN).status_code == 200
    _assert_throttled(ApiClient().get(OPEN))


def _operation_limits() -> dict[str, list[str]]:
    """Operation id → scopes of its limits, as mounted in the served API."""
    from gridcare.api.throttling import throttled_operation_ids

    assert throttled_operation_ids(api)
    return {
        operation.view_func.__name__: [t.scope for t in operation.throttle_objects]
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    }


def test_every_named_operation_exists_and_everything_else_is_limited() -> None:
    limits = _operation_limits()
    named = WEBHOOK_OPERATIONS | LOGIN_OPERATIONS | PUBLIC_FORM_OPERATIONS
    assert named - set(limits) == set()  # a renamed endpoint must not slip out
    for operation_id, scopes in limits.items():
        if operation_id in WEBHOOK_OPERATIONS:
            assert scopes == []
        elif operation_id in LOGIN_OPERATIONS:
            assert scopes == ["login", "anon", "user"]
        elif operation_id in PUBLIC_FORM_OPERATIONS:
            assert scopes == ["form", "anon", "user"]
        else:
            assert scopes == ["anon", "user"], operation_id


def test_openapi_documents_429_with_retry_after() -> None:
    schema = api.get_openapi_schema()
    offices = schema["paths"][f"{BASE}/offices"]["get"]["responses"]["429"]
    assert offices["description"].startswith("Слишком много запросов")
    assert offices["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert offices["headers"]["Retry-After"]["schema"] == {"type": "integer"}
    events = schema["paths"][f"{BASE}/telephony/events"]["post"]["responses"]
    assert "429" not in events


@pytest.mark.skipif(
    "redis" not in django_settings.CACHES["default"]["BACKEND"].lower(),
    reason="needs REDIS_URL (the PostgreSQL + Redis run)",
)
def test_on_redis_every_client_and_process_shares_the_count(
    settings: Any, frozen: Any
) -> None:
    from django_redis import get_redis_connection

    settings.API_THROTTLE_ANON = "2/min"
    assert ApiClient().get(OPEN).status_code == 200
    assert ApiClient().get(OPEN).status_code == 200
    _assert_throttled(ApiClient().get(OPEN))
    # The count lives in Redis, where another app process reads it.
    keys = get_redis_connection("default").keys("*api-throttle:anon:127.0.0.1")
    assert len(keys) == 1
