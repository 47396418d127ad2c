"""Loading a regional rate table from an XLSX or CSV file (admin upload or `gridcare
import_connection_rates`). Each load is a new version of its series; nothing is
overwritten.

File layout: one header row, then one rate per row. Columns (Russian or code names):
    rate | ставка            C1, C1.1, C1.2, C2 … C8, PREF_KW, SOCIAL_KW
    unit | единица           connection, km, kw, point, unit
    value | значение         7600 or 7 600,00
    voltage | напряжение     0.4, 6-10, 20, 35, 110 (optional)
    line_type | тип линии    overhead, cable (optional)
    category | категория     applicant category code (optional)
    variant | вариант        e.g. meter kind (optional)
    power_from_kw, power_to_kw, description | описание (optional)
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.calendars.models import StatusMark
from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.codes import ApplicantCategory, LineType, VoltageClass
from gridcare.grid_connections.models import RateCode, RateItem, RateTable, RateUnit

COLUMNS = {
    "rate": "rate",
    "ставка": "rate",
    "unit": "unit",
    "единица": "unit",
    "value": "value",
    "значение": "value",
    "voltage": "voltage",
    "напряжение": "voltage",
    "line_type": "line_type",
    "тип линии": "line_type",
    "category": "category",
    "категория": "category",
    "variant": "variant",
    "вариант": "variant",
    "power_from_kw": "power_from_kw",
    "мощность от": "power_from_kw",
    "power_to_kw": "power_to_kw",
    "мощность до": "power_to_kw",
    "description": "description",
    "описание": "description",
}


@dataclass(frozen=True)
class RateTableMeta:
    code: str
    title: str
    region: str
    valid_from: date
    includes_vat: bool
    vat_rate: Decimal
    status_mark: str
    reference: str
    valid_to: date | None = None
    act: str = ""
    is_sample: bool = False
    notes: str = ""


def rate_rows_read(*, name: str, content: bytes) -> list[dict[str, str]]:
    """Read rows from an .xlsx or .csv file (UTF-8, ';' or ',' separated)."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(
            io.BytesIO(content), read_only=True, data_only=True
        ).active
        raw = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    elif suffix == ".csv":
        text = content.decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,")
        raw = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise ApplicationError(
            _("Поддерживаются файлы .xlsx и .csv."), code="file_type"
        )
    if not raw:
        raise ApplicationError(_("Файл пустой."), code="empty_file")
    header = [COLUMNS.get(h.strip().lower(), "") for h in raw[0]]
    for needed in ("rate", "unit", "value"):
        if needed not in header:
            raise ApplicationError(
                _("В первой строке нет столбца «%(name)s».") % {"name": needed},
                code="column_missing",
            )
    rows = []
    for values in raw[1:]:
        if not any(v.strip() for v in values):
            continue
        rows.append({h: v.strip() for h, v in zip(header, values, strict=False) if h})
    return rows


def _decimal(value: str, line: int, column: str) -> Decimal | None:
    cleaned = value.replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ApplicationError(
            _("Строка %(line)s, «%(column)s»: нужно число, а не «%(value)s».")
            % {"line": line, "column": column, "value": value},
            code="value_invalid",
        ) from exc


def _choice(value: str, choices: type, line: int, column: str) -> str:
    if value and value not in choices.values:
        raise ApplicationError(
            _("Строка %(line)s, «%(column)s»: недопустимое значение «%(value)s».")
            % {"line": line, "column": column, "value": value},
            code="value_invalid",
        )
    return value


def _item(table: RateTable, row: dict[str, str], line: int) -> RateItem:
    value = _decimal(row.get("value", ""), line, "value")
    if value is None or value < 0:
        raise ApplicationError(
            _("Строка %(line)s: ставка должна быть числом не меньше нуля.")
            % {"line": line},
            code="value_invalid",
        )
    if not row.get("rate") or not row.get("unit"):
        raise ApplicationError(
            _("Строка %(line)s: укажите ставку и единицу.") % {"line": line},
            code="value_invalid",
        )
    return RateItem(
        table=table,
        rate=_choice(row["rate"], RateCode, line, "rate"),
        unit=_choice(row["unit"], RateUnit, line, "unit"),
        value=value.quantize(Decimal("0.01")),
        voltage=_choice(row.get("voltage", ""), VoltageClass, line, "voltage"),
        line_type=_choice(row.get("line_type", ""), LineType, line, "line_type"),
        category=_choice(row.get("category", ""), ApplicantCategory, line, "category"),
        variant=row.get("variant", "")[:40],
        power_from_kw=_decimal(row.get("power_from_kw", ""), line, "power_from_kw"),
        power_to_kw=_decimal(row.get("power_to_kw", ""), line, "power_to_kw"),
        description=row.get("description", "")[:300],
    )


def rate_table_import(
    *,
    meta: RateTableMeta,
    rows: Iterable[dict[str, str]],
    actor: object | None = None,
    source_file: str = "",
) -> RateTable:
    """Create the next version of a rate table series from rows; all or nothing."""
    if meta.status_mark not in StatusMark.values:
        raise ApplicationError(_("Неверный статус значения."))
    if meta.valid_to is not None and meta.valid_to < meta.valid_from:
        raise ApplicationError(_("Дата окончания раньше даты начала действия."))
    rows = list(rows)
    if not rows:
        raise ApplicationError(_("В файле нет ни одной ставки."), code="empty_file")
    with transaction.atomic():
        last = RateTable.objects.select_for_update().filter(code=meta.code)
        version = (last.aggregate(v=Max("version"))["v"] or 0) + 1
        table = RateTable.objects.create(
            code=meta.code,
            version=version,
            title=meta.title,
            region=meta.region,
            act=meta.act,
            valid_from=meta.valid_from,
            valid_to=meta.valid_to,
            includes_vat=meta.includes_vat,
            vat_rate=meta.vat_rate,
            is_sample=meta.is_sample,
            status_mark=meta.status_mark,
            reference=meta.reference,
            notes=meta.notes,
            loaded_at=timezone.now(),
            loaded_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
            source_file=source_file[:255],
        )
        items = [_item(table, row, line) for line, row in enumerate(rows, start=2)]
        RateItem.objects.bulk_create(items)
    return table
