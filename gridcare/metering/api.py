"""Meter readings over HTTP (mounted at /api/v1/metering): the mobile app today, the
chatbot and the IVR through the same service tomorrow.

Every endpoint: input → `meter_get_for_user` (404 for others' meters) or a selector →
`reading_submit` → response. A submission runs through `idempotent_response`: a retry
with the same Idempotency-Key returns the first answer and stores nothing new."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.metering.models import Meter, MeterReading, ReadingSource
from gridcare.metering.rules import WindowState, moscow_today, window_state_for
from gridcare.metering.schemas import (
    ConsumptionOut,
    MeteringMeterOut,
    MeterPageOut,
    ReadingIn,
    ReadingOut,
    ReadingPageOut,
)
from gridcare.metering.selectors import (
    consumption_by_month,
    last_readings,
    meter_get_for_user,
    meters_for_consumer,
    reading_list_for_meter,
)
from gridcare.metering.services import reading_submit

router = Router(tags=["Показания приборов учёта"])


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def reading_out(meter: Meter, reading: MeterReading) -> dict[str, Any]:
    return {
        "id": reading.pk,
        "meter_id": meter.pk,
        "taken_on": reading.taken_on,
        "values": [
            {
                "zone": code,
                "label": label,
                "value": _amount(reading.value(code)),
                "consumption": _amount(reading.zone_consumption(code)),
            }
            for code, label in meter.zones
        ],
        "consumption": _amount(reading.consumption),
        "source": reading.source,
        "source_label": reading.get_source_display(),
        "submitted_at": reading.submitted_at,
    }


def meter_out(
    meter: Meter, *, window: WindowState, last: MeterReading | None
) -> dict[str, Any]:
    point = meter.supply_point
    address = point.building.full_address
    if point.premises:
        address += f", пом. {point.premises}"
    return {
        "id": meter.pk,
        "serial_number": meter.serial_number,
        "model": meter.model,
        "tariff_zones": meter.tariff_zones,
        "zones": [{"code": c, "label": label} for c, label in meter.zones],
        "is_remote": meter.is_remote,
        "installed_on": meter.installed_on,
        "digits_whole": meter.digits_whole,
        "digits_fraction": meter.digits_fraction,
        "supply_point": {
            "id": point.pk,
            "code": point.code,
            "address": address,
            "account_number": point.account.number,
        },
        "window": {
            "day_from": window.day_from,
            "day_to": window.day_to,
            "is_open": window.is_open,
            "opens_on": window.opens_on,
            "closes_on": window.closes_on,
        },
        "accepts_readings": (
            not meter.is_remote and meter.removed_on is None and window.is_open
        ),
        "last_reading": reading_out(meter, last) if last else None,
    }


def _windows(meters: list[Meter], today: date) -> dict[int, WindowState]:
    branches = {m.supply_point.account.branch_id for m in meters}
    return {b: window_state_for(branch_id=b, today=today) for b in branches}


@router.get("/meters", response={200: MeterPageOut, **errors(401, 422)})
def list_meters(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Мои приборы учёта (установленные) с окном приёма и последними показаниями.

    Потребитель видит приборы учёта своих лицевых счетов; у сотрудника список пуст."""
    consumer = getattr(request.auth, "consumer", None)  # type: ignore[attr-defined]
    result = paginate(meters_for_consumer(consumer), page)
    meters = result["items"]
    today = moscow_today()
    windows = _windows(meters, today)
    last = last_readings(meters)
    result["items"] = [
        meter_out(
            m,
            window=windows[m.supply_point.account.branch_id],
            last=last.get(m.pk),
        )
        for m in meters
    ]
    return result


@router.get("/meters/{meter_id}", response={200: MeteringMeterOut, **errors(401, 404)})
def get_meter(request: HttpRequest, meter_id: int) -> dict[str, Any]:
    """Прибор учёта: зоны, окно приёма, последние показания."""
    meter = meter_get_for_user(user=request.auth, meter_id=meter_id)  # type: ignore[attr-defined]
    window = window_state_for(
        branch_id=meter.supply_point.account.branch_id, today=moscow_today()
    )
    return meter_out(meter, window=window, last=last_readings([meter]).get(meter.pk))


@router.get(
    "/meters/{meter_id}/readings",
    response={200: ReadingPageOut, **errors(401, 404, 422)},
)
def list_meter_readings(
    request: HttpRequest, meter_id: int, page: Query[PageIn]
) -> dict[str, Any]:
    """История принятых показаний прибора учёта, новые первыми."""
    meter = meter_get_for_user(user=request.auth, meter_id=meter_id)  # type: ignore[attr-defined]
    result = paginate(reading_list_for_meter(meter=meter), page)
    result["items"] = [reading_out(meter, r) for r in result["items"]]
    return result


@router.get(
    "/meters/{meter_id}/consumption",
    response={200: ConsumptionOut, **errors(401, 404)},
)
def list_meter_consumption(request: HttpRequest, meter_id: int) -> dict[str, Any]:
    """Расход по месяцам за последние 12 месяцев (по дате снятия показаний)."""
    meter = meter_get_for_user(user=request.auth, meter_id=meter_id)  # type: ignore[attr-defined]
    series = consumption_by_month(meter=meter, today=moscow_today())
    return {
        "items": [
            {"month": m.month.strftime("%Y-%m"), "kwh": _amount(m.kwh)} for m in series
        ]
    }


@router.post(
    "/meters/{meter_id}/readings",
    response={201: ReadingOut, **errors(400, 401, 403, 404, 422)},
    openapi_extra=idempotency_openapi(),
)
def submit_meter_reading(
    request: HttpRequest, meter_id: int, payload: ReadingIn
) -> HttpResponse:
    """Передать показания прибора учёта.

    Проверки: прибор не подключён к ИСУ и не снят; окно приёма открыто (по Москве);
    указаны все зоны, цифр не больше, чем на табло; показания не меньше предыдущих
    этого прибора; расход правдоподобен для максимальной мощности точки поставки.
    Отказ — ошибка 400 с кодом (`meter_remote`, `reading_window_closed`,
    `reading_zone_missing`, `reading_value_invalid`, `reading_value_too_long`,
    `reading_lower_than_previous`, `reading_implausible_jump`,
    `reading_already_accepted`, `reading_date_invalid`) и объяснением с числами.
    Потребитель передаёт через канал `mobile_app`, сотрудник — `operator`."""
    user = request.auth  # type: ignore[attr-defined]
    meter = meter_get_for_user(user=user, meter_id=meter_id)
    source = (
        ReadingSource.MOBILE_APP
        if getattr(user, "is_consumer", False)
        else ReadingSource.OPERATOR
    )

    def run() -> tuple[int, Any]:
        reading = reading_submit(
            meter=meter,
            values=payload.values,
            source=source,
            submitted_by=user,
            taken_on=payload.taken_on,
        )
        return 201, ReadingOut.model_validate(reading_out(meter, reading))

    return idempotent_response(
        request,
        operation=f"submit_meter_reading:{meter_id}",
        payload=payload,
        create=run,
    )
