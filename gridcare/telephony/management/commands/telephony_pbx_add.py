"""`gridcare telephony_pbx_add NAME`: register a PBX and print its key once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.core.errors import ApplicationError
from gridcare.telephony.services import pbx_create


class Command(BaseCommand):
    help = "Зарегистрировать АТС и показать её ключ (X-Telephony-Key) один раз."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pbx, key = pbx_create(name=options["name"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"АТС «{pbx.name}» зарегистрирована. Ключ: {key}")
        self.stdout.write("Сохраните ключ: он больше не будет показан.")
