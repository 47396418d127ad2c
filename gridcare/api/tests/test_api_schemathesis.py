"""Schemathesis against the served OpenAPI document (/api/v1/openapi.json), through the
WSGI application, as an anonymous caller, a consumer with accounts and appeals, and a
supervisor: no generated request may end in a server error, and every answer matches
the schema the document gives for it.

Bounded and deterministic for CI: few examples per operation, derandomized, no example
database. Webhooks with their own keys (telephony, partner API) have tests of their own
and are left out."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from gridcare.accounts.services import api_token_issue

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
schema = schema.exclude(path_regex=r"^/api/v1/(telephony/|written-channels/partner/)")

# Answers must also match their documented schema. Status codes and content types are
# not gated yet: the document leaves out many 401/404 answers that ninja gives.
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The raw WSGI app ends each request with close_old_connections, which would close
    the test's transaction on PostgreSQL; Django's own test client switches it off the
    same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(db: Any, consumer: Any, supervisor: Any, make_appeal: Any) -> list[dict]:
    """Headers of each caller: anonymous, a consumer with accounts and an appeal, a
    supervisor."""
    make_appeal()
    headers: list[dict[str, str]] = [{}]
    for user in (consumer, supervisor):
        _token, key = api_token_issue(user=user, name="schemathesis")
        headers.append({"Authorization": f"Bearer {key}"})
    return headers


@schema.parametrize()
@hypothesis_settings(
    max_examples=2,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_without_server_errors(case: Any, callers: list[dict]) -> None:
    for headers in callers:
        extra = dict(headers)
        if case.method.upper() == "POST":
            extra["Idempotency-Key"] = str(uuid.uuid4())
        case.call_and_validate(headers=extra, checks=CHECKS)
