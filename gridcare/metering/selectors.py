"""Reads of metering. Every page and endpoint reaches a meter through
`meter_get_for_user`, so who may see which meter is decided here only."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.consumers.models import Consumer
from gridcare.consumers.selectors import consumer_list_visible
from gridcare.core.errors import NotFoundError
from gridcare.metering.models import Meter, MeterReading

_METER_RELATED = (
    "supply_point__account__consumer",
    "supply_point__account__branch",
    "supply_point__building__settlement",
    "supply_point__building__street",
)


def _with_last_reading(meters: QuerySet[Meter]) -> QuerySet[Meter]:
    last = MeterReading.objects.filter(meter=OuterRef("pk")).order_by(
        "-taken_on", "-id"
    )
    return meters.annotate(last_reading_id=Subquery(last.values("id")[:1]))


def meters_for_consumer(
    consumer: Consumer | None, *, include_removed: bool = False
) -> QuerySet[Meter]:
    """Return the consumer's meters (installed ones unless `include_removed`), by
    point of supply, each annotated with `last_reading_id`."""
    if consumer is None:
        return Meter.objects.none()
    meters = Meter.objects.filter(supply_point__account__consumer=consumer)
    if not include_removed:
        meters = meters.filter(removed_on__isnull=True)
    return _with_last_reading(
        meters.select_related(*_METER_RELATED).order_by(
            "supply_point__account__number", "supply_point__code", "serial_number", "id"
        )
    )


def meter_list_visible(*, user: object) -> QuerySet[Meter]:
    """Return the meters the user may see: a consumer their own; staff with the
    consumer-view right the meters of the consumers they may open; nobody else any."""
    if getattr(user, "is_consumer", False):
        return Meter.objects.filter(supply_point__account__consumer__user=user)
    if has_right(user, Right.CONSUMER_VIEW):
        return Meter.objects.filter(
            supply_point__account__consumer__in=consumer_list_visible(user=user)
        )
    return Meter.objects.none()


def meter_get_for_user(*, user: object, meter_id: int) -> Meter:
    """Return the meter if the user may see it (with its point of supply, account and
    consumer, and `last_reading_id`); else NotFoundError, never telling which."""
    meter = (
        _with_last_reading(
            meter_list_visible(user=user).select_related(*_METER_RELATED)
        )
        .filter(pk=meter_id)
        .first()
    )
    if meter is None:
        raise NotFoundError(_("Прибор учёта не найден."))
    return meter


def last_readings(meters: list[Meter]) -> dict[int, MeterReading]:
    """The last reading of each meter annotated by a selector above, by meter id."""
    ids = [m.last_reading_id for m in meters if getattr(m, "last_reading_id", None)]
    readings = MeterReading.objects.in_bulk(ids)
    return {r.meter_id: r for r in readings.values()}


def reading_list_for_meter(*, meter: Meter) -> QuerySet[MeterReading]:
    """Return the meter's accepted readings, newest first (stable on equal dates)."""
    return (
        MeterReading.objects.filter(meter=meter)
        .select_related("submitted_by")
        .order_by("-taken_on", "-id")
    )


@dataclass(frozen=True)
class MonthConsumption:
    """Consumption attributed to a month: the readings taken in it (each reading
    carries the consumption since the previous one). None: no reading that month."""

    month: date  # the first day of the month
    kwh: Decimal | None


def _months_back(today: date, months: int) -> list[date]:
    first = []
    year, month = today.year, today.month
    for _step in range(months):
        first.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(first))


def consumption_by_month(
    *, meter: Meter, today: date, months: int = 12
) -> list[MonthConsumption]:
    """Return the meter's consumption for each of the last `months` months up to
    `today`, oldest first."""
    periods = _months_back(today, months)
    rows = MeterReading.objects.filter(
        meter=meter,
        taken_on__gte=periods[0],
        taken_on__lte=today,
        consumption__isnull=False,
    ).values_list("taken_on", "consumption")
    totals: dict[date, Decimal] = {}
    for taken_on, kwh in rows:
        key = taken_on.replace(day=1)
        totals[key] = totals.get(key, Decimal(0)) + kwh
    return [MonthConsumption(month=m, kwh=totals.get(m)) for m in periods]
