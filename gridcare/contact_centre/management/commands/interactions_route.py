"""`gridcare interactions_route`: give waiting chats and written appeals to operators
again, so overflow rules apply once their waiting time has passed (every minute)."""

from typing import Any

from django.core.management.base import BaseCommand

from gridcare.contact_centre.services.interactions import interactions_route_waiting


class Command(BaseCommand):
    help = "Повторно распределить ожидающие чаты и письменные обращения по операторам."

    def handle(self, *args: Any, **options: Any) -> None:
        given = interactions_route_waiting()
        self.stdout.write(f"Распределено: {len(given)}")
