"""A generated registry for report tests: appeals of two years with every dimension
varied, written with bulk_create (bypassing services, as loaders do)."""

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from gridcare.appeals.codes import (
    DEFAULT_SERVICE_FORM,
    Category,
    Channel,
    Kind,
    Regime,
    ServiceRequestType,
    Status,
    Topic,
)
from gridcare.appeals.models import Appeal
from gridcare.reports.aggregates import MOSCOW
from gridcare.territory.models import Branch

STATUSES = [
    Status.REGISTERED,
    Status.IN_WORK,
    Status.ANSWERED,
    Status.CLOSED,
    Status.CLOSED,
    Status.FORWARDED,
    Status.NEW,
]


def registry_build(
    *,
    count: int,
    years: tuple[int, ...],
    branches: list[Branch],
    seed: int = 7,
    start_id: int = 0,
) -> list[Appeal]:
    """`count` appeals spread over the given years with random dimensions."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        year = rng.choice(years)
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        received = datetime(
            day.year,
            day.month,
            day.day,
            rng.randrange(24),
            rng.randrange(60),
            tzinfo=MOSCOW,
        )
        channel = rng.choice(Channel.values)
        status = rng.choice(STATUSES)
        kind = rng.choice(Kind.values)
        has_complaint = kind == Kind.COMPLAINT or rng.random() < 0.1
        has_request = kind == Kind.SERVICE_REQUEST
        answered = status in {Status.ANSWERED, Status.CLOSED}
        due = received + timedelta(days=30)
        out.append(
            Appeal(
                number=None if status == Status.NEW else f"T{start_id + i:07d}",
                channel=channel,
                service_form=DEFAULT_SERVICE_FORM[channel],
                category=rng.choice(Category.values),
                kind=kind,
                topic=rng.choice(Topic.values),
                regime=Regime.WRITTEN,
                has_complaint=has_complaint,
                has_service_request=has_request,
                service_request_type=rng.choice(ServiceRequestType.values)
                if has_request
                else "",
                led_to_connection_contract=rng.random() < 0.05,
                led_to_transmission_contract=rng.random() < 0.03,
                complaint_settled=has_complaint and rng.random() < 0.5,
                status=status,
                contact_name="Тестовый заявитель",
                text="Текст обращения",
                received_at=received.astimezone(UTC),
                registered_at=None if status == Status.NEW else received,
                due_at=due,
                answered_at=received + timedelta(days=rng.choice([2, 10, 29, 35, 60]))
                if answered
                else None,
                rating=rng.choice([None, None, 1, 2, 3, 4, 5]) if answered else None,
                branch=rng.choice([*branches, None]),
            )
        )
    return Appeal.objects.bulk_create(out)


@pytest.fixture
def registry(branch: Branch, other_branch: Branch) -> Callable[..., list[Appeal]]:
    def make(**kwargs: Any) -> list[Appeal]:
        kwargs.setdefault("branches", [branch, other_branch])
        return registry_build(**kwargs)

    return make
