"""`gridcare fastagi_server --port 4573 --pbx NAME`: the voice menu for Asterisk."""

import asyncio
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.telephony.fastagi import serve
from gridcare.telephony.models import Pbx


class Command(BaseCommand):
    help = "FastAGI-сервер голосового меню для Asterisk (AGI(agi://host:4573/ivr))."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="0.0.0.0")
        parser.add_argument("--port", type=int, default=4573)
        parser.add_argument("--pbx", required=True, help="Название АТС в gridcare.")
        parser.add_argument(
            "--tts-app",
            default="",
            help="Приложение синтеза речи Asterisk для EXEC (пусто — только "
            "переменная GRIDCARE_PROMPT).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pbx = Pbx.objects.filter(name=options["pbx"], is_active=True).first()
        if pbx is None:
            raise CommandError(f"АТС «{options['pbx']}» не найдена или отключена.")
        asyncio.run(self._run(pbx, options))

    async def _run(self, pbx: Pbx, options: dict[str, Any]) -> None:
        server = await serve(
            pbx=pbx,
            host=options["host"],
            port=options["port"],
            tts_app=options["tts_app"],
        )
        self.stdout.write(f"FastAGI: слушаю {options['host']}:{options['port']}")
        async with server:
            await server.serve_forever()
