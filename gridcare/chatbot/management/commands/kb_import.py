"""`gridcare kb_import FILE [--publish] [--dry-run]`: load articles into the live
knowledge base from JSON Lines, CSV or XLSX; prints the report of rejected rows.

    gridcare kb_import gridcare/chatbot/data/kb.jsonl --publish
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.chatbot.kb_io import format_of, kb_import
from gridcare.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Import knowledge-base articles (new articles or new versions by id)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=".jsonl, .csv or .xlsx")
        parser.add_argument(
            "--publish", action="store_true", help="make imported versions live"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, save nothing"
        )
        parser.add_argument("--comment", default="", help="comment of the versions")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            report = kb_import(
                data=path.read_bytes(),
                fmt=format_of(path.name),
                author=None,
                publish=options["publish"],
                dry_run=options["dry_run"],
                comment=options["comment"],
            )
        except (OSError, ApplicationError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        prefix = "Проверка (ничего не сохранено): " if report.dry_run else ""
        self.stdout.write(
            f"{prefix}строк {report.rows}, новых статей {len(report.created)}, "
            f"новых версий {len(report.updated)}, без изменений "
            f"{len(report.unchanged)}, опубликовано {len(report.published)}, "
            f"отклонено {len(report.rejected)}"
        )
        for row in report.rejected:
            reasons = "; ".join(row.reasons)
            self.stdout.write(f"строка {row.line} [{row.article_id or '—'}]: {reasons}")
