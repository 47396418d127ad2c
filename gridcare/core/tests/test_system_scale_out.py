"""Scale-out proof: two app server processes on one PostgreSQL and one Redis.

Consumers register appeals on both processes at once: every registration succeeds and
no registration number repeats. A specialist connected to process B hears, through the
Redis channel layer, about appeals registered on process A. A consumer chatting on
process A and a specialist on process B talk live."""

import json
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.test import Client
from websockets.sync.client import ClientConnection, connect

from gridcare.accounts.services import api_token_issue
from gridcare.appeals.models import Appeal
from gridcare.chatbot.services import conversation_start
from gridcare.core.tests.test_system_processes import (
    Process,
    app_server,
    json_of,
    needs_postgres_and_redis,
    running,
)

pytestmark = [
    needs_postgres_and_redis,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PER_PROCESS = 12
TIMEOUT = 60


def _bearer(user: Any) -> dict[str, str]:
    _token, key = api_token_issue(user=user, name="system test")
    return {"Authorization": f"Bearer {key}"}


def _session_cookie(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _socket(server: Process, path: str, user: Any) -> ClientConnection:
    return connect(
        server.ws_url + path,
        origin=server.url,  # type: ignore[arg-type]
        additional_headers={"Cookie": _session_cookie(user)},
        open_timeout=TIMEOUT,
    )


def _until(
    socket: ClientConnection, done: Callable[[dict[str, Any]], bool]
) -> list[dict[str, Any]]:
    """Frames received up to and including the first one `done` accepts."""
    frames = []
    while True:
        frame = json.loads(socket.recv(timeout=TIMEOUT))
        frames.append(frame)
        if done(frame):
            return frames


def _register(server: Process, headers: dict[str, str], n: int) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/appeals",
        json={
            "category": "metering",
            "topic": "metering",
            "text": f"Проверьте счётчик, обращение {n} из системного теста.",
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        timeout=TIMEOUT,
    )


def test_appeals_on_two_processes_get_unique_numbers_and_reach_the_other_process(
    tmp_path: Path, consumer: Any, other_consumer: Any, specialist: Any
) -> None:
    # Given two app servers on the same database and Redis, a specialist on B.
    a, b = app_server("app-a", tmp_path), app_server("app-b", tmp_path)
    with running(a, b), _socket(b, "/ws/staff/queue/", specialist) as queue:
        ivanova, petrov = _bearer(consumer), _bearer(other_consumer)

        # When two consumers register appeals on both processes at the same time.
        jobs = [
            (server, who, n)
            for n in range(PER_PROCESS)
            for server in (a, b)
            for who in (ivanova, petrov)
        ]
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda job: _register(*job), jobs))

        # Then every registration succeeded, with its own number.
        assert [r.status_code for r in answers] == [201] * len(jobs)
        bodies = [json_of(r) for r in answers]
        numbers = [body["number"] for body in bodies]
        assert len(set(numbers)) == len(jobs)
        stored = list(Appeal.objects.values_list("number", flat=True))
        assert sorted(stored) == sorted(numbers)
        # And the specialist on B heard of each appeal, those registered on A too.
        registered_on_a = {
            body["id"]
            for (server, _who, _n), body in zip(jobs, bodies, strict=True)
            if server is a
        }
        heard: set[int] = set()
        while not registered_on_a <= heard:
            frame = _until(queue, lambda f: f["type"] == "appeal_changed")[-1]
            heard.add(frame["appeal_id"])
        assert heard <= {body["id"] for body in bodies}


def test_consumer_on_one_process_and_specialist_on_the_other_chat_live(
    tmp_path: Path, consumer: Any, specialist: Any
) -> None:
    conversation = conversation_start(user=consumer, channel="portal")
    a, b = app_server("app-a", tmp_path), app_server("app-b", tmp_path)
    with (
        running(a, b),
        _socket(b, "/ws/staff/chats/", specialist) as console,
        _socket(a, f"/ws/chat/{conversation.token}/", consumer) as person,
    ):
        # The consumer on A asks for a person; the specialist on B gets the chat.
        person.send('{"type": "message", "text": "Позовите оператора"}')
        assigned = _until(console, lambda f: f["type"] == "chat_assigned")[-1]
        assert assigned["chat"]["specialist_id"] == specialist.pk
        chat_id = assigned["chat"]["id"]
        _until(person, lambda f: f.get("state") == "live")

        # Specialist (B) → consumer (A).
        console.send(
            json.dumps(
                {
                    "type": "message",
                    "chat_id": chat_id,
                    "text": "Здравствуйте! Слушаю вас.",
                }
            )
        )
        to_person = _until(
            person,
            lambda f: f["type"] == "message" and f["message"]["author"] == "specialist",
        )[-1]
        assert to_person["message"]["text"] == "Здравствуйте! Слушаю вас."

        # Consumer (A) → specialist (B).
        person.send('{"type": "message", "text": "Спасибо, жду ответа"}')
        from_person = _until(
            console,
            lambda f: (
                f["type"] == "chat_message" and f["message"]["author"] == "person"
            ),
        )[-1]
        assert (from_person["chat_id"], from_person["message"]["text"]) == (
            chat_id,
            "Спасибо, жду ответа",
        )

        # The specialist (B) ends the chat; the consumer (A) sees it closed.
        console.send(json.dumps({"type": "close", "chat_id": chat_id}))
        _until(person, lambda f: f.get("state") == "closed")
