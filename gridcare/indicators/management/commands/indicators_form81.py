"""`gridcare indicators_form81 --year 2025 --month 3 --out f81.xlsx`: the monthly form
8.1 (Приказ № 1256, Приложение 8 ✅ [R20]) as XLSX."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.core.errors import ApplicationError
from gridcare.indicators.form81 import form81_get, form81_xlsx


class Command(BaseCommand):
    help = (
        "Выгрузить ежемесячную форму 8.1 (прекращения передачи электроэнергии) в XLSX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, required=True, help="год, например 2025"
        )
        parser.add_argument("--month", type=int, required=True, help="месяц, 1–12")
        parser.add_argument("--out", required=True, help="файл XLSX для записи")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            form = form81_get(year=options["year"], month=options["month"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        path = Path(options["out"])
        path.write_bytes(form81_xlsx(form))
        self.stdout.write(
            f"{form.title}: строк {len(form.reliability.protocol)}, файл {path}"
        )
