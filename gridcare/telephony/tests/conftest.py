"""Telephony test fixtures: a registered PBX with its key, an HTTP client that signs
as the PBX, and the persona's meter and an outage on the persona's street."""

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from gridcare.accounts.models import User
from gridcare.metering.models import Meter
from gridcare.outages.models import Outage
from gridcare.outages.services import AreaInput, OutageInput, outage_register_unplanned
from gridcare.telephony.models import Pbx
from gridcare.telephony.services import pbx_create
from gridcare.territory.models import Street

BASE = "/api/v1/telephony"
IN_WINDOW = "2026-11-20 12:00 +03:00"


class PbxClient(Client):
    """The Django test client posting JSON as a PBX (X-Telephony-Key)."""

    def __init__(self, key: str, **defaults: Any) -> None:
        super().__init__(HTTP_X_TELEPHONY_KEY=key, **defaults)

    def event(self, **body: Any) -> Any:
        return self.post(f"{BASE}/events", body, "application/json")

    def step(self, **body: Any) -> Any:
        return self.post(f"{BASE}/ivr/step", body, "application/json")


@pytest.fixture
def pbx_and_key(db: Any) -> tuple[Pbx, str]:
    return pbx_create(name="Asterisk КЦ", queue_topics={"600": "metering"})


@pytest.fixture
def pbx(pbx_and_key: tuple[Pbx, str]) -> Pbx:
    return pbx_and_key[0]


@pytest.fixture
def pbx_client(pbx_and_key: tuple[Pbx, str]) -> PbxClient:
    return PbxClient(pbx_and_key[1])


@pytest.fixture
def in_window() -> Iterator[None]:
    with time_machine.travel(IN_WINDOW, tick=False):
        yield


@pytest.fixture
def meter(consumer: User) -> Meter:
    point = consumer.consumer.accounts.first().supply_points.first()  # type: ignore[attr-defined]
    return Meter.objects.create(
        supply_point=point,
        serial_number="01234567",
        model="Меркурий 201",
        tariff_zones=1,
        installed_on=date(2020, 1, 10),
    )


@pytest.fixture
def make_storm(street: Street) -> Callable[[], Outage]:
    """An unplanned outage on the personas' street, power back in 3 hours."""

    def make() -> Outage:
        return outage_register_unplanned(
            actor=None,
            data=OutageInput(
                cause="equipment_failure",
                cause_text="Повреждение кабельной линии 10 кВ",
                voltage_level="SN2",
                areas=[
                    AreaInput(settlement_id=street.settlement_id, street_id=street.pk)
                ],
                estimated_restoration_at=timezone.now() + timedelta(hours=3),
            ),
        )

    return make
