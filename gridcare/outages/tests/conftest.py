"""Outage test fixtures: a small address register around the personas' street
(Kazan, ул. Баумана), a real SMTP server on 127.0.0.1, and helpers to open outages."""

import socket
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from gridcare.outages.addresses import number_value
from gridcare.outages.services import AreaInput, OutageInput
from gridcare.territory.models import (
    Building,
    DistrictGridUnit,
    Settlement,
    Street,
)


class Sink:
    """Collects every message the SMTP server accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"

    def recipients(self) -> list[str]:
        return sorted(r for rcpts, _ in self.messages for r in rcpts)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpts, m in self.messages if address in rcpts]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Sink]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; Django's SMTP backend sends to it."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


@pytest.fixture
def kazan(street: Street) -> Settlement:
    return street.settlement


@pytest.fixture
def register(street: Street, district_unit: DistrictGridUnit) -> dict[str, Any]:
    """Kazan with several streets (one of them «Зелёная» with ё, «8 Марта», a prospect,
    a Ленина also found in a village) and a village with houses without a street."""
    kazan = street.settlement
    streets = {
        "baumana": street,
        "pushkina": Street.objects.create(
            settlement=kazan, name="Пушкина", name_key="пушкина"
        ),
        "zelenaya": Street.objects.create(
            settlement=kazan, name="Зелёная", name_key="зеленая"
        ),
        "marta": Street.objects.create(
            settlement=kazan, name="8 Марта", name_key="8 марта"
        ),
        "pobedy": Street.objects.create(
            settlement=kazan, kind=Street.Kind.AVENUE, name="Победы", name_key="победы"
        ),
        "lenina": Street.objects.create(
            settlement=kazan, name="Ленина", name_key="ленина"
        ),
    }
    gora = Settlement.objects.create(
        district_unit=district_unit,
        kind=Settlement.Kind.VILLAGE,
        name="Высокая Гора",
        name_key="высокая гора",
    )
    streets["gora_lenina"] = Street.objects.create(
        settlement=gora, name="Ленина", name_key="ленина"
    )
    urazla = Settlement.objects.create(
        district_unit=district_unit,
        kind=Settlement.Kind.HAMLET,
        name="Уразла",
        name_key="уразла",
    )
    buildings: dict[str, Building] = {}

    def house(
        key: str, st: Street | None, number: str, place: Settlement = kazan
    ) -> None:
        buildings[key] = Building.objects.create(
            settlement=place,
            street=st,
            number=number,
            number_value=number_value(number),
        )

    for n in ("3", "5", "5а", "7", "12", "20"):
        house(f"baumana_{n}", street, n)
    house("pushkina_5", streets["pushkina"], "5")
    house("zelenaya_2", streets["zelenaya"], "2")
    house("marta_3", streets["marta"], "3")
    house("pobedy_12_1", streets["pobedy"], "12/1")
    house("lenina_4", streets["lenina"], "4")
    house("gora_lenina_4", streets["gora_lenina"], "4", gora)
    house("urazla_15", None, "15", urazla)
    return {
        "kazan": kazan,
        "gora": gora,
        "urazla": urazla,
        "streets": streets,
        "buildings": buildings,
    }


@pytest.fixture
def planned_input() -> Callable[..., OutageInput]:
    """Planned works tomorrow 09:00–17:00 on some areas."""

    def make(*areas: AreaInput, hours_ahead: int = 30, **overrides: Any) -> OutageInput:
        start = timezone.now() + timedelta(hours=hours_ahead)
        fields: dict[str, Any] = dict(
            cause="planned_repair",
            voltage_level="NN",
            areas=list(areas),
            planned_start=start,
            planned_end=start + timedelta(hours=8),
            equipment="ТП-1234",
        )
        fields.update(overrides)
        return OutageInput(**fields)

    return make


@pytest.fixture
def dispatcher(supervisor: Any) -> Any:
    """Who manages outages: the branch supervisor."""
    return supervisor
