"""The monthly consumption chart as server-side SVG geometry: bars, a rounded scale
and Russian month labels. The template draws it; no JavaScript is involved and the
same numbers are given as a table beside it."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from gridcare.metering.selectors import MonthConsumption
from gridcare.metering.values import format_kwh

WIDTH = 640
HEIGHT = 240
LEFT = 72  # room for the scale labels
BOTTOM = 28  # room for the month labels
TOP = 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label_x: float
    month: str  # «ноя 2026»
    short: str  # «ноя»
    value: str  # «123,45 кВт·ч» or «нет показаний»
    is_empty: bool


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    plot_bottom: float
    bars: list[Bar]
    ticks: list[Tick]
    has_data: bool


def _nice_top(peak: Decimal) -> Decimal:
    """The scale's top: 1, 2 or 5 times a power of ten, at least the peak."""
    if peak <= 0:
        return Decimal(10)
    magnitude = Decimal(10) ** (len(str(int(peak))) - 1)
    for step in (1, 2, 5, 10):
        if peak <= step * magnitude:
            return Decimal(step) * magnitude
    return 10 * magnitude


def consumption_chart(series: list[MonthConsumption]) -> BarChart:
    """Lay out one bar per month; months without readings get an empty slot."""
    peak = max((m.kwh for m in series if m.kwh is not None), default=Decimal(0))
    top = _nice_top(peak)
    plot_height = HEIGHT - TOP - BOTTOM
    plot_bottom = float(HEIGHT - BOTTOM)
    slot = (WIDTH - LEFT) / max(len(series), 1)
    bars = []
    for index, item in enumerate(series):
        kwh = item.kwh or Decimal(0)
        height = float(kwh / top) * plot_height if top else 0.0
        short = str(MONTHS_3[item.month.month])
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.15, 1),
                y=round(plot_bottom - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label_x=round(LEFT + index * slot + slot / 2, 1),
                month=f"{short} {item.month.year}",
                short=short,
                value=_("%(kwh)s кВт·ч") % {"kwh": format_kwh(item.kwh)}
                if item.kwh is not None
                else _("нет показаний"),
                is_empty=item.kwh is None,
            )
        )
    ticks = [
        Tick(
            y=round(plot_bottom - plot_height * i / 4, 1),
            label=format_kwh(top * i / 4).removesuffix(",00"),
        )
        for i in range(5)
    ]
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        plot_bottom=plot_bottom,
        bars=bars,
        ticks=ticks,
        has_data=any(m.kwh is not None for m in series),
    )
