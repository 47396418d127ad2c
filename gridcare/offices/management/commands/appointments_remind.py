"""Remind consumers of tomorrow's office appointments (run daily by a timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from gridcare.offices.services import appointments_remind


class Command(BaseCommand):
    help = (
        "Напомнить о завтрашних записях на приём в офисы (повторный запуск безопасен)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = appointments_remind()
        self.stdout.write(f"Отправлено напоминаний: {count}")
