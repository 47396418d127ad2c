from django.core.management.base import BaseCommand

from gridcare.appeals.services import appeal_escalate_overdue


class Command(BaseCommand):
    help = "Эскалировать просроченные обращения руководителям (запускать по таймеру, напр. раз в 10 минут)."

    def handle(self, *args: object, **options: object) -> None:
        count = appeal_escalate_overdue()
        self.stdout.write(f"Эскалировано обращений: {count}")
