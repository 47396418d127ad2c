"""Operators of the contact centre for routing and desk tests: each with skills and a
status set on a simulated clock (T0 = 16.03.2026 09:00 Moscow time)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gridcare.accounts.models import Role, User
from gridcare.conftest import PASSWORD
from gridcare.contact_centre.models import OperatorProfile, RoutingRule
from gridcare.contact_centre.services import operator_status_set

T0 = datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Europe/Moscow"))


def at(seconds: float) -> datetime:
    """T0 plus `seconds`."""
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def no_overflow(db: Any) -> None:
    """Routing without the seeded overflow rules (tests add their own)."""
    RoutingRule.objects.all().delete()


@pytest.fixture
def make_operator(db: Any) -> Callable[..., User]:
    """An operator with a profile; `ready_at` (seconds after T0) sets READY then."""

    def make(
        name: str,
        *,
        topics: list[str] | None = None,
        segments: list[str] | None = None,
        languages: list[str] | None = None,
        ready_at: float | None = None,
        **capacity: int,
    ) -> User:
        user = User.objects.create_user(
            email=f"{name.lower()}@gridcare.test",
            password=PASSWORD,
            role=Role.OPERATOR,
            full_name=name,
        )
        OperatorProfile.objects.create(
            user=user,
            topics=topics if topics is not None else ["metering", "general"],
            segments=segments or ["individual", "legal"],
            languages=languages or ["ru"],
            **capacity,
        )
        if ready_at is not None:
            operator_status_set(user, "ready", at=at(ready_at))
        return user

    return make
