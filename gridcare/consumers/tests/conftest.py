"""Fixtures of the personal-account tests: a real SMTP server, a consumer account from
billing (its consumer card has no login) with a meter, and helpers to read codes."""

import re
import socket
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from gridcare.consumers.models import Consumer, ConsumerAccount, SupplyPoint
from gridcare.metering.models import Meter

CODE = re.compile(r"\b(\d{6})\b")


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

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for rcpts, m in self.messages if address in rcpts]

    def last_code(self, address: str) -> str:
        messages = self.to(address)
        assert messages, f"нет писем для {address}"
        match = CODE.search(body_of(messages[-1]))
        assert match, body_of(messages[-1])
        return match.group(1)


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Sink]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; Django's SMTP backend sends to it."""
    sink = Sink()
    port = _free_port()
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


@pytest.fixture
def billing_account(make_building: Any, district_unit: Any) -> ConsumerAccount:
    """Account 1600000099 from billing: its consumer card has no portal login; one
    point of supply (15 kW, 0.4 kV) with a two-zone meter 0987654321."""
    owner = Consumer.objects.create(name="Сидоров Пётр Ильич", phone="+79170000099")
    account = ConsumerAccount.objects.create(
        number="1600000099", consumer=owner, branch=district_unit.branch
    )
    point = SupplyPoint.objects.create(
        account=account,
        code="SP-1600000099",
        building=make_building("9"),
        premises="12",
        district_unit=district_unit,
        max_power_kw=Decimal("15.00"),
    )
    Meter.objects.create(
        supply_point=point,
        serial_number="0987654321",
        model="Меркурий 200",
        tariff_zones=2,
        is_remote=True,
        verification_due_on=date(2032, 6, 30),
    )
    Meter.objects.create(
        supply_point=point,
        serial_number="1111111111",
        model="СО-505",
        removed_on=date(2020, 1, 1),
    )
    return account
