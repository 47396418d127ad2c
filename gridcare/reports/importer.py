"""Import of historical appeals from a previous system (`gridcare import_appeals`).

Rows are validated one by one (a rejected row gets its line number and a Russian
reason), accepted rows are written in batches with one multi-row INSERT (COPY on
PostgreSQL) — no services, no history rows, no notifications: these appeals are
history. Idempotent by `external_id`: a row whose external id is already in the
registry is skipped. The dirty-day triggers mark every affected day; the importer
rebuilds those days at the end. Columns: docs/domains/reports.md."""

import csv
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.db.models import Max

from gridcare.appeals.codes import (
    DEFAULT_SERVICE_FORM,
    Category,
    Channel,
    Kind,
    Regime,
    ServiceRequestType,
    Status,
    Topic,
)
from gridcare.appeals.models import Appeal, ChannelSetting
from gridcare.reports.aggregates import MOSCOW, stats_refresh_dirty
from gridcare.reports.bulk import RowWriter
from gridcare.territory.models import Branch

REQUIRED = ("external_id", "received_at", "channel", "category", "status")
COLUMNS = (
    "external_id",
    "number",
    "received_at",
    "registered_at",
    "channel",
    "category",
    "kind",
    "topic",
    "status",
    "has_complaint",
    "has_service_request",
    "service_request_type",
    "led_to_connection_contract",
    "led_to_transmission_contract",
    "complaint_settled",
    "branch_code",
    "due_at",
    "answered_at",
    "closed_at",
    "rating",
    "contact_name",
    "subject",
    "text",
)
TRUE = {"1", "да", "true", "yes", "д", "y"}
FALSE = {"", "0", "нет", "false", "no", "н", "n"}
STATUSES_WITH_ANSWER = {Status.ANSWERED, Status.CLOSED}
TOPIC_OF_CATEGORY = {
    Category.CONNECTION: Topic.CONNECTION,
    Category.METERING: Topic.METERING,
    Category.TRANSMISSION: Topic.SERVICES,
    Category.MAINTENANCE: Topic.RELIABILITY,
}


class RowError(ValueError):
    """A row that cannot be imported; the message is for people."""


@dataclass
class ImportResult:
    total: int = 0
    imported: int = 0
    skipped_existing: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False

    @property
    def rows_per_second(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0


def _moment(value: str, column: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=MOSCOW)
    for fmt in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=MOSCOW)
        except ValueError:
            pass
    raise RowError(
        f"{column}: «{value}» — не дата и время (ожидается ГГГГ-ММ-ДД ЧЧ:ММ:СС "
        "или ДД.ММ.ГГГГ ЧЧ:ММ, время московское)"
    )


def _flag(value: str, column: str) -> bool:
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise RowError(f"{column}: «{value}» — ожидается да/нет или 1/0")


def _code(value: str, column: str, choices: Any, *, default: str = "") -> str:
    v = value.strip() or default
    if v not in choices.values:
        raise RowError(
            f"{column}: неизвестный код «{v}»; допустимы: {', '.join(choices.values)}"
        )
    return v


class RowParser:
    """Turns one CSV row into Appeal attribute values, or raises RowError."""

    def __init__(self) -> None:
        self.branches = dict(Branch.objects.values_list("code", "pk"))
        self.service_forms = dict(DEFAULT_SERVICE_FORM) | dict(
            ChannelSetting.objects.values_list("channel", "service_form")
        )

    def parse(self, raw: dict[str, str]) -> dict[str, object]:
        get = lambda name: (raw.get(name) or "").strip()  # noqa: E731
        missing = [c for c in REQUIRED if not get(c)]
        if missing:
            raise RowError("не заполнены обязательные поля: " + ", ".join(missing))
        external_id = get("external_id")
        if len(external_id) > 64:
            raise RowError("external_id: длиннее 64 символов")
        channel = _code(get("channel"), "channel", Channel)
        category = _code(get("category"), "category", Category)
        kind = _code(get("kind"), "kind", Kind, default=Kind.APPEAL)
        topic = _code(
            get("topic"),
            "topic",
            Topic,
            default=TOPIC_OF_CATEGORY.get(category, Topic.GENERAL),  # type: ignore[call-overload]
        )
        status = _code(get("status"), "status", Status)
        if status == Status.NEW:
            raise RowError(
                "status: историческое обращение должно быть зарегистрировано"
            )
        received_at = _moment(get("received_at"), "received_at")
        registered_at = _moment(get("registered_at"), "registered_at") or received_at
        answered_at = _moment(get("answered_at"), "answered_at")
        due_at = _moment(get("due_at"), "due_at")
        closed_at = _moment(get("closed_at"), "closed_at")
        assert received_at is not None and registered_at is not None
        if registered_at < received_at:
            raise RowError("registered_at: регистрация раньше поступления")
        if answered_at is not None and answered_at < received_at:
            raise RowError("answered_at: ответ раньше поступления")
        if status in STATUSES_WITH_ANSWER and answered_at is None:
            raise RowError(f"answered_at: для статуса «{status}» нужна дата ответа")
        rating = None
        if get("rating"):
            if not get("rating").isdigit() or not 1 <= int(get("rating")) <= 5:
                raise RowError(f"rating: «{get('rating')}» — оценка от 1 до 5")
            rating = int(get("rating"))
        branch_id = None
        if get("branch_code"):
            branch_id = self.branches.get(get("branch_code"))
            if branch_id is None:
                raise RowError(f"branch_code: филиал «{get('branch_code')}» не найден")
        has_complaint = _flag(get("has_complaint"), "has_complaint") or (
            kind == Kind.COMPLAINT
        )
        has_request = _flag(get("has_service_request"), "has_service_request") or (
            kind == Kind.SERVICE_REQUEST
        )
        request_type = ""
        if get("service_request_type"):
            request_type = _code(
                get("service_request_type"), "service_request_type", ServiceRequestType
            )
        number = get("number") or None
        if number is not None and len(number) > 16:
            raise RowError("number: длиннее 16 символов")
        return {
            "external_id": external_id,
            "number": number,
            "channel": channel,
            "service_form": self.service_forms[channel],
            "category": category,
            "kind": kind,
            "topic": topic,
            "regime": Regime.COMPLAINT if has_complaint else Regime.WRITTEN,
            "status": status,
            "has_complaint": has_complaint,
            "has_service_request": has_request,
            "service_request_type": request_type,
            "led_to_connection_contract": _flag(
                get("led_to_connection_contract"), "led_to_connection_contract"
            ),
            "led_to_transmission_contract": _flag(
                get("led_to_transmission_contract"), "led_to_transmission_contract"
            ),
            "complaint_settled": _flag(get("complaint_settled"), "complaint_settled"),
            "branch_id": branch_id,
            "received_at": received_at,
            "registered_at": registered_at,
            "due_at": due_at,
            "answered_at": answered_at,
            "closed_at": closed_at,
            "rating": rating,
            "contact_name": get("contact_name")[:300] or "Не указан",
            "subject": get("subject")[:300],
            "text": get("text") or "Импортировано из прежней системы.",
        }


def _existing_external_ids() -> set[str]:
    # One pass over the registry (external_id has no index: asking per batch would
    # scan the whole table each time).
    return set(
        Appeal.objects.exclude(external_id="").values_list("external_id", flat=True)
    )


def _batches(
    reader: Iterator[dict[str, str]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    batch: list[tuple[int, dict[str, str]]] = []
    for raw in reader:
        batch.append((reader.line_num, raw))  # type: ignore[attr-defined]
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def appeals_import(
    *,
    handle: TextIO,
    dry_run: bool = False,
    batch_size: int = 5000,
    log: Callable[[str], None] | None = None,
) -> ImportResult:
    """Validate and load historical appeals from CSV text; rejected rows are listed
    in the result. With `dry_run` nothing is written."""
    started = time.perf_counter()
    result = ImportResult(dry_run=dry_run)
    sample = handle.read(4096)
    handle.seek(0)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(handle, delimiter=delimiter)
    absent = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if absent:
        raise RowError("в файле нет столбцов: " + ", ".join(absent))
    parser = RowParser()
    writer = RowWriter(Appeal)
    next_pk = (Appeal.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    seen: set[str] = set()
    existing = _existing_external_ids()
    numbers_seen: set[str] = set()
    for batch in _batches(reader, batch_size):
        accepted: list[dict[str, object]] = []
        for line, raw in batch:
            result.total += 1
            try:
                values = parser.parse(raw)
            except RowError as exc:
                result.rejected.append((line, (raw.get("external_id") or ""), str(exc)))
                continue
            key = str(values["external_id"])
            if key in seen:
                result.rejected.append((line, key, "external_id повторяется в файле"))
                continue
            seen.add(key)
            accepted.append(values)
        fresh = [v for v in accepted if v["external_id"] not in existing]
        result.skipped_existing += len(accepted) - len(fresh)
        numbers = [str(v["number"]) for v in fresh if v["number"]]
        taken = (
            set(
                Appeal.objects.filter(number__in=numbers).values_list(
                    "number", flat=True
                )
            )
            if numbers
            else set()
        )
        rows = []
        for values in fresh:
            number = values["number"]
            if number is None:
                values["number"] = f"И-{values['external_id']}"[:16]
            if values["number"] in taken or values["number"] in numbers_seen:
                result.rejected.append(
                    (
                        0,
                        str(values["external_id"]),
                        f"number: номер «{values['number']}» уже занят",
                    )
                )
                continue
            numbers_seen.add(str(values["number"]))
            values["search_text"] = (
                f"{values['number']} {values['contact_name']}".lower()
            )
            rows.append(values)
        if not dry_run and rows:
            for values in rows:
                values["id"] = next_pk
                next_pk += 1
            with transaction.atomic():
                writer.insert(rows)
        result.imported += len(rows)
        if log:
            log(f"обработано строк: {result.total}, принято: {result.imported}")
    if not dry_run and result.imported:
        writer.reset_sequence()
        stats_refresh_dirty()
    result.seconds = time.perf_counter() - started
    return result


def rejected_csv_write(result: ImportResult, path: Path) -> None:
    """Write the rejected rows (line, external id, reason) as CSV."""
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["строка", "external_id", "причина"])
        writer.writerows(result.rejected)
