"""Demo data: a year of plausible monthly readings for the manual meters of the demo
consumers (development data only; called by the demo command).

Readings are taken on a day inside the default window every month, with seasonal
household consumption (more in winter), split between zones like a real two- or
three-zone meter. They are inserted directly (bulk) with the consumption computed
the way `reading_submit` computes it, so the history looks as if each had been
accepted through the personal account."""

import random
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction

from gridcare.metering.models import Meter, MeterReading, ReadingSource
from gridcare.metering.rules import moscow_today
from gridcare.metering.values import CENT

# Share of a month's consumption by zone (two zones: day/night; three: peak/night/
# half-peak) and a seasonal factor by month (January first).
_ZONE_SHARES = {
    1: (Decimal(1),),
    2: (Decimal("0.7"), Decimal("0.3")),
    3: (Decimal("0.25"), Decimal("0.3"), Decimal("0.45")),
}
_SEASON = (1.45, 1.35, 1.15, 0.95, 0.8, 0.75, 0.8, 0.8, 0.9, 1.05, 1.25, 1.45)
_SOURCES = (
    ReadingSource.PERSONAL_ACCOUNT,
    ReadingSource.PERSONAL_ACCOUNT,
    ReadingSource.MOBILE_APP,
    ReadingSource.IVR,
    ReadingSource.CHATBOT,
    ReadingSource.OFFICE,
)
BATCH_SIZE = 2000


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _readings_for(
    meter: Meter, rng: random.Random, *, today: date, months: int
) -> list[MeterReading]:
    monthly = Decimal(rng.randint(80, 450))  # kWh in an average month
    shares = _ZONE_SHARES[meter.tariff_zones]
    values = [Decimal(rng.randint(1_000, 40_000)) + Decimal(rng.randint(0, 99)) / 100]
    values += [v * Decimal("0.4") for v in values * (len(shares) - 1)]
    values = [v.quantize(CENT) for v in values]
    rows: list[MeterReading] = []
    previous: list[Decimal] | None = None
    for back in range(months, 0, -1):
        first = _month_start(today, back)
        taken_on = first.replace(day=rng.randint(15, 26))
        if meter.installed_on and taken_on < meter.installed_on:
            continue
        if previous is not None:
            used = monthly * Decimal(str(_SEASON[taken_on.month - 1]))
            used *= Decimal(rng.randint(85, 115)) / 100
            values = [
                (v + used * share).quantize(CENT)
                for v, share in zip(values, shares, strict=True)
            ]
        consumption = (
            [v - p for v, p in zip(values, previous, strict=True)] if previous else None
        )
        zone_values = values + [None] * (3 - len(values))
        zone_used = (consumption or []) + [None] * (3 - len(consumption or []))
        rows.append(
            MeterReading(
                meter=meter,
                taken_on=taken_on,
                value_t1=zone_values[0],
                value_t2=zone_values[1],
                value_t3=zone_values[2],
                consumption_t1=zone_used[0],
                consumption_t2=zone_used[1],
                consumption_t3=zone_used[2],
                consumption=sum(consumption, Decimal(0)) if consumption else None,
                source=rng.choice(_SOURCES),
            )
        )
        previous = list(values)
    return rows


def load_demo_readings(
    *,
    seed: int,
    today: date | None = None,
    months: int = 12,
    consumer_ids: Iterable[int] | None = None,
) -> int:
    """Add `months` monthly readings (up to last month) to every installed manual
    meter without readings of the demo consumers — by default those with a portal
    login — and return how many readings were added. Deterministic for a seed."""
    rng = random.Random(seed)
    today = today or moscow_today()
    meters = Meter.objects.filter(
        is_remote=False, removed_on__isnull=True, readings__isnull=True
    )
    if consumer_ids is not None:
        meters = meters.filter(
            supply_point__account__consumer_id__in=list(consumer_ids)
        )
    else:
        meters = meters.filter(supply_point__account__consumer__user__isnull=False)
    rows: list[MeterReading] = []
    for meter in meters.order_by("id").iterator():
        rows += _readings_for(meter, rng, today=today, months=months)
    with transaction.atomic():
        MeterReading.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
