"""`gridcare kb_misses [--days 90]`: group the questions Алсу missed (handed off or
clarified) for `/staff/kb/misses/`; run it by cron (e.g. nightly)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gridcare.chatbot.learning import DEFAULT_DAYS, GROUP_THRESHOLD, kb_misses_regroup


class Command(BaseCommand):
    help = "Group the chat-bot's unanswered questions by similarity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
        parser.add_argument("--threshold", type=float, default=GROUP_THRESHOLD)
        parser.add_argument(
            "--no-nearest",
            action="store_true",
            help="do not ask the matcher for the nearest article (no model load)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kwargs: dict[str, Any] = {
            "days": options["days"],
            "threshold": options["threshold"],
        }
        if options["no_nearest"]:
            kwargs["nearest"] = None
        groups = kb_misses_regroup(**kwargs)
        questions = sum(g.size for g in groups)
        self.stdout.write(f"групп: {len(groups)}, вопросов: {questions}")
