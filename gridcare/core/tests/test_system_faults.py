"""Faults with real processes on PostgreSQL + Redis.

1. An app server is SIGKILLed while clients register appeals: every registration that
   was answered 201 is in the database, and clients retrying every request with its
   Idempotency-Key on a fresh server get one appeal per key, never a duplicate.
2. A task worker is SIGKILLed in the middle of delivering an e-mail: the task stays
   RUNNING; `tasks_requeue_stale` puts it back, the next worker runs it again and the
   e-mail is delivered exactly once."""

import asyncio
import queue
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from gridcare.accounts.services import api_token_issue
from gridcare.api.models import IdempotentRequest
from gridcare.appeals.models import Appeal
from gridcare.core.tests.test_system_processes import (
    ROOT,
    app_server,
    child_env,
    free_port,
    json_of,
    needs_postgres_and_redis,
    running,
    task_worker,
)
from gridcare.notifications.models import (
    Channel,
    DeliveryAttempt,
    Notification,
    Topic,
)
from gridcare.notifications.tasks import deliver_notification

pytestmark = [
    needs_postgres_and_redis,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KEYS = 60
CLIENTS = 6
KILL_AFTER = 12  # successes seen before the SIGKILL
TIMEOUT = 60


def _post(url: str, key: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(
        f"{url}/api/v1/appeals",
        json={
            "category": "metering",
            "topic": "metering",
            "text": f"Счётчик не работает (запрос {key}).",
        },
        headers={**headers, "Idempotency-Key": key},
        timeout=TIMEOUT,
    )


def test_sigkilled_app_server_loses_no_acknowledged_appeal_and_retries_make_no_duplicates(
    tmp_path: Path, consumer: Any
) -> None:
    _token, secret = api_token_issue(user=consumer, name="fault test")
    headers = {"Authorization": f"Bearer {secret}"}
    keys = [str(uuid.uuid4()) for _ in range(KEYS)]
    todo: queue.Queue[str] = queue.Queue()
    for key in keys:
        todo.put(key)
    first: dict[str, Any] = {}  # key → the body of a 201, or the error seen
    lock = threading.Lock()
    successes = threading.Semaphore(0)

    first_server = app_server("app-killed", tmp_path)

    def client() -> None:
        while True:
            try:
                key = todo.get_nowait()
            except queue.Empty:
                return
            try:
                response = _post(first_server.url, key, headers)
            except httpx.HTTPError as exc:  # the server died under the request
                outcome: Any = type(exc).__name__
            else:
                outcome = json_of(response) if response.status_code == 201 else response
            with lock:
                first[key] = outcome
            if isinstance(outcome, dict):
                successes.release()

    # Given a server taking registrations from several clients at once.
    with running(first_server):
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for _ in range(KILL_AFTER):
            assert successes.acquire(timeout=TIMEOUT)
        # When it is killed mid-load (no shutdown, requests in flight are cut).
        first_server.kill()
        for thread in threads:
            thread.join(timeout=TIMEOUT)

    acknowledged = {k: v for k, v in first.items() if isinstance(v, dict)}
    assert len(acknowledged) >= KILL_AFTER
    assert len(acknowledged) < KEYS, "the kill came after the load: nothing was cut"

    # Then every acknowledged registration is stored, as it was answered.
    stored = {
        a.pk: a.number for a in Appeal.objects.filter(consumer__user=consumer).all()
    }
    for body in acknowledged.values():
        assert stored[body["id"]] == body["number"]

    # And the clients retry every request with its key on a fresh server.
    second_server = app_server("app-fresh", tmp_path)
    with running(second_server):
        retried = {key: _post(second_server.url, key, headers) for key in keys}
    assert {key: r.status_code for key, r in retried.items()} == dict.fromkeys(
        keys, 201
    )
    final = {key: json_of(r) for key, r in retried.items()}
    for key, body in acknowledged.items():
        assert final[key] == body  # the first answer, replayed
        assert retried[key].headers["Idempotency-Replayed"] == "true"
    # One appeal per key: nothing lost, nothing registered twice.
    appeals = Appeal.objects.filter(consumer__user=consumer)
    assert appeals.count() == KEYS
    assert sorted(appeals.values_list("pk", flat=True)) == sorted(
        body["id"] for body in final.values()
    )
    assert len(set(appeals.values_list("number", flat=True))) == KEYS
    assert IdempotentRequest.objects.filter(key__in=keys).count() == KEYS


class GatedSink:
    """An SMTP server whose first message hangs before its 250 answer (the worker is
    then stuck mid-task, where it is killed); later messages are accepted."""

    def __init__(self) -> None:
        self.accepted: list[list[str]] = []
        self.arrived = threading.Event()
        self.calls = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.calls += 1
        if self.calls == 1:
            self.arrived.set()
            await asyncio.sleep(TIMEOUT)
            return "451 Попробуйте позже"
        self.accepted.append(list(envelope.rcpt_tos))
        return "250 OK"


def _gridcare(*args: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gridcare", *args],
        cwd=ROOT,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
        check=True,
    )
    return done.stdout


def _wait(condition: Any, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT * 2
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_worker_killed_mid_task_runs_it_again_and_delivers_the_email_once(
    tmp_path: Path, consumer: Any
) -> None:
    sink = GatedSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    mail = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "TASKS_BACKEND": "database",
    }
    try:
        # Given an e-mail to deliver and its delivery task in the database queue.
        notification = Notification.objects.create(
            event="appeal_registered",
            topic=Topic.APPEALS,
            channel=Channel.EMAIL,
            recipient=consumer,
            address=consumer.email,
            subject="Обращение зарегистрировано",
            body="Ваше обращение зарегистрировано.",
        )
        task = DatabaseBackend("default", {}).enqueue(
            deliver_notification, (), {"notification_id": notification.pk}
        )

        # When a worker takes it and is killed while the SMTP server has the message.
        with running(task_worker("worker-killed", tmp_path, **mail)) as (worker,):
            assert sink.arrived.wait(TIMEOUT * 2), worker.tail()
            worker.kill()
        row = DBTaskResult.objects.get(pk=task.id)
        notification.refresh_from_db()
        assert (row.status, notification.status) == (
            TaskResultStatus.RUNNING,
            Notification.Status.SENDING,
        )
        assert sink.accepted == []

        # Then nothing runs it until the timer finds it stale (here: 40 minutes on).
        assert "задач: 0" in _gridcare("tasks_requeue_stale", "--minutes", "30")
        past = timezone.now() - timedelta(minutes=40)
        DBTaskResult.objects.filter(pk=task.id).update(started_at=past)
        Notification.objects.filter(pk=notification.pk).update(claimed_at=past)
        assert "задач: 1" in _gridcare("tasks_requeue_stale", "--minutes", "30")
        # The minute timer hands the dead worker's claim back and queues delivery.
        _gridcare("notifications_retry", **mail)

        with running(task_worker("worker-next", tmp_path, **mail)):
            _wait(
                lambda: (
                    not DBTaskResult.objects.exclude(
                        status__in=[
                            TaskResultStatus.SUCCESSFUL,
                            TaskResultStatus.FAILED,
                        ]
                    ).exists()
                ),
                "the queue to drain",
            )

        # The task ran again (two workers took it), the e-mail went out once.
        row.refresh_from_db()
        notification.refresh_from_db()
        assert row.status == TaskResultStatus.SUCCESSFUL
        assert len(row.worker_ids) == 2
        assert sink.accepted == [[consumer.email]]
        assert (notification.status, notification.attempts) == (
            Notification.Status.SENT,
            1,
        )
        assert DeliveryAttempt.objects.filter(notification=notification).count() == 1
        # Running the task once more changes nothing.
        deliver_notification.call(notification_id=notification.pk)
        assert sink.accepted == [[consumer.email]]
    finally:
        controller.stop()
