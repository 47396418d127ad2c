"""Fixtures of the service-request tests: the seeded catalogue (data migration), a
service priced without VAT, an order of the persona `consumer`, the SMTP sink."""

from collections.abc import Callable, Iterator
from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gridcare.accounts.models import User
from gridcare.notifications.testing import SmtpSink, smtp_server
from gridcare.service_requests.models import Service, ServiceCategory, ServiceOrder
from gridcare.service_requests.services import (
    ServiceOrderInput,
    service_order_create,
    service_order_invoice,
    service_order_record_payment,
    service_order_schedule,
)

SEALING = "meter-sealing"  # 950.00 ₽ with VAT, 5 working days (seeded sample)


TODAY = date(2026, 3, 3)  # a Tuesday, a working day


@pytest.fixture(autouse=True)
def _frozen_day(request: Any) -> Iterator[None]:
    """Every test runs at 10:00 Moscow time on TODAY unless it travels elsewhere;
    browser tests run on the real clock (the live server sets cookies by it)."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    import time_machine

    with time_machine.travel(on(TODAY), tick=False):
        yield


@pytest.fixture
def mail(settings: Any) -> Iterator[SmtpSink]:
    yield from smtp_server(settings)


@pytest.fixture
def net_service(db: Any) -> Service:
    """A service priced without VAT, for individuals too."""
    return Service.objects.create(
        code="test-net",
        title="Проверочная услуга без НДС",
        description="Для тестов.",
        category=ServiceCategory.objects.get(code="technical"),
        price=Decimal("1000.05"),
        price_includes_vat=False,
        unit="выезд",
        term_working_days=3,
        published_at=timezone.now(),
    )


def order_for(user: User, code: str = SEALING, **overrides: Any) -> ServiceOrder:
    account = user.consumer.accounts.get()  # type: ignore[attr-defined]
    fields: dict[str, Any] = {
        "service_code": code,
        "consumer_account_id": account.pk,
        "supply_point_id": account.supply_points.get().pk,
        "comment": "Позвоните за час до приезда.",
    }
    fields.update(overrides)
    return service_order_create(actor=user, data=ServiceOrderInput(**fields))


@pytest.fixture
def make_order(consumer: User) -> Callable[..., ServiceOrder]:
    def make(code: str = SEALING, user: User | None = None, **kw: Any) -> ServiceOrder:
        return order_for(user or consumer, code, **kw)

    return make


@pytest.fixture
def order(make_order: Callable[..., ServiceOrder]) -> ServiceOrder:
    return make_order()


def advance(order: ServiceOrder, actor: User, to: str) -> ServiceOrder:
    """Move an order through the happy path up to status `to` (staff actions)."""
    steps = ["invoiced", "paid", "scheduled"]
    for step in steps[: steps.index(to) + 1]:
        if step == "invoiced":
            order = service_order_invoice(actor=actor, order=order)
        elif step == "paid":
            order = service_order_record_payment(actor=actor, order=order)
        else:
            day = timezone.localdate()
            order = service_order_schedule(
                actor=actor,
                order=order,
                day=day,
                window_start=time(9),
                window_end=time(23, 30),
            )
    return order


def on(day: date, hour: int = 10) -> Any:
    """A moment in Moscow time, for time_machine."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(
        day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/Moscow")
    )
