"""`gridcare kb_eval`: measure the chat-bot's matcher on a knowledge base and questions.

    gridcare kb_eval --kb KB.jsonl --questions Q.jsonl --json

The base is loaded into a temporary in-memory index; the live base and the database
are never touched. The work is done by gridcare.chatbot.matching.evaluate, which also
runs without Django: python -m gridcare.chatbot.matching.evaluate.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gridcare.chatbot.matching.evaluate import evaluate


class Command(BaseCommand):
    help = (
        "Answer test questions from a knowledge base loaded into a temporary index "
        "and print top1, handoff and latency."
    )
    requires_system_checks: list[str] = []  # the database is not used
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kb", type=Path, required=True, help="articles, JSONL")
        parser.add_argument(
            "--questions", type=Path, required=True, help="test questions, JSONL"
        )
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object only"
        )
        parser.add_argument(
            "--vectors",
            type=Path,
            default=None,
            help="vector store (SQLite) to reuse the base's embeddings between runs",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = evaluate(
            options["kb"], options["questions"], vectors_path=options.get("vectors")
        )
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
