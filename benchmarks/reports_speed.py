"""Speed of reports at scale: the Приложение 7 report and the dashboards on one year
and on ten years of appeals, the aggregate rebuild, and the importer's rows/s.

Run on a database filled by the demo generator (one year ≈ 712 k appeals):

    DEBUG=1 GRIDCARE_DATA_DIR=var/bench gridcare migrate
    DEBUG=1 GRIDCARE_DATA_DIR=var/bench gridcare demo_data --scale 1
    DEBUG=1 GRIDCARE_DATA_DIR=var/bench python benchmarks/reports_speed.py --years 1
    DEBUG=1 GRIDCARE_DATA_DIR=var/bench python benchmarks/reports_speed.py --years 10

`--years N` first copies the demo year N−1 times into the preceding years with one
INSERT … SELECT per year (dates shifted by whole years, numbers suffixed), so the
registry holds N years; the copies go through the same triggers as any insert.
Add DATABASE_URL=postgres://… for PostgreSQL. Prints a Markdown table."""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridcare.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Max, Min  # noqa: E402

from gridcare.appeals.models import Appeal  # noqa: E402
from gridcare.reports.aggregates import (  # noqa: E402
    MOSCOW,
    stats_mark_all,
    stats_refresh_dirty,
    stats_refresh_full,
)
from gridcare.reports.dashboards import DashboardFilters, dashboard_tables  # noqa: E402
from gridcare.reports.importer import appeals_import  # noqa: E402
from gridcare.reports.models import DailyAppealStat, DirtyDay  # noqa: E402
from gridcare.reports.report186 import report_186_build  # noqa: E402

ROWS: list[tuple[str, str]] = []


def timed(label: str, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    ROWS.append((label, f"{seconds:.2f} с"))
    print(f"{label}: {seconds:.2f} s", file=sys.stderr)
    return seconds


def cold() -> None:
    """A new connection: no statement cache, no SQLite page cache."""
    connection.close()


def clone_years(years: int) -> None:
    """Copy the demo year into the `years - 1` preceding years."""
    fields = [f for f in Appeal._meta.concrete_fields if f.column not in {"id"}]
    sqlite = connection.vendor == "sqlite"
    top = Appeal.objects.aggregate(y=Max("received_at"))["y"]
    bottom = Appeal.objects.aggregate(y=Min("received_at"))["y"]
    assert top and bottom
    for k in range(1, years):
        exprs = []
        for f in fields:
            col = connection.ops.quote_name(f.column)
            if f.get_internal_type() == "DateTimeField":
                exprs.append(
                    f"datetime({col}, '-{k} years')"
                    if sqlite
                    else f"{col} - make_interval(years => {k})"
                )
            elif f.column == "number":
                exprs.append(f"{col} || '/{k}'")
            elif f.column == "power_report_id":
                exprs.append("NULL")
            else:
                exprs.append(col)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = (
            f"INSERT INTO appeals_appeal ({columns}) SELECT {', '.join(exprs)} "
            "FROM appeals_appeal WHERE received_at >= %s AND received_at <= %s"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [bottom, top])
        print(f"copied year −{k}", file=sys.stderr)


def import_file(path: Path, rows: int) -> None:
    rng = random.Random(1)
    channels = ["phone", "personal_account", "office", "post", "email", "ivr"]
    categories = ["connection", "metering", "transmission", "other"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(
            [
                "external_id",
                "received_at",
                "channel",
                "category",
                "status",
                "answered_at",
                "rating",
                "contact_name",
                "text",
            ]
        )
        for i in range(rows):
            day = date(2010, 1, 1).toordinal() + rng.randrange(365)
            d = date.fromordinal(day)
            writer.writerow(
                [
                    f"OLD-{i}",
                    f"{d} 10:{i % 60:02d}:00",
                    rng.choice(channels),
                    rng.choice(categories),
                    "closed",
                    f"{d} 18:00:00",
                    rng.choice(["", "5", "4"]),
                    "Иванов",
                    "Историческое обращение",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args()
    # Rows of an earlier run's import test are not part of the registry under test.
    old = Appeal.objects.filter(external_id__startswith="OLD-")
    old._raw_delete(old.db)
    if args.years > 1:
        timed(
            f"Копирование демо-года в {args.years - 1} предыдущих лет",
            lambda: clone_years(args.years),
        )
    total = Appeal.objects.count()
    last = Appeal.objects.aggregate(y=Max("received_at"))["y"].astimezone(MOSCOW)
    # The latest year: with the demo's rolling twelve months, N and N−1 together
    # cover the whole demo year.
    year = last.year
    print(f"{connection.vendor}: {total} appeals, report year {year}", file=sys.stderr)
    ROWS.append(
        ("База, обращений", f"{connection.vendor}, {total:,}".replace(",", " "))
    )

    # Worst case first: every day dirty, the report counts the registry directly.
    stats_mark_all()
    DailyAppealStat.objects.all().delete()
    cold()
    timed(
        "Отчёт, все дни «грязные» (прямой подсчёт)", lambda: report_186_build(year=year)
    )
    timed("Полный пересчёт итогов (reports_refresh --full)", stats_refresh_full)
    ROWS.append(
        ("Строк итогов", f"{DailyAppealStat.objects.count():,}".replace(",", " "))
    )
    cold()
    timed("Отчёт Приложение 7, холодный", lambda: report_186_build(year=year))
    timed("Отчёт Приложение 7, тёплый", lambda: report_186_build(year=year))
    one_year = DashboardFilters(date(year, 1, 1), date(year, 12, 31))
    cold()
    timed("Панели за год, холодные", lambda: dashboard_tables(one_year))
    timed("Панели за год, тёплые", lambda: dashboard_tables(one_year))
    first = (
        Appeal.objects.aggregate(y=Min("received_at"))["y"].astimezone(MOSCOW).date()
    )
    everything = DashboardFilters(first, date(year, 12, 31))
    timed("Панели за весь период, тёплые", lambda: dashboard_tables(everything))
    # A working day's changes: 2 000 appeals touched, then read and refreshed.
    ids = list(Appeal.objects.order_by("-id").values_list("id", flat=True)[:2000])
    Appeal.objects.filter(id__in=ids).update(complaint_settled=True)
    ROWS.append(
        ("«Грязных» дней после правки 2 000 обращений", str(DirtyDay.objects.count()))
    )
    timed("Отчёт с «грязными» днями", lambda: report_186_build(year=year))
    timed("Пересчёт «грязных» дней", stats_refresh_dirty)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "old.csv"
        import_file(path, args.import_rows)
        with path.open(encoding="utf-8") as handle:
            result = appeals_import(handle=handle, batch_size=5000)
        ROWS.append(
            (
                f"Импорт {args.import_rows:,} строк".replace(",", " "),
                f"{result.seconds:.1f} с, {result.rows_per_second:,.0f} строк/с".replace(
                    ",", " "
                ),
            )
        )
        print(f"import: {result.rows_per_second:.0f} rows/s", file=sys.stderr)

    print("| Измерение | Значение |\n| --- | --- |")
    for label, value in ROWS:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
