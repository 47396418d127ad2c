"""Приложение 7 as XLSX in the layout of the form: merged headers, column numbers,
units, N−1 / N / «Динамика, %» under each of the five service forms ✅ [R2]."""

import io
from decimal import Decimal
from typing import Any

from gridcare.appeals.codes import ServiceForm
from gridcare.reports.models import DeadlineBucket
from gridcare.reports.providers import Source
from gridcare.reports.report186 import FORMS, Report186

PHONE_ROWS = (
    ("calls_total", "Поступило телефонных вызовов", "ед."),
    ("calls_by_operator", "Обработано операторами", "ед."),
    ("calls_automatic", "Обработано автоматически (голосовое меню)", "ед."),
    ("calls_missed", "Пропущено вызовов", "ед."),
    ("avg_wait_seconds", "Среднее время ожидания ответа оператора", "с"),
    ("avg_talk_seconds", "Среднее время разговора", "с"),
    ("callbacks_within_4h_percent", "Доля перезвонов в течение 4 часов", "%"),
)
SOURCE_TEXT = {
    Source.RECORDS: "Источник: записи о вызовах контакт-центра.",
    Source.MANUAL: "Источник: показатели ВНЕСЕНЫ ВРУЧНУЮ сотрудником (записей о "
    "вызовах в системе нет).",
    Source.NONE: "Данных нет: записи о вызовах не ведутся, показатели за год "
    "вручную не внесены.",
}
POWER_GROUP_TEXT = {
    "up_to_15": "до 15 кВт включительно",
    "15_150": "свыше 15 до 150 кВт включительно",
    "150_670": "свыше 150 до 670 кВт",
    "over_670": "не менее 670 кВт",
    "generation": "объекты микрогенерации",
}


class _Formats:
    def __init__(self, book: Any) -> None:
        base = {"border": 1, "valign": "vcenter", "font_name": "Times New Roman"}
        self.title = book.add_format(
            {"bold": True, "font_size": 12, "text_wrap": True, "align": "center"}
        )
        self.head = book.add_format(
            {**base, "bold": True, "text_wrap": True, "align": "center"}
        )
        self.number = book.add_format({**base, "align": "center", "italic": True})
        self.text = book.add_format({**base, "text_wrap": True})
        self.bold_text = book.add_format({**base, "text_wrap": True, "bold": True})
        self.int = book.add_format({**base, "num_format": "0"})
        self.percent = book.add_format({**base, "num_format": "0.0"})
        self.note = book.add_format({"italic": True, "text_wrap": True})


def _value(sheet: Any, row: int, col: int, value: object, fmt: _Formats) -> None:
    if value is None:
        sheet.write_string(row, col, "—", fmt.text)
    elif isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), fmt.percent)
    elif isinstance(value, int):
        sheet.write_number(row, col, value, fmt.int)
    else:
        sheet.write_string(row, col, str(value), fmt.text)


def _sheet_41(book: Any, report: Report186, fmt: _Formats) -> None:
    sheet = book.add_worksheet("Таблица 4.1")
    last_col = 1 + 3 * len(FORMS)
    sheet.merge_range(
        0,
        0,
        0,
        last_col,
        "4.1. Информация об обращениях потребителей, в том числе содержащих жалобу "
        "и (или) заявку на оказание услуг, а также о результатах их рассмотрения "
        f"за {report.year} год, единиц",
        fmt.title,
    )
    sheet.set_row(0, 45)
    sheet.merge_range(1, 0, 2, 0, "N", fmt.head)
    sheet.merge_range(1, 1, 2, 1, "Категории обращений потребителей", fmt.head)
    for i, form in enumerate(FORMS):
        col = 2 + 3 * i
        sheet.merge_range(1, col, 1, col + 2, str(ServiceForm(form).label), fmt.head)
        sheet.write(2, col, f"N-1 ({report.year - 1})", fmt.head)
        sheet.write(2, col + 1, f"N ({report.year})", fmt.head)
        sheet.write(2, col + 2, "Динамика изменения показателя, %", fmt.head)
    sheet.set_row(1, 48)
    sheet.set_row(2, 48)
    for col in range(last_col + 1):
        sheet.write_number(3, col, col + 1, fmt.number)
    for r, row in enumerate(report.table_41, start=4):
        sheet.write_string(r, 0, row.number, fmt.text)
        sheet.write_string(r, 1, row.title, fmt.bold_text if row.is_bold else fmt.text)
        for i, cell in enumerate(row.cells):
            col = 2 + 3 * i
            _value(sheet, r, col, cell.previous, fmt)
            _value(sheet, r, col + 1, cell.current, fmt)
            _value(sheet, r, col + 2, cell.change, fmt)
    note = 4 + len(report.table_41) + 1
    sheet.merge_range(
        note,
        0,
        note,
        last_col,
        "«—» в графе динамики: в году N-1 обращений не было, изменение не "
        "определено. Перечень строк — редактируемые данные (⚠️ regulation.md §1.10).",
        fmt.note,
    )
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, last_col, 11)
    sheet.freeze_panes(4, 2)


def _sheet_42(book: Any, report: Report186, fmt: _Formats) -> None:
    sheet = book.add_worksheet("Таблица 4.2")
    heads = [
        "N",
        "Офис обслуживания потребителей",
        "Тип офиса",
        "Адрес местонахождения",
        "Номер телефона, адрес электронной почты",
        "Режим работы",
        "Предоставляемые услуги",
        "Количество посетителей, чел.",
        "Среднее время на обслуживание, мин",
        "Среднее время ожидания, мин",
    ]
    sheet.merge_range(
        0,
        0,
        0,
        len(heads) - 1,
        f"4.2. Информация о деятельности офисов обслуживания потребителей "
        f"за {report.year} год",
        fmt.title,
    )
    sheet.write_row(1, 0, heads, fmt.head)
    sheet.write_row(2, 0, list(range(1, len(heads) + 1)), fmt.number)
    for r, office in enumerate(report.table_42, start=3):
        visits = office.visits
        values: list[object] = [
            office.number,
            office.name,
            office.kind,
            office.address,
            office.contacts,
            office.hours,
            office.services,
            visits.visitors if visits else None,
            visits.avg_service_minutes if visits else None,
            visits.avg_wait_minutes if visits else None,
        ]
        for c, value in enumerate(values):
            _value(sheet, r, c, value, fmt)
    sheet.set_row(1, 60)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 6, 24)
    sheet.set_column(7, 9, 14)


def _sheet_service(book: Any, report: Report186, fmt: _Formats) -> None:
    sheet = book.add_worksheet("4.3-4.5 Телефон, интернет")
    sheet.merge_range(
        0,
        0,
        0,
        4,
        f"4.3. Заочное обслуживание по телефону, {report.year} год",
        fmt.title,
    )
    sheet.write_row(1, 0, ["N", "Показатель", "Ед. изм.", "Значение"], fmt.head)
    for i, (name, title, unit) in enumerate(PHONE_ROWS, start=1):
        sheet.write_row(1 + i, 0, [f"4.3.{i}", title, unit], fmt.text)
        _value(sheet, 1 + i, 3, getattr(report.phone, name), fmt)
    row = 2 + len(PHONE_ROWS)
    sheet.merge_range(row, 0, row, 4, SOURCE_TEXT[report.phone.source], fmt.note)
    row += 2
    sheet.merge_range(
        row, 0, row, 4, "4.4. Обращения через интернет-сервисы, единиц", fmt.title
    )
    sheet.write_row(
        row + 1,
        0,
        [
            "N",
            "Сервис",
            f"N-1 ({report.year - 1})",
            f"N ({report.year})",
            "Динамика, %",
        ],
        fmt.head,
    )
    for i, item in enumerate(report.internet, start=1):
        r = row + 1 + i
        sheet.write_row(r, 0, [f"4.4.{i}", str(item.channel)], fmt.text)
        _value(sheet, r, 2, item.previous, fmt)
        _value(sheet, r, 3, item.current, fmt)
        _value(sheet, r, 4, item.change, fmt)
    row = row + 3 + len(report.internet)
    sheet.merge_range(
        row, 0, row, 4, "4.5. Сроки рассмотрения и удовлетворённость", fmt.title
    )
    items: list[tuple[str, object]] = [
        (str(DeadlineBucket(b).label), n) for b, n in report.deadlines.items()
    ]
    items += [
        ("Средняя оценка качества обслуживания (1–5)", report.rating_avg),
        ("Количество оценок", report.rating_count),
    ]
    for i, (title, value) in enumerate(items, start=1):
        sheet.write_row(row + i, 0, [f"4.5.{i}", title], fmt.text)
        _value(sheet, row + i, 2, value, fmt)
    sheet.set_column(0, 0, 7)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 4, 14)


def _sheet_connection(book: Any, report: Report186, fmt: _Formats) -> None:
    sheet = book.add_worksheet("Раздел 3 ТП")
    sheet.merge_range(
        0,
        0,
        0,
        4,
        "3. Информация о качестве услуг по технологическому присоединению "
        f"за {report.year} год (⚠️ группы мощности [R70])",
        fmt.title,
    )
    heads = [
        "N",
        "Группа по максимальной мощности",
        "Подано заявок",
        "Заключено договоров",
        "Осуществлено присоединений",
    ]
    sheet.write_row(1, 0, heads, fmt.head)
    for i, group in enumerate(report.connection, start=1):
        sheet.write_row(
            1 + i, 0, [f"3.{i}", POWER_GROUP_TEXT.get(group.power_group, "")], fmt.text
        )
        for c, v in enumerate(
            (
                group.applications_received,
                group.contracts_concluded,
                group.connections_completed,
            ),
            start=2,
        ):
            _value(sheet, 1 + i, c, v, fmt)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 4, 16)


def report_186_xlsx(report: Report186) -> bytes:
    """Render the built report as an XLSX workbook."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties(
        {
            "title": f"Приложение 7 к Приказу Минэнерго № 186, {report.year}",
            "company": report.company,
        }
    )
    fmt = _Formats(book)
    _sheet_41(book, report, fmt)
    _sheet_42(book, report, fmt)
    _sheet_service(book, report, fmt)
    _sheet_connection(book, report, fmt)
    book.close()
    return out.getvalue()
