"""`gridcare report_186 --year 2025 --out report.xlsx [--pdf]`: Приложение 7 to a file."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gridcare.reports.pdf import report_186_pdf
from gridcare.reports.report186 import report_186_build
from gridcare.reports.xlsx import report_186_xlsx


class Command(BaseCommand):
    help = (
        "Формирует «Информацию о качестве обслуживания потребителей услуг» "
        "(Приложение 7 к Приказу № 186) за год в XLSX или PDF."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="отчётный год N")
        parser.add_argument("--out", required=True, help="путь к файлу отчёта")
        parser.add_argument(
            "--pdf", action="store_true", help="PDF вместо XLSX (или расширение .pdf)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= timezone.localdate().year:
            raise CommandError("--year: год от 2000 до текущего.")
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"Папки {out.parent} нет.")
        report = report_186_build(year=year)
        as_pdf = options["pdf"] or out.suffix.lower() == ".pdf"
        content = report_186_pdf(report) if as_pdf else report_186_xlsx(report)
        out.write_bytes(content)
        total = report.table_41[0].cells if report.table_41 else ()
        self.stdout.write(
            self.style.SUCCESS(
                f"Отчёт за {year} год записан в {out} ({len(content)} байт); "
                f"обращений за год: {sum(c.current for c in total)}."
            )
        )
