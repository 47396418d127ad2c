"""`gridcare workdays --year 2025 --region RU [--json]`: working days per month."""

import json
from argparse import ArgumentParser
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.models import Region
from gridcare.calendars.workdays import (
    CalendarError,
    is_shortened_day,
    is_working_day,
    month_working_days,
)

MONTHS = [
    _("Январь"),
    _("Февраль"),
    _("Март"),
    _("Апрель"),
    _("Май"),
    _("Июнь"),
    _("Июль"),
    _("Август"),
    _("Сентябрь"),
    _("Октябрь"),
    _("Ноябрь"),
    _("Декабрь"),
]


def _shortened_per_month(year: int, region: str) -> dict[int, int]:
    counts = dict.fromkeys(range(1, 13), 0)
    day = date(year, 1, 1)
    while day.year == year:
        if is_working_day(day, region=region) and is_shortened_day(day, region=region):
            counts[day.month] += 1
        day += timedelta(days=1)
    return counts


class Command(BaseCommand):
    help = "Число рабочих дней по месяцам производственного календаря."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", required=True, help="Год, например 2025.")
        parser.add_argument(
            "--region",
            default=settings.CALENDAR_REGION,
            help="Регион: RU или RU-TA (по умолчанию CALENDAR_REGION).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Вывести один объект JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw_year = str(options["year"]).strip()
        if not raw_year.isdigit():
            raise CommandError(
                str(_("Год должен быть числом, например 2025; получено «%(year)s»."))
                % {"year": raw_year}
            )
        year, region = int(raw_year), options["region"]
        try:
            counts = month_working_days(year, region=region)
            shortened = {} if options["json"] else _shortened_per_month(year, region)
        except CalendarError as error:
            raise CommandError(error.message) from error
        total = sum(counts.values())
        if options["json"]:
            payload: dict[str, int] = {str(month): counts[month] for month in counts}
            payload["total"] = total
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(
            str(_("Производственный календарь на %(year)s год: %(region)s (%(code)s)"))
            % {"year": year, "region": Region(region).label, "code": region}
        )
        header = (
            f"{_('Месяц'):<10} {_('Рабочих дней'):>13} {_('Из них сокращённых'):>19}"
        )
        self.stdout.write(header)
        for month, name in enumerate(MONTHS, start=1):
            self.stdout.write(
                f"{name!s:<10} {counts[month]:>13} {shortened[month]:>19}"
            )
        self.stdout.write(
            f"{_('Итого')!s:<10} {total:>13} {sum(shortened.values()):>19}"
        )
