"""`gridcare import_appeals FILE.csv [--dry-run] [--batch-size N] [--rejected OUT.csv]`:
load historical appeals from a previous system (columns: docs/domains/reports.md)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridcare.reports.importer import RowError, appeals_import, rejected_csv_write


class Command(BaseCommand):
    help = "Загружает исторические обращения из CSV прежней системы."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV в UTF-8, разделитель «;» или «,»")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="только проверить, ничего не записывать",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--rejected",
            help="куда записать отклонённые строки (по умолчанию FILE.rejected.csv)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл {path} не найден.")
        if not 100 <= options["batch_size"] <= 100_000:
            raise CommandError("--batch-size: от 100 до 100000.")
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                result = appeals_import(
                    handle=handle,
                    dry_run=options["dry_run"],
                    batch_size=options["batch_size"],
                    log=lambda line: self.stderr.write(line),
                )
        except RowError as exc:
            raise CommandError(str(exc)) from exc
        except UnicodeDecodeError as exc:
            raise CommandError("Файл не в кодировке UTF-8.") from exc
        verb = "проверено бы к загрузке" if result.dry_run else "загружено"
        self.stdout.write(
            f"Строк: {result.total}; {verb}: {result.imported}; уже были в реестре: "
            f"{result.skipped_existing}; отклонено: {len(result.rejected)}; "
            f"{result.rows_per_second:.0f} строк/с."
        )
        if result.rejected:
            out = Path(options["rejected"] or f"{path}.rejected.csv")
            rejected_csv_write(result, out)
            self.stdout.write(f"Отклонённые строки с причинами: {out}")
            for line, key, reason in result.rejected[:10]:
                self.stdout.write(f"  строка {line} ({key}): {reason}")
