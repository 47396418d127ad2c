"""Import of the planned-works schedule (XLSX, CSV): a preview with clear Russian row
errors; outages are created from the valid rows only after confirmation."""

import io
from datetime import datetime, timedelta
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from gridcare.conftest import PASSWORD
from gridcare.outages.models import Outage, OutageArea, ScheduleImport
from gridcare.outages.schedule_import import (
    parse_area_lines,
    schedule_import_apply,
    schedule_import_preview,
)

pytestmark = pytest.mark.django_db
HEADER = [
    "Номер",
    "Населённый пункт",
    "Улица",
    "Дома",
    "Начало",
    "Окончание",
    "Причина",
    "Уровень напряжения",
]


def _tomorrow(hour: int) -> datetime:
    day = timezone.localtime() + timedelta(days=2)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0, tzinfo=None)


def _xlsx(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("График")
    stamp = book.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    for r, row in enumerate([HEADER, *rows]):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, stamp)
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_xlsx_preview_marks_bad_rows_and_apply_creates_the_good_ones(
    register, supervisor
):
    start, end = _tomorrow(9), _tomorrow(17)
    content = _xlsx(
        [
            [
                "",
                "Казань",
                "ул. Баумана",
                "1-15",
                start,
                end,
                "Ремонт ВЛ-0,4 кВ",
                "0,4 кВ",
            ],
            [
                "Р-7",
                "г. Казань",
                "Пушкина",
                "",
                start,
                end,
                "Техническое обслуживание ТП",
                "10 кВ",
            ],
            ["Р-7", "Казань", "Зелёная", "2", start, end, "", ""],
            ["", "Казнь", "Баумана", "", start, end, "", ""],
            ["", "Казань", "Пушкенская", "", start, end, "", ""],
            ["", "Казань", "Баумана", "15-1", start, end, "", ""],
            ["", "Казань", "Баумана", "77", start, end, "", ""],
            ["", "Казань", "Баумана", "", end, start, "", ""],
            ["", "Казань", "Баумана", "", "завтра утром", end, "", ""],
            ["", "Казань", "Бауманаа", "нечётные 1-9", start, end, "", ""],
        ]
    )
    imported = schedule_import_preview(
        actor=supervisor, file_name="график.xlsx", content=content
    )
    errors = {row["line"]: row["errors"] for row in imported.rows}
    assert errors[2] == [] and errors[3] == [] and errors[4] == []
    assert errors[5] == [
        "населённый пункт «Казнь» не найден в адресном реестре — возможно, «Казань»?"
    ]
    assert errors[6] == [
        "улица «Пушкенская» не найдена в «г. Казань» — возможно, «ул. Пушкина»?"
    ]
    assert errors[7] == ["в диапазоне «15-1» конец меньше начала"]
    assert errors[8] == ["дом 77 не найден: ул. Баумана"]
    assert errors[9] == ["окончание работ не позже начала"]
    assert errors[10] == [
        "«Начало»: «завтра утром» — нужна дата и время вида 12.03.2026 09:00"
    ]
    assert errors[11] == []
    assert (
        imported.rows[9]["warnings"][0]
        == "улица «Бауманаа» распознана как «ул. Баумана»"
    )
    assert Outage.objects.count() == 0  # nothing until confirmed

    created = schedule_import_apply(actor=supervisor, schedule_import=imported)
    assert created == 3  # row 2, rows 3+4 («Р-7» together), row 11
    grouped = Outage.objects.get(areas__street__name="Пушкина")
    assert grouped.areas.count() == 2 and grouped.voltage_level == "SN2"
    assert grouped.cause == "maintenance"
    first = Outage.objects.get(areas__house_from=1, areas__house_to=15)
    assert first.cause_text == "Ремонт ВЛ-0,4 кВ" and first.voltage_level == "NN"
    assert (
        timezone.localtime(first.planned_start).replace(tzinfo=None) == start
    )  # Moscow time
    odd = OutageArea.objects.get(parity="odd")
    assert (odd.house_from, odd.house_to) == (1, 9)
    # The same file again: those works are already loaded.
    again = schedule_import_preview(
        actor=supervisor, file_name="график.xlsx", content=content
    )
    assert "эти работы уже загружены ранее" in again.rows[0]["errors"]


def test_csv_in_windows_1251_with_semicolons(register, supervisor):
    start, end = _tomorrow(10), _tomorrow(12)
    text = (
        "Населённый пункт;Улица;Дома;Начало;Окончание;Причина\n"
        f"Казань;Баумана;5а;{start:%d.%m.%Y %H:%M};{end:%d.%m.%Y %H:%M};Замена опор\n"
    )
    imported = schedule_import_preview(
        actor=supervisor, file_name="g.csv", content=text.encode("cp1251")
    )
    assert imported.rows[0]["errors"] == []
    schedule_import_apply(actor=supervisor, schedule_import=imported)
    assert (
        Outage.objects.get().areas.get().building == register["buildings"]["baumana_5а"]
    )


def test_missing_columns_and_wrong_files_are_refused_in_russian(register, supervisor):
    from gridcare.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="«Начало», «Окончание»"):
        schedule_import_preview(
            actor=supervisor,
            file_name="g.csv",
            content="Населённый пункт;Улица\nКазань;Баумана\n".encode(),
        )
    with pytest.raises(ApplicationError, match="XLSX или CSV"):
        schedule_import_preview(actor=supervisor, file_name="g.pdf", content=b"%PDF")
    with pytest.raises(ApplicationError, match="повреждён"):
        schedule_import_preview(
            actor=supervisor, file_name="g.xlsx", content=b"not a zip"
        )


def test_staff_screens_upload_preview_and_apply(register, supervisor, operator):
    start, end = _tomorrow(9), _tomorrow(11)
    content = _xlsx(
        [
            ["", "Казань", "Баумана", "", start, end, "", ""],
            ["", "Казнь", "", "", start, end, "", ""],
        ]
    )
    client = Client()
    client.login(username=supervisor.email, password=PASSWORD)
    upload = SimpleUploadedFile("график.xlsx", content)
    response = client.post("/staff/outages/import/", {"file": upload})
    imported = ScheduleImport.objects.get()
    assert response.url == f"/staff/outages/import/{imported.pk}/"
    page = client.get(response.url).content.decode()
    assert "Строка 3: населённый пункт «Казнь» не найден" in page
    client.post(response.url, {"action": "apply"})
    assert Outage.objects.count() == 1
    # An operator (no outage-manage right) may not import.
    other = Client()
    other.login(username=operator.email, password=PASSWORD)
    assert other.get("/staff/outages/import/").status_code == 403


def test_staff_area_lines(register):
    areas, problems = parse_area_lines(
        "Казань, Баумана, 1-15\nКазань, ул. Пушкина\nУразла, 15\nВысокая Гора"
    )
    assert problems == []
    assert [
        (a.street_id is not None, a.house_from, a.building_id is not None)
        for a in areas
    ] == [
        (True, 1, False),
        (True, None, False),
        (False, None, True),
        (False, None, False),
    ]
    _, problems = parse_area_lines("Казань, Баумана, 99\nЧебоксары")
    assert problems[0] == "Строка 1: дом 99 не найден: ул. Баумана."
    assert problems[1].startswith("Строка 2: населённый пункт «Чебоксары» не найден")
