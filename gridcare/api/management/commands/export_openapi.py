"""`gridcare export_openapi --out gridcare/api/openapi.json`: write the API v1 schema
(`make openapi`); `--check` exits 1 when the file differs from the code."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridcare.api.openapi_document import openapi_document


class Command(BaseCommand):
    help = "Выгрузить OpenAPI-документ API v1 (ключи по алфавиту, отступ 2, UTF-8)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--out", help="Файл для записи; без него документ печатается в stdout."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Не писать, а сверить файл --out с кодом (код выхода 1 при расхождении).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = openapi_document()
        out = options.get("out")
        if not out:
            if options["check"]:
                raise CommandError("--check требует --out.")
            self.stdout.write(document, ending="")
            return
        path = Path(out)
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != document:
                raise CommandError(
                    f"{path} не совпадает с кодом API. Выполните `make openapi` "
                    "и закоммитьте файл."
                )
            self.stdout.write(f"{path}: совпадает с кодом.")
            return
        path.write_text(document, encoding="utf-8")
        self.stdout.write(f"OpenAPI-документ записан в {path}.")
