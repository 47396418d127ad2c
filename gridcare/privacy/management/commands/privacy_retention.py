"""Apply the personal-data retention rules: `gridcare privacy_retention [--dry-run]`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gridcare.privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Удаляет или обезличивает записи, срок хранения которых истёк."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только посчитать, ничего не менять.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        results = retention_apply(dry_run=dry_run, batch_size=options["batch_size"])
        verb = "к обработке" if dry_run else "обработано"
        for r in results:
            span = f" (id {r.first_id}–{r.last_id})" if r.count else ""
            self.stdout.write(f"{r.rule}: {verb} {r.count}{span}")
