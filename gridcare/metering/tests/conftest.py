"""Meters of the personas: `meter` is a single-zone manual meter at the consumer's
point of supply (15 kW), `meter2` a two-zone one, `remote_meter` an ИСУ meter,
`other_meter` belongs to other_consumer. Time is frozen inside the default window
(15th–26th) unless a test travels elsewhere."""

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from gridcare.accounts.models import User
from gridcare.metering.models import Meter, MeterReading, ReadingSource

IN_WINDOW = "2026-11-20 12:00 +03:00"


@pytest.fixture
def in_window() -> Iterator[None]:
    with time_machine.travel(IN_WINDOW, tick=False):
        yield


def _point(user: User) -> Any:
    return user.consumer.accounts.first().supply_points.first()


@pytest.fixture
def make_meter(consumer: User) -> Callable[..., Meter]:
    def make(owner: User | None = None, **fields: Any) -> Meter:
        values: dict[str, Any] = {
            "serial_number": "01234567",
            "model": "Меркурий 201",
            "tariff_zones": 1,
            "installed_on": date(2020, 1, 10),
        }
        values.update(fields)
        return Meter.objects.create(supply_point=_point(owner or consumer), **values)

    return make


@pytest.fixture
def meter(make_meter: Callable[..., Meter]) -> Meter:
    return make_meter()


@pytest.fixture
def meter2(make_meter: Callable[..., Meter]) -> Meter:
    return make_meter(serial_number="22220000", tariff_zones=2, model="Меркурий 200")


@pytest.fixture
def remote_meter(make_meter: Callable[..., Meter]) -> Meter:
    return make_meter(serial_number="99990000", is_remote=True)


@pytest.fixture
def other_meter(make_meter: Callable[..., Meter], other_consumer: User) -> Meter:
    return make_meter(owner=other_consumer, serial_number="55550000")


@pytest.fixture
def add_reading() -> Callable[..., MeterReading]:
    """Store a reading directly (history before the test)."""

    def add(meter: Meter, taken_on: date, t1: str, **zones: str) -> MeterReading:
        return MeterReading.objects.create(
            meter=meter,
            taken_on=taken_on,
            value_t1=Decimal(t1),
            value_t2=Decimal(zones["t2"]) if "t2" in zones else None,
            value_t3=Decimal(zones["t3"]) if "t3" in zones else None,
            source=ReadingSource.PERSONAL_ACCOUNT,
        )

    return add
