"""The monthly form 8.1 (Приложение 8 to № 1256; monthly ✅ [R20]): one row per
interruption of the month, columns as `Form81Column` rows (layout ❓), and a summary of
Пsaidi/Пsaifi per voltage level for the month with the year's N_max. Reads only."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gridcare.indicators.models import Form81Column
from gridcare.indicators.models.form81 import Form81Field
from gridcare.indicators.periods import month_period
from gridcare.indicators.reliability import (
    ProtocolRow,
    ReliabilityResult,
    exclusion_rules_active,
    q4,
    reliability_for_period,
    supply_points_for_year,
)
from gridcare.indicators.xlsx import Cell, Sheet, moscow, workbook

MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
    "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


@dataclass(frozen=True)
class Form81:
    year: int
    month: int
    columns: list[Form81Column]
    reliability: ReliabilityResult

    @property
    def title(self) -> str:
        return _("Форма 8.1 за %(month)s %(year)s г.") % {
            "month": MONTHS[self.month - 1],
            "year": self.year,
        }

    @property
    def rows(self) -> list[list[Cell]]:
        return [
            [form81_cell(row, c.field, n) for c in self.columns]
            for n, row in enumerate(self.reliability.protocol, start=1)
        ]


def form81_cell(row: ProtocolRow, field: str, row_number: int) -> Cell:
    """The value of one column for one interruption."""
    if field.startswith("points_") and field != Form81Field.POINTS_TOTAL:
        return row.points_by_level.get(field.removeprefix("points_"), 0)
    values: dict[str, Cell] = {
        Form81Field.ROW_NUMBER: row_number,
        Form81Field.OUTAGE: row.outage_id,
        Form81Field.BRANCH: row.branch,
        Form81Field.DISTRICT_UNIT: row.district_unit,
        Form81Field.KIND: row.kind_label,
        Form81Field.CAUSE: row.cause_label,
        Form81Field.EQUIPMENT: row.equipment,
        Form81Field.EQUIPMENT_VOLTAGE: row.equipment_voltage,
        Form81Field.STARTED_AT: moscow(row.started_at),
        Form81Field.ENDED_AT: moscow(row.ended_at),
        Form81Field.DURATION_HOURS: q4(row.duration_hours),
        Form81Field.POINTS_TOTAL: row.points_total,
        Form81Field.POINT_HOURS: q4(row.point_hours),
        Form81Field.COUNTED: _("да") if row.counted else _("нет"),
        Form81Field.EXCLUSION: row.reason,
    }
    return values[field]


def form81_get(*, year: int, month: int) -> Form81:
    """Return the month's interruptions and summary in the layout in force."""
    start, end = month_period(year, month)
    reliability = reliability_for_period(
        period_start=start,
        period_end=end,
        rules=exclusion_rules_active(),
        points=supply_points_for_year(year),
    )
    columns = list(Form81Column.objects.filter(is_active=True))
    return Form81(year, month, columns, reliability)


def form81_xlsx(form: Form81) -> bytes:
    """Render form 8.1 as XLSX: sheet «Форма 8.1» (rows) and «Итоги» (per level)."""
    with workbook() as (book, formats, buffer):
        sheet = Sheet(book, _("Форма 8.1"), formats)
        sheet.title(form.title)
        sheet.note(_("Состав граф — настраиваемые данные ❓ [R20]; время московское."))
        sheet.header([c.header for c in form.columns])
        for line in form.rows:
            sheet.line(line)
        sheet.widths([14] * len(form.columns))
        summary = Sheet(book, _("Итоги"), formats)
        summary.title(_("Пsaidi и Пsaifi за месяц по уровням напряжения"))
        summary.note(
            _("N_max — число точек поставки за год; формулы ⚠️ [R21], уровни ✅ [R14].")
        )
        summary.header(
            [
                _("Уровень напряжения"),
                _("Точек поставки (N_max)"),
                _("Отключений"),
                _("Прекращений точек поставки (ΣN)"),
                _("Точко-часы (ΣT×N)"),
                "Пsaidi",
                "Пsaifi",
            ]
        )
        for level in [*form.reliability.levels, form.reliability.total]:
            summary.line(
                [
                    level.label,
                    level.points,
                    level.outages,
                    level.interruptions,
                    level.hours,
                    level.saidi,
                    level.saifi,
                ]
            )
        summary.widths([24, 14, 12, 16, 14, 10, 10])
    return buffer.getvalue()
