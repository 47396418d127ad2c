"""Import and export of the knowledge base: JSON Lines (the example format: id,
topic, title, questions, answer), CSV and XLSX (the same columns; the questions in
one cell, one per line or separated by « | »).

An import takes every acceptable row and reports the others with their line and the
reasons in Russian; a row whose id exists becomes a new version of that article (or
nothing, when the content is the same), a new id a new article. `publish` makes the
imported versions live; `dry_run` checks and counts without saving anything.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gridcare.chatbot.knowledge import (
    ArticleContent,
    content_clean,
    kb_article_create,
    kb_article_save_version,
    kb_content_problems,
    kb_slug_problem,
)
from gridcare.chatbot.models import KbArticle, KbArticleStatus, KbArticleVersion
from gridcare.core.errors import ApplicationError

FORMATS = ("jsonl", "csv", "xlsx")
COLUMNS = ("id", "topic", "title", "questions", "answer")
CONTENT_TYPES = {
    "jsonl": "application/jsonl; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
_QUESTION_SPLIT = re.compile(r"\n| \| ")


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that was not imported: its line (row of the sheet), id and reasons."""

    line: int
    article_id: str
    reasons: tuple[str, ...]


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    dry_run: bool
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    record: dict[str, Any] | None
    error: str = ""


def format_of(filename: str) -> str:
    """The format of a file by its name's ending; ApplicationError if unknown."""
    name = (filename or "").lower()
    for fmt, endings in (
        ("jsonl", (".jsonl", ".ndjson", ".json")),
        ("csv", (".csv",)),
        ("xlsx", (".xlsx",)),
    ):
        if name.endswith(endings):
            return fmt
    raise ApplicationError(
        _("Неизвестный формат файла: нужен .jsonl, .csv или .xlsx."),
        code="unknown_format",
    )


# ---- reading ----------------------------------------------------------------------


def _read_jsonl(data: bytes) -> list[_Row]:
    rows = []
    for number, line in enumerate(_text(data).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            rows.append(_Row(number, None, _("Строка не является корректным JSON.")))
            continue
        if not isinstance(record, dict):
            rows.append(_Row(number, None, _("Строка не является JSON-объектом.")))
            continue
        rows.append(_Row(number, record))
    return rows


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(
            _("Файл не в кодировке UTF-8."), code="bad_encoding"
        ) from exc


def _header(names: list[Any]) -> dict[str, int]:
    columns = {str(n or "").strip().lower(): i for i, n in enumerate(names)}
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise ApplicationError(
            _("В файле нет столбцов: %(columns)s. Нужны: %(needed)s.")
            % {"columns": ", ".join(missing), "needed": ", ".join(COLUMNS)},
            code="missing_columns",
        )
    return columns


def _read_table(table: list[list[Any]], first_line: int) -> list[_Row]:
    if not table:
        raise ApplicationError(_("Файл пуст."), code="empty_file")
    columns = _header(table[0])
    rows = []
    for offset, cells in enumerate(table[1:], start=1):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        record = {
            name: (cells[i] if i < len(cells) and cells[i] is not None else "")
            for name, i in columns.items()
            if name in COLUMNS
        }
        rows.append(_Row(first_line + offset, record))
    return rows


def _read_csv(data: bytes) -> list[_Row]:
    text = _text(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    # Lines of the file, not records: a quoted cell may span several lines.
    return _read_table(table, 1)


def _read_xlsx(data: bytes) -> list[_Row]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ApplicationError(
            _("Не удалось прочитать файл XLSX."), code="bad_file"
        ) from exc
    sheet = book.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _read_table(table, 1)


def _read(data: bytes, fmt: str) -> list[_Row]:
    if len(data) > MAX_BYTES:
        raise ApplicationError(
            _("Файл больше %(mb)s МБ.") % {"mb": MAX_BYTES // (1024 * 1024)},
            code="file_too_large",
        )
    reader = {"jsonl": _read_jsonl, "csv": _read_csv, "xlsx": _read_xlsx}.get(fmt)
    if reader is None:
        raise ApplicationError(_("Неизвестный формат файла."), code="unknown_format")
    rows = reader(data)
    if len(rows) > MAX_ROWS:
        raise ApplicationError(
            _("В файле больше %(max)s статей.") % {"max": MAX_ROWS},
            code="too_many_rows",
        )
    return rows


def _questions(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(q) for q in value if q is not None]
    if isinstance(value, str):
        return _QUESTION_SPLIT.split(value)
    return None


def _parse(
    row: _Row, seen: dict[str, int]
) -> tuple[str, ArticleContent | None, list[str]]:
    """The row's id and content, or the reasons it is refused."""
    record = row.record or {}
    slug = str(record.get("id") or "").strip()
    reasons: list[str] = [row.error] if row.error else []
    if row.error:
        return slug, None, reasons
    problem = kb_slug_problem(slug)
    if problem:
        reasons.append(problem)
    elif slug in seen:
        reasons.append(
            _("Код статьи «%(slug)s» повторяется (уже был в строке %(line)s).")
            % {"slug": slug, "line": seen[slug]}
        )
    questions = _questions(record.get("questions"))
    if questions is None:
        reasons.append(_("Варианты вопроса должны быть списком строк."))
        questions = []
    content = content_clean(
        topic=str(record.get("topic") or ""),
        title=str(record.get("title") or ""),
        questions=questions,
        answer=str(record.get("answer") or ""),
    )
    for messages in kb_content_problems(content).values():
        reasons.extend(messages)
    if reasons:
        return slug, None, reasons
    seen[slug] = row.line  # only an accepted row makes a later one a duplicate
    return slug, content, reasons


# ---- import -----------------------------------------------------------------------


def kb_import(
    *,
    data: bytes,
    fmt: str,
    author: object | None,
    publish: bool = False,
    dry_run: bool = False,
    comment: str = "",
) -> ImportReport:
    """Import articles from a file; refused rows go to the report, the rest are
    saved together (nothing on a dry run). A file that cannot be read at all
    raises ApplicationError and changes nothing."""
    rows = _read(data, fmt)
    report = ImportReport(dry_run=dry_run, rows=len(rows))
    comment = comment or _("Импорт из файла %(format)s") % {"format": fmt.upper()}
    seen: dict[str, int] = {}
    with transaction.atomic():
        for row in rows:
            slug, content, reasons = _parse(row, seen)
            if content is None:
                report.rejected.append(Rejected(row.line, slug, tuple(reasons)))
                continue
            _import_one(slug, content, author, publish, comment, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_one(
    slug: str,
    content: ArticleContent,
    author: object | None,
    publish: bool,
    comment: str,
    report: ImportReport,
) -> None:
    article = KbArticle.objects.filter(slug=slug).first()
    if article is None:
        kb_article_create(
            slug=slug, content=content, author=author, comment=comment, publish=publish
        )
        report.created.append(slug)
        if publish:
            report.published.append(slug)
        return
    was_live = article.published_version_id
    version, created = kb_article_save_version(
        article=article,
        content=content,
        author=author,
        comment=comment,
        publish=publish,
    )
    (report.updated if created else report.unchanged).append(slug)
    if publish and was_live != version.pk:
        report.published.append(slug)


# ---- export -----------------------------------------------------------------------


def kb_export_records(*, published_only: bool = False) -> list[dict[str, Any]]:
    """Return the articles as example-format records: the current version of each,
    or only the live versions of published articles."""
    if published_only:
        versions = KbArticleVersion.objects.filter(
            article__status=KbArticleStatus.PUBLISHED,
            article__published_version=F("pk"),
        )
    else:
        versions = KbArticleVersion.objects.filter(article__current_version=F("pk"))
    return [
        {
            "id": v.article.slug,
            "topic": v.topic,
            "title": v.title,
            "questions": list(v.questions),
            "answer": v.answer,
        }
        for v in versions.select_related("article").order_by("article__slug")
    ]


def kb_export(*, fmt: str, published_only: bool = False) -> bytes:
    """Return the base as a file of the format (jsonl, csv, xlsx)."""
    records = kb_export_records(published_only=published_only)
    if fmt == "jsonl":
        return "".join(
            json.dumps(r, ensure_ascii=False) + "\n" for r in records
        ).encode("utf-8")
    rows = [
        [r["id"], r["topic"], r["title"], "\n".join(r["questions"]), r["answer"]]
        for r in records
    ]
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    if fmt == "xlsx":
        return _xlsx(rows)
    raise ApplicationError(_("Неизвестный формат файла."), code="unknown_format")


def _xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Статьи"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDE", (28, 12, 40, 50, 80), strict=True):
        sheet.column_dimensions[column].width = width
        for cell in sheet[column][1:]:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
