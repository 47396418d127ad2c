"""Small helpers for the XLSX files of this app (xlsxwriter, in memory)."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone

Cell = str | int | Decimal | None


def moscow(value: datetime | None) -> str:
    """A moment as Russians read it, Moscow time: «05.03.2025 14:30»."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def number(value: Decimal | int | None) -> float | int | None:
    """A value for a numeric cell (XLSX stores numbers as doubles)."""
    if value is None:
        return None
    return value if isinstance(value, int) else float(value)


class Sheet:
    """One worksheet written row by row."""

    def __init__(self, book: Any, name: str, formats: dict[str, Any]):
        self.sheet = book.add_worksheet(name)
        self.formats = formats
        self.row = 0

    def title(self, text: str) -> None:
        self.sheet.write(self.row, 0, text, self.formats["title"])
        self.row += 1

    def note(self, text: str) -> None:
        self.sheet.write(self.row, 0, text, self.formats["note"])
        self.row += 1

    def header(self, cells: list[str]) -> None:
        for col, text in enumerate(cells):
            self.sheet.write(self.row, col, text, self.formats["header"])
        self.row += 1

    def line(self, cells: list[Cell]) -> None:
        for col, value in enumerate(cells):
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                self.sheet.write_number(
                    self.row, col, number(value), self.formats["num"]
                )
            elif value is None or value == "":
                self.sheet.write_blank(self.row, col, None)
            else:
                self.sheet.write_string(self.row, col, str(value))
        self.row += 1

    def skip(self) -> None:
        self.row += 1

    def widths(self, widths: list[int]) -> None:
        for col, width in enumerate(widths):
            self.sheet.set_column(col, col, width)


@contextmanager
def workbook() -> Iterator[tuple[Any, dict[str, Any], io.BytesIO]]:
    """An in-memory workbook with the app's formats; read the buffer after the block."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {
        "title": book.add_format({"bold": True, "font_size": 12}),
        "note": book.add_format({"italic": True, "font_color": "#555555"}),
        "header": book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "border": 1}
        ),
        "num": book.add_format({"num_format": "0.####"}),
    }
    yield book, formats, buffer
    book.close()
