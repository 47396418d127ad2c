"""Request ids, structured logs, liveness/readiness and the Prometheus metrics."""

import json
import logging
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from gridcare.appeals.codes import Status
from gridcare.appeals.models import Appeal
from gridcare.core.observability import JsonFormatter, RequestIdFilter


def _metric(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in the Prometheus text format."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client: Client) -> None:
    made = client.get("/livez")
    kept = client.get("/livez", HTTP_X_REQUEST_ID="balancer-0001-abcd")
    refused = client.get("/livez", HTTP_X_REQUEST_ID="bad id\nwith newline")

    assert len(made["X-Request-ID"]) == 32
    assert kept["X-Request-ID"] == "balancer-0001-abcd"
    assert refused["X-Request-ID"] != "bad id\nwith newline"


def test_json_log_line_has_the_request_id() -> None:
    record = logging.LogRecord(
        "gridcare", logging.WARNING, __file__, 1, "Отказ %s", ("№1",), None
    )
    RequestIdFilter().filter(record)

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "Отказ №1"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "-"


@pytest.mark.django_db
def test_liveness_and_readiness(client: Client) -> None:
    assert client.get("/livez").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }


@pytest.mark.django_db
def test_metrics_count_requests_and_read_the_registry(
    client: Client, make_appeal
) -> None:
    late = make_appeal()
    Appeal.objects.filter(pk=late.pk).update(
        status=Status.IN_WORK, due_at=timezone.now() - timedelta(days=1)
    )
    make_appeal()
    client.get("/livez")

    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    assert (
        _metric(text, "gridcare_http_requests_total", route="livez", status="200") >= 1
    )
    assert _metric(text, "gridcare_appeals_overdue") == 1
    assert _metric(text, "gridcare_appeals_open", status="in_work", assigned="any") == 1
    assert "gridcare_notifications_last_day" in text
    assert "gridcare_tasks" in text


@pytest.mark.django_db
def test_metrics_are_closed_to_strangers(client: Client) -> None:
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 403
    with override_settings(METRICS_TOKEN="s3cret-token"):
        assert client.get("/metrics").status_code == 403
        ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
        assert ok.status_code == 200
