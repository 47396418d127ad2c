"""A plain table (title, columns, rows) shown beside each chart and exported as CSV or
XLSX; cells are int, Decimal, str or None (shown as «—»)."""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

CellValue = int | Decimal | str | None


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[CellValue]]
    # Optional drill-down link per row (the staff queue filtered to the row).
    links: list[str] = field(default_factory=list)
    note: str = ""

    def linked_rows(self) -> list[tuple[str, CellValue, list[CellValue]]]:
        """(drill-down link or "", first cell, other cells) per row, for templates."""
        links = self.links or [""] * len(self.rows)
        return [
            (link, row[0], row[1:]) for link, row in zip(links, self.rows, strict=True)
        ]


def table_csv(table: Table) -> str:
    """The table as CSV (semicolon-separated, decimal comma: what Russian Excel opens)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            [
                ""
                if v is None
                else str(v).replace(".", ",")
                if isinstance(v, Decimal)
                else v
                for v in row
            ]
        )
    return "\ufeff" + out.getvalue()  # BOM: Excel reads UTF-8


def tables_xlsx(tables: Sequence[Table], *, progress: object | None = None) -> bytes:
    """Every table on its own sheet; `progress(done, total)` is called per sheet."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True, "border": 1})
    plain = book.add_format({"border": 1})
    decimal = book.add_format({"border": 1, "num_format": "0.00"})
    title_format = book.add_format({"bold": True, "font_size": 12})
    for index, table in enumerate(tables):
        name = re.sub(r"[\[\]:*?/\\]", " ", f"{index + 1}. {table.title}")
        sheet = book.add_worksheet(name[:31].strip())
        sheet.write_string(0, 0, str(table.title), title_format)
        if table.note:
            sheet.write_string(1, 0, str(table.note))
        sheet.write_row(2, 0, [str(c) for c in table.columns], bold)
        for r, row in enumerate(table.rows, start=3):
            for c, value in enumerate(row):
                if value is None:
                    sheet.write_string(r, c, "—", plain)
                elif isinstance(value, Decimal):
                    sheet.write_number(r, c, float(value), decimal)
                elif isinstance(value, int):
                    sheet.write_number(r, c, value, plain)
                else:
                    sheet.write_string(r, c, str(value), plain)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, max(1, len(table.columns) - 1), 14)
        if callable(progress):
            progress(index + 1, len(tables))
    book.close()
    return out.getvalue()
