"""`gridcare reports_refresh [--full]`: rebuild the daily aggregates of dirty days
(run by a timer every few minutes) or of every day."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from gridcare.reports.aggregates import stats_refresh_dirty, stats_refresh_full


class Command(BaseCommand):
    help = "Пересчитывает дневные итоги обращений (изменившиеся дни или все с --full)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--full", action="store_true", help="пересчитать все дни")

    def handle(self, *args: Any, **options: Any) -> None:
        cleared = stats_refresh_full() if options["full"] else stats_refresh_dirty()
        self.stdout.write(self.style.SUCCESS(f"Пересчитано дней (отметок): {cleared}."))
