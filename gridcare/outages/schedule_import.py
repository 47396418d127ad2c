"""Import of the planned-works schedule from XLSX or CSV: parse every row against the
address register, keep the rows with their errors for a preview, then create the
planned outages from the valid rows. Nothing is created until staff confirm.

Columns (the header row; order and case do not matter): «Населённый пункт», «Улица»,
«Дома» (e.g. «1-15», «нечётные 1-15», «2, 4, 6а»; empty = the whole street),
«Начало», «Окончание» (ДД.ММ.ГГГГ ЧЧ:ММ, Moscow time), «Причина» / «Вид работ»,
«Оборудование», «Уровень напряжения», «Примечание», and «Номер» to put several rows
into one outage."""

import csv
import hashlib
import io
import re
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gridcare.core.errors import ApplicationError, PermissionDeniedError
from gridcare.outages import services
from gridcare.outages.addresses import normalise, number_key, number_value, similarity
from gridcare.outages.models import Cause, HouseParity, Outage, ScheduleImport
from gridcare.outages.selectors import can_manage
from gridcare.territory.models import Building, Settlement, Street

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
HEADERS = {
    "number": ("номер", "№", "номер работ", "номер заявки", "№ заявки"),
    "settlement": ("населенный пункт", "нп", "город", "поселение"),
    "street": ("улица",),
    "houses": ("дома", "дом", "номера домов", "дома диапазон"),
    "start": ("начало", "начало работ", "дата и время начала", "дата начала"),
    "end": ("окончание", "окончание работ", "дата и время окончания", "дата окончания"),
    "cause": ("причина", "вид работ", "характер работ"),
    "equipment": ("оборудование", "отключаемое оборудование"),
    "voltage": ("уровень напряжения", "напряжение"),
    "note": ("примечание", "комментарий"),
}
REQUIRED = ("settlement", "start", "end")
LABELS = {
    "settlement": "Населённый пункт",
    "start": "Начало",
    "end": "Окончание",
}
CAUSE_WORDS = [
    ("техническ", Cause.MAINTENANCE),
    ("обслуж", Cause.MAINTENANCE),
    ("реконструк", Cause.CONSTRUCTION),
    ("строит", Cause.CONSTRUCTION),
    ("присоедин", Cause.CONNECTION_WORKS),
    ("ремонт", Cause.PLANNED_REPAIR),
]
VOLTAGES = [
    (re.compile(r"^(нн|0[,.]4.*|0[,.]23.*|0[,.]22.*)$"), "NN"),
    (re.compile(r"^(сн ?-?2|6.*|10.*|20.*|6 10.*)$"), "SN2"),
    (re.compile(r"^(сн ?-?1|35.*)$"), "SN1"),
    (re.compile(r"^(вн|110.*|220.*)$"), "VN"),
]
DATE_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M", "%Y-%m-%d %H:%M", "%d.%m.%y %H:%M")


def _read_rows(name: str, content: bytes) -> list[list[Any]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ApplicationError(
                "Не удалось прочитать файл XLSX: он повреждён или это не таблица Excel.",
                code="bad_file",
            ) from exc
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    if name.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ApplicationError(
                "Не удалось определить кодировку CSV.", code="bad_file"
            )
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    raise ApplicationError("Загрузите файл XLSX или CSV.", code="bad_file")


def _header_map(header: list[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = normalise(str(cell or ""))
        for field, names in HEADERS.items():
            if key in names and field not in columns:
                columns[field] = i
    missing = [LABELS[f] for f in REQUIRED if f not in columns]
    if missing:
        raise ApplicationError(
            "В первой строке нет обязательных столбцов: "
            + ", ".join(f"«{m}»" for m in missing)
            + ".",
            code="bad_header",
        )
    return columns


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return " ".join(str(value).split())


def _when(value: Any, label: str, errors: list[str]) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    else:
        text = _text(value)
        if not text:
            errors.append(f"не указано «{label}»")
            return None
        for fmt in DATE_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)  # noqa: DTZ007 — made aware below
                break
            except ValueError:
                continue
        else:
            errors.append(
                f"«{label}»: «{text}» — нужна дата и время вида 12.03.2026 09:00"
            )
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


class _Register:
    """Settlements and streets by key, loaded once per file."""

    def __init__(self) -> None:
        self.settlements: dict[str, list[Settlement]] = defaultdict(list)
        for s in Settlement.objects.select_related("district_unit"):
            self.settlements[normalise(s.name)].append(s)
        self.streets: dict[int, dict[str, Street]] = defaultdict(dict)

    def streets_of(self, settlement: Settlement) -> dict[str, Street]:
        if settlement.pk not in self.streets:
            for street in Street.objects.filter(settlement=settlement):
                self.streets[settlement.pk][normalise(street.name)] = street
        return self.streets[settlement.pk]


def _closest(key: str, options: list[str]) -> str:
    scored = sorted(((similarity(key, o), o) for o in options), reverse=True)
    return scored[0][1] if scored and scored[0][0] >= 0.45 else ""


def _settlement(text: str, register: _Register, errors: list[str]) -> Settlement | None:
    words = normalise(text).split()
    key = " ".join(
        w for w in words if w not in {"г", "с", "пос", "пгт", "д", "дер", "п", "снт"}
    )
    found = register.settlements.get(key, [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        errors.append(
            f"населённых пунктов «{text}» несколько ("
            + ", ".join(f"{s.district_unit}" for s in found)
            + ") — уточните название"
        )
        return None
    hint = _closest(key, list(register.settlements))
    errors.append(
        f"населённый пункт «{text}» не найден в адресном реестре"
        + (f" — возможно, «{register.settlements[hint][0].name}»?" if hint else "")
    )
    return None


def _street(
    text: str,
    settlement: Settlement,
    register: _Register,
    errors: list[str],
    warnings: list[str],
) -> Street | None:
    from gridcare.outages.addresses import STREET_TYPES

    key = " ".join(w for w in normalise(text).split() if w not in STREET_TYPES)
    streets = register.streets_of(settlement)
    if key in streets:
        return streets[key]
    hint = _closest(key, list(streets))
    if hint and similarity(key, hint) >= 0.8:
        warnings.append(f"улица «{text}» распознана как «{streets[hint]}»")
        return streets[hint]
    errors.append(
        f"улица «{text}» не найдена в «{settlement}»"
        + (f" — возможно, «{streets[hint]}»?" if hint else "")
    )
    return None


_RANGE = re.compile(r"^(?:(нечет\w*|чет\w*)\s*)?(\d+)\s*[-–—]\s*(\d+)$")


def _houses(
    text: str, settlement: Settlement, street: Street | None, errors: list[str]
) -> list[dict]:
    """«1-15», «нечётные 1-15», «2, 4, 6а» → area dicts; '' → the whole street."""
    base = {"settlement_id": settlement.pk, "street_id": street.pk if street else None}
    text = text.lower().replace("ё", "е").replace("д.", " ").strip()
    if not text:
        if street is None:
            return [base]
        return [base]
    areas = []
    for part in re.split(r"[,;]", text):
        part = " ".join(part.split())
        if not part:
            continue
        match = _RANGE.match(part.replace("дома", "").strip())
        if match:
            if street is None:
                errors.append("диапазон домов указывается вместе с улицей")
                continue
            parity = HouseParity.ALL
            if match.group(1):
                parity = (
                    HouseParity.ODD
                    if match.group(1).startswith("неч")
                    else HouseParity.EVEN
                )
            low, high = int(match.group(2)), int(match.group(3))
            if high < low:
                errors.append(f"в диапазоне «{part}» конец меньше начала")
                continue
            areas.append(
                {**base, "house_from": low, "house_to": high, "parity": parity}
            )
            continue
        wanted = number_key(part)
        buildings = Building.objects.filter(
            settlement=settlement, street=street, number_value=number_value(part)
        )
        found = [b for b in buildings if number_key(b.number) == wanted]
        if not found:
            where = f"{street}" if street else f"{settlement}"
            errors.append(f"дом {part} не найден: {where}")
            continue
        areas.append({**base, "building_id": found[0].pk})
    return areas


def _cause(text: str) -> str:
    key = normalise(text)
    if key in Cause.values:
        return key
    for word, code in CAUSE_WORDS:
        if word in key:
            return code
    return Cause.PLANNED_REPAIR if not key else Cause.OTHER


def _voltage(text: str, warnings: list[str]) -> str:
    key = normalise(text).replace(" кв", "").replace("кв", "").strip()
    if not key:
        warnings.append("уровень напряжения не указан — принят НН (0,4 кВ)")
        return "NN"
    for pattern, code in VOLTAGES:
        if pattern.match(key):
            return code
    warnings.append(f"уровень напряжения «{text}» не распознан — принят НН (0,4 кВ)")
    return "NN"


def _parse_row(
    cells: list[Any], columns: dict[str, int], register: _Register, now: datetime
) -> dict:
    def cell(field: str) -> Any:
        i = columns.get(field)
        return cells[i] if i is not None and i < len(cells) else None

    errors: list[str] = []
    warnings: list[str] = []
    values = {field: _text(cell(field)) for field in HEADERS if field in columns}
    start = _when(cell("start"), "Начало", errors)
    end = _when(cell("end"), "Окончание", errors)
    if start and end and end <= start:
        errors.append("окончание работ не позже начала")
    if start and start < now:
        errors.append("начало работ уже прошло")
    areas: list[dict] = []
    settlement = (
        _settlement(values.get("settlement", ""), register, errors)
        if values.get("settlement")
        else None
    )
    if not values.get("settlement"):
        errors.append("не указан населённый пункт")
    if settlement is not None:
        street = None
        if values.get("street"):
            street = _street(values["street"], settlement, register, errors, warnings)
        if not values.get("street") or street is not None:
            areas = _houses(values.get("houses", ""), settlement, street, errors)
    cause_text = values.get("cause", "")
    parsed = {
        "areas": areas,
        "planned_start": start.isoformat() if start else None,
        "planned_end": end.isoformat() if end else None,
        "cause": _cause(cause_text),
        "cause_text": cause_text,
        "equipment": values.get("equipment", ""),
        "voltage_level": _voltage(values.get("voltage", ""), warnings),
        "description": values.get("note", ""),
    }
    raw_key = "|".join(
        [values.get("number", "")]
        + (
            []
            if values.get("number")
            else [values.get(k, "") for k in ("settlement", "street", "houses")]
        )
        + [parsed["planned_start"] or "", parsed["planned_end"] or ""]
    )
    group = (
        "schedule:"
        + hashlib.sha1(raw_key.encode(), usedforsecurity=False).hexdigest()[:32]
    )
    return {
        "values": values,
        "errors": errors,
        "warnings": warnings,
        "group": group,
        "parsed": parsed,
    }


def schedule_import_preview(
    *, actor: object, file_name: str, content: bytes
) -> ScheduleImport:
    """Parse an uploaded schedule and keep it for the preview; rows with errors are
    marked with their reasons in Russian. Creates no outages."""
    if not can_manage(actor):
        raise PermissionDeniedError()
    if len(content) > MAX_BYTES:
        raise ApplicationError("Файл больше 5 МБ.", code="too_big")
    rows = _read_rows(file_name, content)
    rows = [r for r in rows if any(_text(c) for c in r)]
    if not rows:
        raise ApplicationError("Файл пустой.", code="empty")
    if len(rows) - 1 > MAX_ROWS:
        raise ApplicationError(
            f"В файле больше {MAX_ROWS} строк.", code="too_many_rows"
        )
    columns = _header_map(rows[0])
    register = _Register()
    now = timezone.now()
    parsed_rows = []
    for line, cells in enumerate(rows[1:], start=2):
        row = _parse_row(cells, columns, register, now)
        row["line"] = line
        parsed_rows.append(row)
    _check_groups(parsed_rows)
    existing = set(
        Outage.objects.filter(
            external_id__in={r["group"] for r in parsed_rows}
        ).values_list("external_id", flat=True)
    )
    for row in parsed_rows:
        if row["group"] in existing:
            row["errors"].append("эти работы уже загружены ранее")
    return ScheduleImport.objects.create(
        file_name=file_name[:255],
        uploaded_by=actor,  # type: ignore[misc]
        uploaded_at=now,
        rows=parsed_rows,
    )


def _check_groups(rows: list[dict]) -> None:
    """Rows of one «Номер» must share the window."""
    windows: dict[str, tuple] = {}
    for row in rows:
        p = row["parsed"]
        window = (p["planned_start"], p["planned_end"])
        first = windows.setdefault(row["group"], window)
        if first != window and row["values"].get("number"):
            row["errors"].append(
                f"строки с номером «{row['values']['number']}» должны иметь одинаковые начало и окончание"
            )


def schedule_import_apply(*, actor: object, schedule_import: ScheduleImport) -> int:
    """Create planned outages from the valid rows (rows of one «Номер» make one outage);
    return how many were created."""
    if not can_manage(actor):
        raise PermissionDeniedError()
    with transaction.atomic():
        schedule_import = ScheduleImport.objects.select_for_update().get(
            pk=schedule_import.pk
        )
        if schedule_import.status != ScheduleImport.Status.PREVIEW:
            raise ApplicationError(
                "Эта загрузка уже обработана.", code="already_applied"
            )
        groups: dict[str, list[dict]] = defaultdict(list)
        for row in schedule_import.rows:
            groups[row["group"]].append(row)
        created = 0
        for group, rows in groups.items():
            if any(r["errors"] for r in rows):
                continue
            first = rows[0]["parsed"]
            data = services.OutageInput(
                cause=first["cause"],
                cause_text=first["cause_text"],
                voltage_level=first["voltage_level"],
                equipment=first["equipment"],
                description=first["description"],
                planned_start=datetime.fromisoformat(first["planned_start"]),
                planned_end=datetime.fromisoformat(first["planned_end"]),
                areas=[
                    services.AreaInput(**a) for r in rows for a in r["parsed"]["areas"]
                ],
                external_id=group,
                source="import",
            )
            services.outage_plan(actor=actor, data=data)
            created += 1
        schedule_import.status = ScheduleImport.Status.APPLIED
        schedule_import.applied_at = timezone.now()
        schedule_import.created_count = created
        schedule_import.save(update_fields=["status", "applied_at", "created_count"])
    return created


def schedule_import_discard(*, actor: object, schedule_import: ScheduleImport) -> None:
    if not can_manage(actor):
        raise PermissionDeniedError()
    ScheduleImport.objects.filter(
        pk=schedule_import.pk, status=ScheduleImport.Status.PREVIEW
    ).update(status=ScheduleImport.Status.DISCARDED)


def parse_area_lines(text: str) -> tuple[list[services.AreaInput], list[str]]:
    """Staff type the territory one line per piece: «Казань, Баумана, 1-15»,
    «Казань, ул. Пушкина», «Казань», «Уразла, 15». Return the areas and Russian errors
    (with the line number)."""
    register = _Register()
    areas: list[services.AreaInput] = []
    problems: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        parts = [p.strip() for p in line.split(",")]
        if not any(parts):
            continue
        errors: list[str] = []
        warnings: list[str] = []
        settlement = _settlement(parts[0], register, errors)
        street = None
        houses = ""
        rest = [p for p in parts[1:] if p]
        if (
            rest
            and not re.match(r"^(д\.?\s*)?\d", rest[0].lower())
            and not re.match(r"^(не)?чет", rest[0].lower().replace("ё", "е"))
        ):
            if settlement is not None:
                street = _street(rest[0], settlement, register, errors, warnings)
            rest = rest[1:]
        houses = ", ".join(rest)
        if settlement is not None and not errors:
            for area in _houses(houses, settlement, street, errors):
                areas.append(services.AreaInput(**area))
        problems += [f"Строка {number}: {e}." for e in errors]
    if not areas and not problems:
        problems.append("Укажите хотя бы один адрес.")
    return areas, problems
