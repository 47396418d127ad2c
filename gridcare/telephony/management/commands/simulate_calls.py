"""`gridcare simulate_calls --date 2026-03-16 [--calls 1914] [--seed 1] [--speed 0]`:
replay a realistic day of calls through the voice menu and the call-event service,
then print the day's figures."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.core.errors import ApplicationError
from gridcare.telephony.selectors import CallFigures, call_day_figures
from gridcare.telephony.simulation import simulation_run


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}".replace(".", ",") + " %"


def _sec(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} с"


class Command(BaseCommand):
    help = "Симуляция дня звонков: голосовое меню, очереди, операторы, показатели."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, type=date.fromisoformat)
        parser.add_argument("--calls", type=int, default=1914)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--speed",
            type=float,
            default=0,
            help="0 — без ожидания; 60 — минута дня за секунду (для табло).",
        )
        parser.add_argument("--operators", type=int, default=14)
        parser.add_argument(
            "--night", type=int, default=3, help="Из них операторов ночной смены."
        )
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["calls"] < 1 or options["operators"] < 1:
            raise CommandError("Нужен хотя бы один звонок и один оператор.")
        try:
            pbx = simulation_run(
                day=options["date"],
                calls=options["calls"],
                seed=options["seed"],
                operators=options["operators"],
                night=options["night"],
                speed=options["speed"],
                replace=options["replace"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        figures = call_day_figures(day=options["date"], pbx=pbx)
        total = figures.total
        write = self.stdout.write
        write(f"Симуляция за {options['date']:%d.%m.%Y}")
        write(f"Звонков: {total.calls}")
        write(
            f"Обслужено автоматически (IVR): {total.automated} "
            f"({_pct(total.automated_share)})"
        )
        write(f"Переведено на операторов: {total.queued}")
        write(f"Отвечено операторами: {total.answered}")
        write(f"Потеряно (не дождались): {total.abandoned}")
        write(f"Уровень обслуживания 80/20: {_pct(total.service_level)}")
        write(f"Среднее ожидание ответа: {_sec(total.average_wait)}")
        write(
            f"Среднее время разговора (AHT без обработки): {_sec(total.average_talk)}"
        )
        write("")
        write(
            self._row(
                "Час", "Звонки", "IVR", "Очередь", "Ответ", "Потер.", "УО", "Ожид."
            )
        )
        for hour in figures.hours:
            if hour.calls:
                write(self._figures(hour))
        write(self._figures(total))

    @staticmethod
    def _row(*cells: str) -> str:
        return "| " + " | ".join(cells) + " |"

    def _figures(self, f: CallFigures) -> str:
        return self._row(
            f.label,
            str(f.calls),
            str(f.automated),
            str(f.queued),
            str(f.answered),
            str(f.abandoned),
            _pct(f.service_level),
            _sec(f.average_wait),
        )
