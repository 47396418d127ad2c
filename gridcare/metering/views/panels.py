"""What a page shows about one meter: the window, the last reading, the form, the
history and the chart. Shared by the personal account and the back office."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gridcare.metering.charts import BarChart, consumption_chart
from gridcare.metering.forms import ReadingForm
from gridcare.metering.models import Meter, MeterReading
from gridcare.metering.rules import WindowState, window_state_for
from gridcare.metering.selectors import (
    MonthConsumption,
    consumption_by_month,
    reading_list_for_meter,
)
from gridcare.metering.values import format_kwh, format_value

HISTORY_ROWS = 24


@dataclass(frozen=True)
class HistoryRow:
    taken_on: date
    values: list[tuple[str, str]]  # (zone label, value)
    consumption: str
    source: str
    reading: MeterReading


@dataclass(frozen=True)
class MeterPanel:
    meter: Meter
    window: WindowState
    last: HistoryRow | None
    note: str  # why the form is not offered, or ""
    form: ReadingForm | None
    history: list[HistoryRow]
    chart: BarChart
    months: list[tuple[str, str]]  # (month, kWh) — the chart's table


def history_row(meter: Meter, reading: MeterReading) -> HistoryRow:
    return HistoryRow(
        taken_on=reading.taken_on,
        values=[
            (label, format_value(reading.value(code), meter.digits_fraction))
            for code, label in meter.zones
        ],
        consumption=format_kwh(reading.consumption),
        source=reading.get_source_display(),
        reading=reading,
    )


def _note(meter: Meter, window: WindowState) -> str:
    if meter.is_remote:
        return _(
            "Прибор учёта подключён к интеллектуальной системе учёта (ИСУ): "
            "показания передаются автоматически."
        )
    if not window.is_open:
        return _(
            "Сейчас приём показаний закрыт. Следующий приём — с %(opens)s по "
            "%(closes)s."
        ) % {
            "opens": date_format(window.opens_on, "d.m.Y"),
            "closes": date_format(window.closes_on, "d.m.Y"),
        }
    return ""


def _months(series: list[MonthConsumption]) -> list[tuple[str, str]]:
    return [
        (
            date_format(m.month, "F Y"),
            format_kwh(m.kwh) if m.kwh is not None else _("нет показаний"),
        )
        for m in series
    ]


def meter_panel(
    meter: Meter,
    *,
    today: date,
    form: ReadingForm | None,
    staff: bool = False,
) -> MeterPanel:
    """Lay out one meter; `form` is offered when readings can be taken now (staff
    are offered it outside the window when the window allows them)."""
    window = window_state_for(
        branch_id=meter.supply_point.account.branch_id, today=today
    )
    readings = list(reading_list_for_meter(meter=meter)[:HISTORY_ROWS])
    history = [history_row(meter, r) for r in readings]
    note = _note(meter, window)
    if staff and not meter.is_remote and window.staff_outside_window:
        note = ""
    if meter.removed_on is not None:
        note = _("Прибор учёта снят %(date)s.") % {
            "date": date_format(meter.removed_on, "d.m.Y")
        }
    series = consumption_by_month(meter=meter, today=today)
    return MeterPanel(
        meter=meter,
        window=window,
        last=history[0] if history else None,
        note=note,
        # A refused submission keeps its form, so the refusal is shown where it was.
        form=form if form is not None and (form.is_bound or not note) else None,
        history=history,
        chart=consumption_chart(series),
        months=_months(series),
    )
