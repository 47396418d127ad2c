"""`gridcare ami_bridge --host --port --username --secret --pbx NAME`: feed Asterisk's
call events into gridcare; reconnects when the connection drops."""

import asyncio
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.telephony.ami import AmiBridge, AmiLoginFailed
from gridcare.telephony.models import Pbx

RECONNECT_SECONDS = 5


class Command(BaseCommand):
    help = "Мост AMI Asterisk → события звонков gridcare."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=5038)
        parser.add_argument("--username", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument("--pbx", required=True, help="Название АТС в gridcare.")
        parser.add_argument(
            "--once", action="store_true", help="Не переподключаться (отладка)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pbx = Pbx.objects.filter(name=options["pbx"], is_active=True).first()
        if pbx is None:
            raise CommandError(f"АТС «{options['pbx']}» не найдена или отключена.")
        asyncio.run(self._run(pbx, options))

    async def _run(self, pbx: Pbx, options: dict[str, Any]) -> None:
        while True:
            bridge = AmiBridge(
                pbx=pbx,
                host=options["host"],
                port=options["port"],
                username=options["username"],
                secret=options["secret"],
            )
            try:
                count = await bridge.run()
                self.stdout.write(f"AMI: соединение закрыто, событий: {count}")
            except AmiLoginFailed as error:
                raise CommandError(f"Asterisk отказал во входе: {error}") from error
            except OSError as error:
                self.stderr.write(f"AMI: нет соединения: {error}")
            if options["once"]:
                return
            await asyncio.sleep(RECONNECT_SECONDS)
