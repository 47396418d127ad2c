"""Writes of metering: accepting a meter reading from any channel.

`reading_submit` is the one code path for the personal account, the mobile app, the
chatbot, the IVR («показания с клавиатуры телефона»), office and contact-centre staff
and the smart-metering system. Every refusal is a `ReadingRefused` (an
`ApplicationError`) whose Russian message explains the numbers behind it; a refused
reading is not stored and changes nothing."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.core.errors import NotFoundError, PermissionDeniedError
from gridcare.metering.models import (
    SELF_SERVICE_SOURCES,
    STAFF_SOURCES,
    ZONE_CODES,
    Meter,
    MeterReading,
    ReadingSource,
)
from gridcare.metering.rules import (
    moscow_today,
    reading_limit_for,
    reading_window_for,
    window_state,
)
from gridcare.metering.values import (
    CENT,
    ReadingRefused,
    format_kwh,
    format_value,
    parse_value,
)

# Staff register a reading on a consumer's behalf with the right to register an
# appeal on their behalf (roles.py has no metering right yet; see the domain doc).
STAFF_SUBMIT_RIGHT = Right.METER_READING_REGISTER
HOURS_PER_DAY = 24


def _d(day: date) -> str:
    return date_format(day, "d.m.Y")


def _source(source: str) -> ReadingSource:
    try:
        return ReadingSource(source)
    except ValueError:
        raise ReadingRefused(
            _("Неизвестный канал передачи показаний: %(source)s.") % {"source": source},
            code="reading_source_invalid",
        ) from None


def _check_sender(meter: Meter, source: ReadingSource, submitted_by: Any) -> None:
    """A consumer submits only for their own meters and only through self-service
    channels; staff channels need the staff right; the IVR, the chatbot and the
    smart-metering system may act without a login (they identified the consumer)."""
    if submitted_by is not None and getattr(submitted_by, "is_consumer", False):
        if meter.supply_point.account.consumer.user_id != submitted_by.pk:
            raise NotFoundError(_("Прибор учёта не найден."))
        if source not in SELF_SERVICE_SOURCES:
            raise PermissionDeniedError(
                _(
                    "Потребитель передаёт показания только через каналы самообслуживания."
                )
            )
        return
    if source in STAFF_SOURCES and not has_right(submitted_by, STAFF_SUBMIT_RIGHT):
        raise PermissionDeniedError()


def _check_meter(meter: Meter, source: ReadingSource) -> None:
    if meter.is_remote and source != ReadingSource.REMOTE:
        raise ReadingRefused(
            _(
                "Прибор учёта № %(serial)s подключён к интеллектуальной системе учёта "
                "(ИСУ): показания передаются автоматически, передавать их вручную не "
                "нужно."
            )
            % {"serial": meter.serial_number},
            code="meter_remote",
        )
    if not meter.is_remote and source == ReadingSource.REMOTE:
        raise ReadingRefused(
            _("Прибор учёта № %(serial)s не подключён к ИСУ.")
            % {"serial": meter.serial_number},
            code="meter_not_remote",
        )
    if meter.removed_on is not None:
        raise ReadingRefused(
            _(
                "Прибор учёта № %(serial)s снят %(date)s: показания по нему не "
                "принимаются. Передайте показания нового прибора учёта."
            )
            % {"serial": meter.serial_number, "date": _d(meter.removed_on)},
            code="meter_removed",
        )


def _check_window(meter: Meter, source: ReadingSource, today: date) -> date | None:
    """Refuse outside the acceptance window; return the window's first day for a
    self-service channel (readings may not be dated before it), else None."""
    if source == ReadingSource.REMOTE:
        return None
    window = reading_window_for(
        branch_id=meter.supply_point.account.branch_id, on=today
    )
    if source in STAFF_SOURCES and window.staff_outside_window:
        return None
    state = window_state(window, today=today)
    if not state.is_open:
        raise ReadingRefused(
            _(
                "Показания принимаются с %(day_from)s по %(day_to)s число каждого "
                "месяца (по московскому времени). Сегодня, %(today)s, приём закрыт; "
                "следующий приём — с %(opens)s по %(closes)s."
            )
            % {
                "day_from": state.day_from,
                "day_to": state.day_to,
                "today": _d(today),
                "opens": _d(state.opens_on),
                "closes": _d(state.closes_on),
            },
            code="reading_window_closed",
            extra={
                "day_from": state.day_from,
                "day_to": state.day_to,
                "opens_on": state.opens_on.isoformat(),
                "closes_on": state.closes_on.isoformat(),
            },
        )
    return state.opens_on if source in SELF_SERVICE_SOURCES else None


def _zone_key(key: object) -> str:
    text = str(key).strip().lower().replace("т", "t")  # Cyrillic «Т1» as typed
    return f"t{text}" if text.isdigit() else text


def _parse_values(meter: Meter, values: dict[Any, Any]) -> dict[str, Decimal]:
    """One value for every zone of the meter, nothing else."""
    labels = dict(meter.zones)
    given = {_zone_key(k): v for k, v in values.items()}
    unknown = [k for k in given if k not in labels]
    if unknown:
        raise ReadingRefused(
            _(
                "У прибора учёта № %(serial)s тарифных зон: %(count)s (%(zones)s); "
                "зоны %(unknown)s у него нет."
            )
            % {
                "serial": meter.serial_number,
                "count": meter.tariff_zones,
                "zones": ", ".join(labels.values()),
                "unknown": ", ".join(str(k) for k in unknown),
            },
            code="reading_zone_unknown",
            extra={"zone": unknown[0]},
        )
    parsed = {}
    for zone, label in labels.items():
        raw = given.get(zone)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            message = (
                _(
                    "Не указано показание %(zone)s. Для многотарифного прибора учёта "
                    "нужны показания всех зон: %(zones)s."
                )
                if meter.tariff_zones > 1
                else _("Не указано показание %(zone)s.")
            )
            raise ReadingRefused(
                message % {"zone": label, "zones": ", ".join(labels.values())},
                code="reading_zone_missing",
                extra={"zone": zone},
            )
        parsed[zone] = parse_value(
            raw,
            zone=zone,
            zone_label=label,
            digits_whole=meter.digits_whole,
            digits_fraction=meter.digits_fraction,
        )
    return parsed


def _check_date(
    meter: Meter,
    taken_on: date,
    *,
    today: date,
    earliest: date | None,
    last: MeterReading | None,
) -> None:
    if taken_on > today:
        raise ReadingRefused(
            _("Дата снятия показаний %(date)s ещё не наступила.")
            % {"date": _d(taken_on)},
            code="reading_date_invalid",
        )
    if earliest is not None and taken_on < earliest:
        raise ReadingRefused(
            _(
                "Через этот канал принимаются показания, снятые в текущий период "
                "приёма — не раньше %(earliest)s."
            )
            % {"earliest": _d(earliest)},
            code="reading_date_invalid",
        )
    if meter.installed_on is not None and taken_on < meter.installed_on:
        raise ReadingRefused(
            _("Дата %(date)s раньше установки прибора учёта (%(installed)s).")
            % {"date": _d(taken_on), "installed": _d(meter.installed_on)},
            code="reading_date_invalid",
        )
    if last is None:
        return
    if taken_on == last.taken_on:
        raise ReadingRefused(
            _(
                "Показания прибора учёта № %(serial)s на %(date)s уже приняты. "
                "Если в них ошибка, обратитесь в офис обслуживания или к оператору."
            )
            % {"serial": meter.serial_number, "date": _d(taken_on)},
            code="reading_already_accepted",
        )
    if taken_on < last.taken_on:
        raise ReadingRefused(
            _("Дата %(date)s раньше последних принятых показаний (от %(last)s).")
            % {"date": _d(taken_on), "last": _d(last.taken_on)},
            code="reading_date_invalid",
        )


def _check_not_lower(
    meter: Meter, parsed: dict[str, Decimal], last: MeterReading
) -> None:
    """Readings only grow on the same meter (a replaced meter is a new Meter row,
    whose first reading is not compared with the old one)."""
    labels = dict(meter.zones)
    for zone, value in parsed.items():
        previous = last.value(zone)
        if previous is not None and value < previous:
            raise ReadingRefused(
                _(
                    "Показание %(zone)s %(value)s меньше предыдущего показания "
                    "%(previous)s от %(date)s. Проверьте, правильно ли переписаны "
                    "цифры с табло. Если прибор учёта заменён, сообщите об этом в "
                    "офис обслуживания: показания нового прибора будут учитываться "
                    "отдельно."
                )
                % {
                    "zone": labels[zone],
                    "value": format_value(value, meter.digits_fraction),
                    "previous": format_value(previous, meter.digits_fraction),
                    "date": _d(last.taken_on),
                },
                code="reading_lower_than_previous",
                extra={
                    "zone": zone,
                    "value": str(value),
                    "previous": str(previous),
                    "previous_taken_on": last.taken_on.isoformat(),
                },
            )


@dataclass(frozen=True)
class ConsumptionLimit:
    """The most a point of supply can plausibly use over `days` days, and why."""

    days: int
    per_day: Decimal
    total: Decimal
    max_power_kw: Decimal | None
    load_factor: Decimal
    daily_cap_kwh: Decimal


def consumption_limit(meter: Meter, *, days: int, on: date) -> ConsumptionLimit:
    """max_power_kw × 24 h × `load_factor` a day; without a maximum power, the cap."""
    rule = reading_limit_for(branch_id=meter.supply_point.account.branch_id, on=on)
    power = meter.supply_point.max_power_kw or None
    per_day = (
        power * HOURS_PER_DAY * rule.load_factor if power else rule.daily_cap_kwh
    ).quantize(CENT)
    return ConsumptionLimit(
        days=days,
        per_day=per_day,
        total=(per_day * days).quantize(CENT),
        max_power_kw=power,
        load_factor=rule.load_factor,
        daily_cap_kwh=rule.daily_cap_kwh,
    )


def _check_jump(
    meter: Meter, total: Decimal, *, last: MeterReading, taken_on: date
) -> None:
    days = max((taken_on - last.taken_on).days, 1)
    limit = consumption_limit(meter, days=days, on=taken_on)
    if total <= limit.total:
        return
    numbers = {
        "total": format_kwh(total),
        "days": days,
        "since": _d(last.taken_on),
        "average": format_kwh(total / days),
        "per_day": format_kwh(limit.per_day),
        "limit": format_kwh(limit.total),
        "power": format_kwh(limit.max_power_kw),
        "factor": str(limit.load_factor).replace(".", ","),
    }
    if limit.max_power_kw:
        rule = _(
            "при максимальной мощности точки поставки %(power)s кВт — не более "
            "%(power)s кВт × 24 ч × %(factor)s = %(per_day)s кВт·ч в сутки"
        )
    else:
        rule = _("не более %(per_day)s кВт·ч в сутки")
    raise ReadingRefused(
        (
            _(
                "Расход %(total)s кВт·ч за %(days)s дн. с %(since)s (в среднем "
                "%(average)s кВт·ч в сутки) больше возможного: "
            )
            + rule
            + _(
                ", то есть %(limit)s кВт·ч за %(days)s дн. Проверьте показания: "
                "возможно, введена лишняя цифра. Если показания верны, обратитесь "
                "в офис обслуживания — специалист проверит прибор учёта."
            )
        )
        % numbers,
        code="reading_implausible_jump",
        extra={
            "consumption": str(total),
            "days": days,
            "limit": str(limit.total),
            "limit_per_day": str(limit.per_day),
            "max_power_kw": str(limit.max_power_kw) if limit.max_power_kw else None,
            "load_factor": str(limit.load_factor),
        },
    )


def reading_submit(
    *,
    meter: Meter,
    values: dict[Any, str | Decimal],
    source: str,
    submitted_by: Any,
    taken_on: date | None = None,
) -> MeterReading:
    """Accept a reading of `meter` sent through `source` and return it.

    `values` maps each tariff zone («t1», «t2», «t3»; «1»/«Т1» also understood) to
    its value as typed or a Decimal. The meter must have been looked up for the
    sender (`meter_get_for_user`, or by account for the IVR and the chatbot);
    `submitted_by` is the user or None for an unattended channel. Checks, in order:
    sender and channel; remote or removed meter; acceptance window (Moscow time;
    staff channels may be exempt, see `ReadingWindow.staff_outside_window`); every
    zone present and fitting the dial; the date; not lower than the meter's previous
    reading; consumption within the plausibility limit. Raises `ReadingRefused`
    (an `ApplicationError`) with the explanation; nothing is stored then."""
    channel = _source(source)
    today = moscow_today()
    with transaction.atomic():
        # The lock serialises submissions for one meter: each compares itself with
        # the reading the previous one stored.
        meter = (
            Meter.objects.select_for_update(of=("self",))
            .select_related("supply_point__account")
            .get(pk=meter.pk)
        )
        _check_sender(meter, channel, submitted_by)
        _check_meter(meter, channel)
        earliest = _check_window(meter, channel, today)
        parsed = _parse_values(meter, values)
        last = meter.readings.order_by("-taken_on", "-id").first()
        day = taken_on or today
        _check_date(meter, day, today=today, earliest=earliest, last=last)
        consumption: dict[str, Decimal | None] = dict.fromkeys(ZONE_CODES)
        total = None
        if last is not None:
            _check_not_lower(meter, parsed, last)
            for zone, value in parsed.items():
                consumption[zone] = value - (last.value(zone) or Decimal(0))
            total = sum((c for c in consumption.values() if c is not None), Decimal(0))
            _check_jump(meter, total, last=last, taken_on=day)
        return MeterReading.objects.create(
            meter=meter,
            taken_on=day,
            value_t1=parsed["t1"],
            value_t2=parsed.get("t2"),
            value_t3=parsed.get("t3"),
            consumption_t1=consumption["t1"],
            consumption_t2=consumption["t2"],
            consumption_t3=consumption["t3"],
            consumption=total,
            source=channel,
            submitted_by=submitted_by,
        )
