"""The load suite: who uses gridcare and how, for locust.

Mixes (LOAD_MIX): `daily` — the seed's day: consumers in the app, portal visitors,
contact-centre operators registering phone appeals (two thirds of all appeals), the
chat-bot; `peak` — the morning peak: the same people, more registrations and queue
reads; `storm` — an outage: thousands of people ask about the same outage at once
through the app (lookup + «нет света»), the portal page and the chat-bot;
`ceiling` — /healthz only, as fast as possible: the server's trivial-endpoint ceiling.
Every mix also probes /healthz now and then (the ceiling under the same load).

The fixture (LOAD_FIXTURE, written by prepare.py) holds tokens, ids and addresses.
Run through run.py, which starts the server and prints the table."""

import json
import os
import random
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, constant, task

FIXTURE: dict[str, Any] = json.loads(
    Path(os.environ.get("LOAD_FIXTURE", "var/load/fixture.json")).read_text("utf-8")
)
MIX = os.environ.get("LOAD_MIX", "daily")

# How many users of each kind per mix (locust class weights).
WEIGHTS = {
    "daily": {
        "ConsumerApp": 30,
        "PortalVisitor": 25,
        "Operator": 25,
        "ChatbotVisitor": 10,
        "HealthProbe": 5,
    },
    "peak": {
        "ConsumerApp": 35,
        "PortalVisitor": 20,
        "Operator": 35,
        "ChatbotVisitor": 5,
        "HealthProbe": 5,
    },
    "storm": {
        "StormApp": 35,
        "StormPortal": 30,
        "StormChatbot": 20,
        "Operator": 10,
        "HealthProbe": 5,
    },
    "ceiling": {"HealthProbe": 1},
}[MIX]

QUESTIONS = [
    "Как передать показания счётчика?",
    "Сколько стоит подключение дома к электросетям?",
    "Кто меняет сломанный счётчик?",
    "Почему так долго рассматривают заявку на технологическое присоединение?",
    "Как опломбировать новый счётчик?",
]
APPEAL_TEXTS = [
    ("metering", "metering", "Счётчик перестал показывать расход, прошу проверить."),
    ("transmission", "reliability", "Третий раз за неделю мигает свет в доме."),
    ("connection", "connection", "На каком этапе моя заявка на присоединение?"),
    ("service_quality", "services", "Прошу заменить пломбу на приборе учёта."),
]


def _weight(name: str) -> int:
    return WEIGHTS.get(name, 0)


class Api(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)

    def bearer(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def key(self) -> dict[str, str]:
        return {"Idempotency-Key": str(uuid.uuid4())}


class ConsumerApp(Api):
    """A consumer in the mobile app: their appeals, notifications, meters, outages."""

    weight = _weight("ConsumerApp")

    def on_start(self) -> None:
        self.me = random.choice(FIXTURE["consumers"])
        self.client.headers.update(self.bearer(self.me["token"]))

    @task(5)
    def list_appeals(self) -> None:
        self.client.get("/api/v1/appeals?limit=20", name="/api/v1/appeals [consumer]")

    @task(3)
    def view_appeal(self) -> None:
        if self.me["appeal_ids"]:
            appeal = random.choice(self.me["appeal_ids"])
            self.client.get(f"/api/v1/appeals/{appeal}", name="/api/v1/appeals/{id}")

    @task(2)
    def notifications(self) -> None:
        self.client.get("/api/v1/notifications?limit=20", name="/api/v1/notifications")

    @task(1)
    def meters(self) -> None:
        self.client.get("/api/v1/metering/meters", name="/api/v1/metering/meters")

    @task(2)
    def outage_lookup(self) -> None:
        address = random.choice(FIXTURE["addresses"])
        self.client.get(
            "/api/v1/outages/lookup",
            params={"q": address},
            name="/api/v1/outages/lookup",
        )

    @task(1)
    def register_appeal(self) -> None:
        category, topic, text = random.choice(APPEAL_TEXTS)
        body: dict[str, Any] = {"category": category, "topic": topic, "text": text}
        if self.me["supply_point_ids"]:
            body["supply_point_id"] = random.choice(self.me["supply_point_ids"])
        with self.client.post(
            "/api/v1/appeals",
            json=body,
            headers=self.key(),
            name="POST /api/v1/appeals [consumer]",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                self.me["appeal_ids"].append(response.json()["id"])


class PortalVisitor(Api):
    """Someone on the website: the home page and the public outage page."""

    weight = _weight("PortalVisitor")

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/ [portal]")

    @task(2)
    def outages(self) -> None:
        self.client.get("/outages/", name="/outages/")

    @task(2)
    def outages_search(self) -> None:
        address = random.choice(FIXTURE["addresses"])
        self.client.get("/outages/", params={"q": address}, name="/outages/?q=")


class Operator(Api):
    """A contact-centre operator: registers phone calls, reads the queue."""

    weight = _weight("Operator")

    def on_start(self) -> None:
        me = random.choice(FIXTURE["operators"])
        self.client.headers.update(self.bearer(me["token"]))

    @task(3)
    def register_call(self) -> None:
        caller = random.choice(FIXTURE["consumers"])
        category, topic, text = random.choice(APPEAL_TEXTS)
        body: dict[str, Any] = {
            "channel": "phone",
            "category": category,
            "topic": topic,
            "text": text,
            "consumer_id": caller["consumer_id"],
        }
        if caller["account_ids"]:
            body["consumer_account_id"] = random.choice(caller["account_ids"])
        self.client.post(
            "/api/v1/appeals",
            json=body,
            headers=self.key(),
            name="POST /api/v1/appeals [operator]",
        )

    @task(3)
    def queue(self) -> None:
        self.client.get(
            "/api/v1/appeals?status=registered&limit=20",
            name="/api/v1/appeals [queue]",
        )

    @task(2)
    def view_appeal(self) -> None:
        caller = random.choice(FIXTURE["consumers"])
        if caller["appeal_ids"]:
            appeal = random.choice(caller["appeal_ids"])
            self.client.get(f"/api/v1/appeals/{appeal}", name="/api/v1/appeals/{id}")


def ask(user: HttpUser, questions: list[str]) -> None:
    """Start a conversation with Алсу and ask the questions one after another."""
    started = user.client.post(
        "/api/v1/chat/conversations",
        json={"channel": "mobile_app"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
        name="POST /api/v1/chat/conversations",
    )
    if started.status_code != 201:
        return
    token = started.json()["token"]
    for question in questions:
        user.client.post(
            f"/api/v1/chat/conversations/{token}/messages",
            json={"text": question},
            headers={"Idempotency-Key": str(uuid.uuid4())},
            name="POST /api/v1/chat/conversations/{token}/messages",
        )


class ChatbotVisitor(Api):
    """A visitor asks Алсу a question or two."""

    weight = _weight("ChatbotVisitor")
    wait_time = between(2.0, 5.0)

    @task
    def question(self) -> None:
        ask(self, random.sample(QUESTIONS, 2))


class StormApp(Api):
    """No power: the app looks the address up, then reports «нет света»."""

    weight = _weight("StormApp")
    wait_time = between(1.0, 3.0)

    def on_start(self) -> None:
        self.me = random.choice(FIXTURE["consumers"])
        self.client.headers.update(self.bearer(self.me["token"]))
        self.address = random.choice(FIXTURE["storm"]["addresses"])

    @task(3)
    def lookup(self) -> None:
        self.client.get(
            "/api/v1/outages/lookup",
            params={"q": self.address},
            name="/api/v1/outages/lookup [storm]",
        )

    @task(1)
    def report(self) -> None:
        self.client.post(
            "/api/v1/power-reports",
            json={"address": self.address, "text": "Нет света во всём доме."},
            headers=self.key(),
            name="POST /api/v1/power-reports [storm]",
        )


class StormPortal(Api):
    """No power: the outage page, searched by the address."""

    weight = _weight("StormPortal")
    wait_time = between(1.0, 3.0)

    @task
    def search(self) -> None:
        address = random.choice(FIXTURE["storm"]["addresses"])
        self.client.get("/outages/", params={"q": address}, name="/outages/?q= [storm]")


class StormChatbot(Api):
    """No power: «нет света на …» to the chat-bot."""

    weight = _weight("StormChatbot")
    wait_time = between(2.0, 5.0)

    @task
    def question(self) -> None:
        address = random.choice(FIXTURE["storm"]["addresses"])
        ask(self, [f"Нет света по адресу {address}"])


class HealthProbe(HttpUser):
    """The trivial endpoint (/healthz: one SELECT 1) — the ceiling of the server."""

    weight = _weight("HealthProbe")
    wait_time = constant(0) if MIX == "ceiling" else between(0.5, 2.0)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz [ceiling]")
