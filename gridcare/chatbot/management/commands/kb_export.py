"""`gridcare kb_export FILE [--published]`: write the knowledge base to JSON Lines,
CSV or XLSX (by the file's ending; «-» prints JSON Lines)."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.chatbot.kb_io import format_of, kb_export
from gridcare.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Export the knowledge base (current versions, or only the published ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=".jsonl, .csv, .xlsx, or - for stdout")
        parser.add_argument(
            "--published", action="store_true", help="only live versions"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["path"]
        try:
            fmt = "jsonl" if target == "-" else format_of(target)
            data = kb_export(fmt=fmt, published_only=options["published"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if target == "-":
            sys.stdout.buffer.write(data)
            return
        Path(target).write_bytes(data)
        self.stdout.write(f"{target}: {len(data)} байт")
