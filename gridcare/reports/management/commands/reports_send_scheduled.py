"""`gridcare reports_send_scheduled [--date YYYY-MM-DD]`: send the report
subscriptions due today (weekly on Mondays, monthly on the 1st); run daily."""

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridcare.reports.services import subscriptions_send_due


class Command(BaseCommand):
    help = "Рассылает отчёты по подпискам, срок которых наступил сегодня."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", help="считать сегодняшним днём (ГГГГ-ММ-ДД)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError("--date: ожидается ГГГГ-ММ-ДД.") from exc
        sent = subscriptions_send_due(today=today)
        self.stdout.write(self.style.SUCCESS(f"Отправлено отчётов: {sent}."))
