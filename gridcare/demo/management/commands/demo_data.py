"""`gridcare demo_data [--scale S] [--if-empty] [--seed N] [--year YYYY]`: build a
believable company with a year of appeals (scale 1: 712.2 thousand appeals)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gridcare.demo.build import build_demo, has_data


class Command(BaseCommand):
    help = (
        "Создаёт демонстрационные данные: филиалы, РЭС, адреса, офисы, сотрудников, "
        "потребителей и обращения за год (масштаб 1 — 712,2 тыс. обращений)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=0.01,
            help="доля от объёмов компании: 1 — полный год, 0.01 — для make run",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="ничего не делать, если в базе уже есть данные",
        )
        parser.add_argument("--seed", type=int, default=2026, help="зерно генератора")
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="календарный год обращений (по умолчанию — год до сегодняшнего дня)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if not 0 < scale <= 10:
            raise CommandError("--scale должен быть больше 0 и не больше 10.")
        if has_data():
            if options["if_empty"]:
                self.stdout.write(
                    "В базе уже есть данные — демо-данные не загружаются."
                )
                return
            raise CommandError(
                "В базе уже есть данные. Создайте пустую базу (gridcare migrate на новом "
                "файле или базе) или запустите с --if-empty."
            )
        try:
            loader = build_demo(
                scale=scale,
                seed=options["seed"],
                year=options["year"],
                log=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Готово:"))
        for line in loader.summary():
            self.stdout.write(line)
