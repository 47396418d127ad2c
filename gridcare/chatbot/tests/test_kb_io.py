"""Import and export of the knowledge base in JSON Lines, CSV and XLSX, with the
report of rejected rows, dry runs, versions by id, and round trips."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from gridcare.chatbot.kb_io import (
    ImportReport,
    Rejected,
    format_of,
    kb_export,
    kb_export_records,
    kb_import,
)
from gridcare.chatbot.models import KbArticle, KbArticleVersion
from gridcare.chatbot.tests.kb_support import kb_clear, small_kb_create
from gridcare.core.errors import ApplicationError

pytestmark = pytest.mark.django_db

GOOD = {
    "id": "bill-card",
    "topic": "tp",
    "title": "Оплата счёта за присоединение картой",
    "questions": ["Можно ли оплатить подключение картой?", "Оплата ТП онлайн"],
    "answer": "Счёт оплачивают картой в [личном кабинете](/account/).",
}
OTHER = {
    "id": "debt-certificate",
    "topic": "general",
    "title": "Справка об отсутствии задолженности",
    "questions": ["Где взять справку об отсутствии долга?"],
    "answer": "Справку выдаёт гарантирующий поставщик.",
}


def _jsonl(*lines: object) -> bytes:
    return "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
        for line in lines
    ).encode()


@pytest.fixture
def empty_kb(db: object) -> None:
    kb_clear()


def test_jsonl_import_reports_every_rejected_row(empty_kb, administrator):
    data = _jsonl(
        GOOD,
        {**OTHER, "id": ""},
        {**OTHER, "topic": "weather"},
        {**OTHER, "title": " "},
        {**OTHER, "answer": ""},
        {**OTHER, "questions": []},
        {**GOOD, "title": "Повтор"},
        "{not json",
        {**OTHER, "id": "bad id!"},
        {**OTHER, "answer": "Смотрите [тут](javascript:alert(1))"},
        OTHER,
    )

    report = kb_import(data=data, fmt="jsonl", author=administrator)

    assert report == ImportReport(
        dry_run=False,
        rows=11,
        created=["bill-card", "debt-certificate"],
        rejected=[
            Rejected(2, "", ("Не указан код статьи (id).",)),
            Rejected(
                3,
                "debt-certificate",
                (
                    "Неизвестная тематика «weather»; допустимы: tp, service, "
                    "reliability, metering, general.",
                ),
            ),
            Rejected(4, "debt-certificate", ("Не указан заголовок.",)),
            Rejected(5, "debt-certificate", ("Не указан ответ.",)),
            Rejected(6, "debt-certificate", ("Нужен хотя бы один вариант вопроса.",)),
            Rejected(
                7,
                "bill-card",
                ("Код статьи «bill-card» повторяется (уже был в строке 1).",),
            ),
            Rejected(8, "", ("Строка не является корректным JSON.",)),
            Rejected(
                9,
                "bad id!",
                (
                    "Код статьи «bad id!» недопустим: латинские буквы, цифры, «-», «_», "
                    "«.», до 100 символов.",
                ),
            ),
            Rejected(
                10,
                "debt-certificate",
                (
                    "Ссылка «javascript:alert(1» не разрешена: используйте адрес "
                    "http(s):// или адрес страницы сайта, начинающийся с /.",
                ),
            ),
        ],
    )
    article = KbArticle.objects.get(slug="debt-certificate")
    assert article.status == "draft"
    assert article.current_version.number == 1
    assert article.current_version.author == administrator
    assert article.current_version.questions == OTHER["questions"]
    assert KbArticle.objects.count() == 2


def test_csv_import_splits_questions_and_numbers_lines(empty_kb):
    data = (
        "id;topic;title;questions;answer\r\n"
        "bill-card;tp;Оплата картой;Можно ли оплатить картой? | Оплата ТП онлайн;"
        '"Счёт оплачивают картой.\nВ личном кабинете."\r\n'
        'debt-certificate;general;Справка;"Где взять справку?\nНужна справка";Ответ.\r\n'
        "noquestions;general;Без вопросов;;Ответ.\r\n"
    ).encode("utf-8-sig")

    report = kb_import(data=data, fmt="csv", author=None, publish=True)

    assert report.created == ["bill-card", "debt-certificate"]
    assert report.published == ["bill-card", "debt-certificate"]
    assert report.rejected == [
        Rejected(4, "noquestions", ("Нужен хотя бы один вариант вопроса.",))
    ]
    version = KbArticle.objects.get(slug="bill-card").published_version
    assert version.questions == ["Можно ли оплатить картой?", "Оплата ТП онлайн"]
    assert version.answer == "Счёт оплачивают картой.\nВ личном кабинете."
    assert KbArticle.objects.get(slug="debt-certificate").current_version.questions == [
        "Где взять справку?",
        "Нужна справка",
    ]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_import_with_rejected_row(empty_kb):
    data = _xlsx(
        [
            ["ID", "Topic", "Title", "Questions", "Answer"],
            ["bill-card", "tp", "Оплата картой", "Можно ли картой?\nОнлайн?", "Да."],
            [None, None, None, None, None],
            ["x-1", "metering", "", "Вопрос", "Ответ"],
        ]
    )

    report = kb_import(data=data, fmt="xlsx", author=None)

    assert report.created == ["bill-card"]
    assert report.rejected == [Rejected(4, "x-1", ("Не указан заголовок.",))]


def test_unreadable_files_are_refused_whole(empty_kb):
    with pytest.raises(ApplicationError) as missing:
        kb_import(data=b"id,title\r\nx,y\r\n", fmt="csv", author=None)
    with pytest.raises(ApplicationError) as broken:
        kb_import(data=b"PK\x03\x04 broken", fmt="xlsx", author=None)
    with pytest.raises(ApplicationError) as unknown:
        format_of("base.docx")

    assert missing.value.message == (
        "В файле нет столбцов: topic, questions, answer. "
        "Нужны: id, topic, title, questions, answer."
    )
    assert broken.value.message == "Не удалось прочитать файл XLSX."
    assert (
        unknown.value.message
        == "Неизвестный формат файла: нужен .jsonl, .csv или .xlsx."
    )
    assert KbArticle.objects.count() == 0


def test_existing_id_gets_a_new_version_and_same_content_none(empty_kb):
    kb_import(data=_jsonl(GOOD, OTHER), fmt="jsonl", author=None, publish=True)
    changed = {**GOOD, "questions": [*GOOD["questions"], "Картой можно?"]}

    report = kb_import(data=_jsonl(changed, OTHER), fmt="jsonl", author=None)

    assert (report.created, report.updated, report.unchanged, report.published) == (
        [],
        ["bill-card"],
        ["debt-certificate"],
        [],
    )
    article = KbArticle.objects.get(slug="bill-card")
    assert [v.number for v in article.versions.all()] == [1, 2]
    # Imported without --publish: the live version is still the first.
    assert article.published_version.number == 1
    assert article.current_version.questions[-1] == "Картой можно?"


def test_dry_run_counts_but_saves_nothing(empty_kb, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        report = kb_import(
            data=_jsonl(GOOD, OTHER),
            fmt="jsonl",
            author=None,
            publish=True,
            dry_run=True,
        )

    assert report.dry_run is True
    assert report.created == ["bill-card", "debt-certificate"]
    assert KbArticle.objects.count() == 0
    assert KbArticleVersion.objects.count() == 0
    assert callbacks == []  # no «kb changed» for what was rolled back


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx"])
def test_export_then_import_gives_the_same_base(db, fmt):
    small_kb_create()
    before = kb_export_records()
    data = kb_export(fmt=fmt)
    kb_clear()

    report = kb_import(data=data, fmt=fmt, author=None, publish=True)

    assert report.rejected == []
    assert len(report.created) == 8
    assert kb_export_records() == before
    assert kb_export_records(published_only=True) == before


def test_export_is_the_example_format(db):
    small_kb_create()

    lines = kb_export(fmt="jsonl").decode().splitlines()
    table = list(csv.reader(io.StringIO(kb_export(fmt="csv").decode("utf-8-sig"))))

    first = json.loads(lines[0])
    assert list(first) == ["id", "topic", "title", "questions", "answer"]
    assert first["id"] == "complaint-file"
    assert table[0] == ["id", "topic", "title", "questions", "answer"]
    assert table[1][3] == "\n".join(first["questions"])


def test_shipped_base_was_loaded_and_exports_as_shipped(db):
    from gridcare.chatbot.engine import KB_PATH

    shipped = sorted(
        (json.loads(line) for line in KB_PATH.read_text().splitlines() if line),
        key=lambda r: r["id"],
    )

    assert kb_export_records(published_only=True) == shipped


def test_commands_import_and_export(empty_kb, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(_jsonl(GOOD, {**OTHER, "topic": "x"}))
    out = io.StringIO()

    call_command("kb_import", str(source), "--publish", stdout=out)
    call_command(
        "kb_export", str(tmp_path / "out.xlsx"), "--published", stdout=io.StringIO()
    )

    assert out.getvalue().splitlines() == [
        "строк 2, новых статей 1, новых версий 0, без изменений 0, опубликовано 1, "
        "отклонено 1",
        "строка 2 [debt-certificate]: Неизвестная тематика «x»; допустимы: tp, "
        "service, reliability, metering, general.",
    ]
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert [c.value for c in sheet[2]][:3] == ["bill-card", "tp", GOOD["title"]]
