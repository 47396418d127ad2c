"""`gridcare remote_queue_assign`: assign waiting appeals of the remote centres."""

from typing import Any

from django.core.management.base import BaseCommand

from gridcare.written_channels.services.remote import remote_queue_assign_waiting


class Command(BaseCommand):
    help = "Распределить ожидающие обращения удалённых центров по специалистам."

    def handle(self, *args: Any, **options: Any) -> None:
        done = remote_queue_assign_waiting()
        self.stdout.write(f"Назначено обращений: {done}")
