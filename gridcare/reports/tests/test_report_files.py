"""Приложение 7 as files: XLSX read back with openpyxl (layout and every 4.1 cell),
PDF with the PT Sans font, the `report_186` command."""

import io
import re
import zlib
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from gridcare.reports.models import PhoneServiceFigures
from gridcare.reports.pdf import report_186_pdf
from gridcare.reports.report186 import report_186_build
from gridcare.reports.xlsx import report_186_xlsx

pytestmark = pytest.mark.django_db

YEAR = 2024


def _sheet_values(sheet, first_row: int, count: int) -> list[list[object]]:
    return [
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=first_row, max_row=first_row + count - 1)
    ]


def test_xlsx_has_the_official_layout_and_every_cell(registry):
    registry(count=600, years=(YEAR - 1, YEAR))
    report = report_186_build(year=YEAR)
    book = openpyxl.load_workbook(io.BytesIO(report_186_xlsx(report)))
    assert book.sheetnames == [
        "Таблица 4.1",
        "Таблица 4.2",
        "4.3-4.5 Телефон, интернет",
        "Раздел 3 ТП",
    ]
    sheet = book["Таблица 4.1"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:Q1", "A2:A3", "B2:B3", "C2:E2", "F2:H2", "O2:Q2"} <= merged
    assert sheet["A2"].value == "N"
    assert sheet["B2"].value == "Категории обращений потребителей"
    assert [sheet.cell(2, c).value for c in (3, 6, 9, 12, 15)] == [
        "Очная форма",
        "Заочная форма с использованием телефонной связи",
        "Электронная форма с использованием сети Интернет",
        "Письменная форма с использованием почтовой связи",
        "Прочее",
    ]
    assert [sheet.cell(3, c).value for c in (3, 4, 5)] == [
        "N-1 (2023)",
        "N (2024)",
        "Динамика изменения показателя, %",
    ]
    assert [sheet.cell(4, c).value for c in range(1, 18)] == list(range(1, 18))
    assert "единиц" in sheet["A1"].value
    for r, row in enumerate(report.table_41, start=5):
        values = [sheet.cell(r, c).value for c in range(1, 18)]
        expected: list[object] = [row.number, row.title]
        for cell in row.cells:
            change = "—" if cell.change is None else float(cell.change)
            expected += [cell.previous, cell.current, change]
        assert values == expected


def test_xlsx_marks_hand_entered_phone_figures(registry, analyst):
    PhoneServiceFigures.objects.create(
        year=YEAR,
        calls_total=1000,
        calls_by_operator=480,
        calls_automatic=500,
        calls_missed=20,
        avg_wait_seconds=35,
        avg_talk_seconds=180,
        callbacks_within_4h_percent=Decimal("97.50"),
        entered_by=analyst,
    )
    book = openpyxl.load_workbook(
        io.BytesIO(report_186_xlsx(report_186_build(year=YEAR)))
    )
    sheet = book["4.3-4.5 Телефон, интернет"]
    assert _sheet_values(sheet, 3, 3) == [
        ["4.3.1", "Поступило телефонных вызовов", "ед.", 1000, None],
        ["4.3.2", "Обработано операторами", "ед.", 480, None],
        ["4.3.3", "Обработано автоматически (голосовое меню)", "ед.", 500, None],
    ]
    assert sheet["A10"].value.startswith("Источник: показатели ВНЕСЕНЫ ВРУЧНУЮ")
    # Another year has none: said so, no numbers.
    other = openpyxl.load_workbook(
        io.BytesIO(report_186_xlsx(report_186_build(year=YEAR - 1)))
    )["4.3-4.5 Телефон, интернет"]
    assert other["D3"].value == "—"
    assert other["A10"].value.startswith("Данных нет")


def _text_streams(pdf: bytes) -> bytes:
    out = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return out


def test_pdf_is_rendered_with_embedded_font(registry):
    registry(count=200, years=(YEAR,))
    pdf = report_186_pdf(report_186_build(year=YEAR))
    assert pdf.startswith(b"%PDF")
    objects = pdf + _text_streams(pdf)
    assert b"/FontFile2" in objects
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+PT-?Sans", objects)
    assert b"/ToUnicode" in objects
    assert len(pdf) > 10_000


def test_command_writes_xlsx_and_pdf(registry, tmp_path):
    registry(count=200, years=(YEAR,))
    out = io.StringIO()
    call_command(
        "report_186", "--year", str(YEAR), "--out", tmp_path / "r.xlsx", stdout=out
    )
    assert "Отчёт за 2024 год записан" in out.getvalue()
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book["Таблица 4.1"]["A5"].value == "1"
    call_command(
        "report_186",
        "--year",
        str(YEAR),
        "--out",
        tmp_path / "r.pdf",
        "--pdf",
        stdout=io.StringIO(),
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_command_refuses_future_year(tmp_path):
    with pytest.raises(CommandError, match="год от 2000 до текущего"):
        call_command("report_186", "--year", "2999", "--out", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
