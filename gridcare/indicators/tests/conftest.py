"""Fixtures of the indicators tests: points of supply per voltage level and restored
outages written straight into the registry (the outage services are tested in their
app; here only the records matter)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from gridcare.calendars.terms import MOSCOW
from gridcare.consumers.models import Consumer, ConsumerAccount, SupplyPoint
from gridcare.indicators.models import SupplyPointCount
from gridcare.outages.models import (
    ExclusionClass,
    Outage,
    OutageKind,
    OutageStatus,
    OutageSupplyPoint,
)
from gridcare.territory.models import Branch, Building, DistrictGridUnit


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)  # type: ignore[misc]


@pytest.fixture
def make_points(
    make_building: Callable[[str], Building], district_unit: DistrictGridUnit
) -> Callable[[str, int], list[SupplyPoint]]:
    consumer = Consumer.objects.create(name="ООО «Тест»")
    account = ConsumerAccount.objects.create(
        number="1699999999", consumer=consumer, branch=district_unit.branch
    )
    building = make_building("50")
    made = {"n": 0}

    def make(level: str, count: int) -> list[SupplyPoint]:
        points = []
        for _ in range(count):
            made["n"] += 1
            points.append(
                SupplyPoint.objects.create(
                    account=account,
                    code=f"TP-{level}-{made['n']}",
                    building=building,
                    district_unit=district_unit,
                    voltage_level=level,
                    max_power_kw=Decimal("10.00"),
                )
            )
        return points

    return make


@pytest.fixture
def make_outage(branch: Branch) -> Callable[..., Outage]:
    def make(
        *,
        start: datetime,
        end: datetime | None,
        points: list[SupplyPoint] = (),  # type: ignore[assignment]
        kind: str = OutageKind.UNPLANNED,
        cause: str = "equipment_failure",
        voltage_level: str = "SN2",
        exclusion_class: str = "",
        notice_sent_at: datetime | None = None,
        **extra: Any,
    ) -> Outage:
        planned = kind == OutageKind.PLANNED
        outage = Outage.objects.create(
            kind=kind,
            status=OutageStatus.RESTORED if end else OutageStatus.IN_PROGRESS,
            cause=cause,
            cause_text="Тест",
            branch=branch,
            voltage_level=voltage_level,
            planned_start=start if planned else None,
            planned_end=(end or start + timedelta(hours=1)) if planned else None,
            started_at=start,
            ended_at=end,
            exclusion_class=ExclusionClass.objects.get(code=exclusion_class)
            if exclusion_class
            else None,
            notice_sent_at=notice_sent_at,
            points_cut_off=extra.pop("points_cut_off", len(points)),
            **extra,
        )
        for point in points:
            OutageSupplyPoint.objects.create(
                outage=outage, supply_point=point, voltage_level=point.voltage_level
            )
        return outage

    return make


# The hand-computed example of test_reliability.py (its docstring has the sums).
@pytest.fixture
def example(make_points, make_outage):
    nn = make_points("NN", 10)
    sn2 = make_points("SN2", 3)
    sn1 = make_points("SN1", 1)
    for level, points in (("NN", 40), ("SN2", 8), ("SN1", 2), ("VN", 0)):
        SupplyPointCount.objects.create(year=2025, voltage_level=level, points=points)
    out = {}
    out["A"] = make_outage(
        start=msk(2025, 3, 5, 10),
        end=msk(2025, 3, 5, 12, 30),
        points=nn[:4],
        voltage_level="NN",
    )
    out["B"] = make_outage(
        start=msk(2025, 3, 20, 23),
        end=msk(2025, 3, 21, 1, 15),
        points=[*nn[:2], sn2[0]],
    )
    out["C"] = make_outage(
        kind="planned",
        cause="planned_repair",
        start=msk(2025, 6, 10, 9),
        end=msk(2025, 6, 10, 13),
        points=nn[4:10],
        notice_sent_at=msk(2025, 6, 7, 9),
    )
    out["D"] = make_outage(
        cause="consumer_request",
        start=msk(2025, 7, 1, 8),
        end=msk(2025, 7, 1, 9),
        points=nn[2:3],
    )
    out["E"] = make_outage(
        exclusion_class="force_majeure",
        start=msk(2025, 8, 1, 0),
        end=msk(2025, 8, 1, 5),
        points=sn2,
    )
    out["F"] = make_outage(
        start=msk(2025, 9, 1, 10),
        end=msk(2025, 9, 1, 10, 2),
        points=sn1,
        voltage_level="SN1",
    )
    out["G"] = make_outage(
        start=msk(2024, 12, 31, 22), end=msk(2025, 1, 1, 3), points=nn[:4]
    )
    out["H"] = make_outage(start=msk(2025, 10, 1, 8), end=None, points=nn[:4])
    return out
