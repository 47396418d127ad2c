"""Paper documents of the post channel: the answer letter (PDF) and the day's mailing
register (реестр почтовых отправлений) as PDF and XLSX. PT Sans (vendored by
grid_connections) is embedded, so the PDF looks the same everywhere."""

import io
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from gridcare.written_channels.models import OutgoingLetter

FONT_DIR = Path(settings.BASE_DIR) / "static" / "grid_connections" / "fonts"
REGISTER_COLUMNS = (
    "№ п/п",
    "Адресат",
    "Адрес",
    "Рег. номер обращения",
    "ШПИ",
)


def _fonts() -> dict[str, str]:
    return {
        "font_regular": (FONT_DIR / "PTSans_400Regular.ttf").as_uri(),
        "font_bold": (FONT_DIR / "PTSans_700Bold.ttf").as_uri(),
    }


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # heavy import: only where PDFs are made

    html = render_to_string(template, {**context, **_fonts()})
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()  # type: ignore[no-any-return]


def letter_pdf(letter: OutgoingLetter) -> bytes:
    """The answer letter: company, date, outgoing reference, addressee, text."""
    return _pdf(
        "written_channels/pdf/letter.html",
        {
            "letter": letter,
            "appeal": letter.appeal,
            "company": settings.COMPANY_NAME,
            "today": timezone.localdate(),
        },
    )


def register_rows(letters: list[OutgoingLetter]) -> list[tuple[object, ...]]:
    return [
        (
            i,
            letter.recipient_name,
            letter.recipient_address,
            letter.appeal.number or "",
            letter.tracking_number,
        )
        for i, letter in enumerate(letters, 1)
    ]


def mailing_register_pdf(*, day: date, letters: list[OutgoingLetter]) -> bytes:
    return _pdf(
        "written_channels/pdf/mailing_register.html",
        {
            "day": day,
            "rows": register_rows(letters),
            "columns": REGISTER_COLUMNS,
            "company": settings.COMPANY_NAME,
        },
    )


def mailing_register_xlsx(*, day: date, letters: list[OutgoingLetter]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Реестр")
    bold = book.add_format({"bold": True, "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    sheet.write(
        0,
        0,
        f"Реестр почтовых отправлений от {day:%d.%m.%Y} — {settings.COMPANY_NAME}",
        book.add_format({"bold": True}),
    )
    for col, (title, width) in enumerate(
        zip(REGISTER_COLUMNS, (6, 30, 50, 16, 18), strict=True)
    ):
        sheet.set_column(col, col, width)
        sheet.write(2, col, title, bold)
    rows = register_rows(letters)
    for row, values in enumerate(rows, 3):
        for col, value in enumerate(values):
            sheet.write(row, col, value, cell)
    sheet.write(len(rows) + 4, 0, f"Всего отправлений: {len(rows)}")
    book.close()
    return buffer.getvalue()
