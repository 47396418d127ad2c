"""gridcare import_connection_rates FILE --code … --title … --region RU-TA
--valid-from 2027-01-01 [--valid-to …] [--includes-vat] --vat-rate 22 --mark ✅
--reference "…" [--act "…"] [--sample]: load a new version of a rate table."""

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.calendars.models import StatusMark
from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.rate_import import (
    RateTableMeta,
    rate_rows_read,
    rate_table_import,
)


class Command(BaseCommand):
    help = "Загрузить новую версию таблицы ставок платы за ТП из XLSX или CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--code", required=True, help="код серии таблицы")
        parser.add_argument("--title", required=True)
        parser.add_argument("--region", required=True, help="например RU-TA")
        parser.add_argument("--valid-from", required=True, type=date.fromisoformat)
        parser.add_argument("--valid-to", type=date.fromisoformat)
        parser.add_argument("--includes-vat", action="store_true")
        parser.add_argument("--vat-rate", required=True)
        parser.add_argument("--mark", required=True, choices=StatusMark.values)
        parser.add_argument("--reference", required=True)
        parser.add_argument("--act", default="")
        parser.add_argument("--sample", action="store_true", help="ОБРАЗЕЦ ставок")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Файл не найден: {path}")
        try:
            vat_rate = Decimal(str(options["vat_rate"]).replace(",", "."))
        except InvalidOperation as exc:
            raise CommandError("--vat-rate: нужно число") from exc
        meta = RateTableMeta(
            code=options["code"],
            title=options["title"],
            region=options["region"],
            valid_from=options["valid_from"],
            valid_to=options["valid_to"],
            includes_vat=options["includes_vat"],
            vat_rate=vat_rate,
            status_mark=options["mark"],
            reference=options["reference"],
            act=options["act"],
            is_sample=options["sample"],
        )
        try:
            rows = rate_rows_read(name=path.name, content=path.read_bytes())
            table = rate_table_import(meta=meta, rows=rows, source_file=path.name)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Загружена таблица «{table.title}» версия {table.version}: "
            f"{table.items.count()} ставок."
        )
