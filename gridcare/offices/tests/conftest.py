"""An office in Kazan (a service point: пн–чт 8:00–17:00, пт 8:00–16:00, обед
12:00–12:48) and a service centre with Saturday hours; time frozen on Monday
2026-03-16 09:00 MSK unless a test moves it. The RU-TA calendar of 2026 has
Ураза-байрам on Friday 2026-03-20 (non-working) and Thursday 03-19 shortened."""

from collections.abc import Callable, Iterator
from datetime import datetime, time
from typing import Any

import pytest
import time_machine

from gridcare.offices.models import Office, OfficeHours, OfficeService
from gridcare.offices.schedule import MOSCOW
from gridcare.territory.models import Branch, Building

NOW = "2026-03-16 09:00 +03:00"


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)  # type: ignore[misc]


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def consultation(db: Any) -> OfficeService:
    return OfficeService.objects.get(code="consultation")  # 15 min (migration)


@pytest.fixture
def connection_service(db: Any) -> OfficeService:
    return OfficeService.objects.get(code="connection_application")  # 30 min


def _hours(
    office: Office, rows: list[tuple[int, str, str, str | None, str | None]]
) -> None:
    for weekday, opens, closes, lunch_from, lunch_to in rows:
        OfficeHours.objects.create(
            office=office,
            weekday=weekday,
            opens=time.fromisoformat(opens),
            closes=time.fromisoformat(closes),
            lunch_from=time.fromisoformat(lunch_from) if lunch_from else None,
            lunch_to=time.fromisoformat(lunch_to) if lunch_to else None,
        )


@pytest.fixture
def make_office(
    branch: Branch, make_building: Callable[[str], Building]
) -> Callable[..., Office]:
    def make(
        *,
        kind: str = Office.Kind.SERVICE_POINT,
        desks: int = 1,
        name: str = "Пункт по работе с потребителями — Казань",
    ) -> Office:
        building = make_building(f"{Office.objects.count() + 10}")
        office = Office.objects.create(
            kind=kind,
            name=name,
            branch=branch,
            building=building,
            address=f"г. Казань, ул. Баумана, д. {building.number}",
            phone="+7 843 200-00-00",
            opening_hours="пн–чт 8:00–17:00, пт 8:00–16:00, обед 12:00–12:48",
            desks=desks,
        )
        if kind == Office.Kind.SERVICE_POINT:
            rows = [(d, "08:00", "17:00", "12:00", "12:48") for d in range(4)]
            rows.append((4, "08:00", "16:00", "12:00", "12:48"))
        else:
            rows = [(d, "08:00", "18:00", None, None) for d in range(5)]
            rows.append((5, "09:00", "13:00", None, None))
        _hours(office, rows)
        office.appointment_services.set(OfficeService.objects.all())
        return office

    return make


@pytest.fixture
def office(make_office: Callable[..., Office]) -> Office:
    return make_office()
