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
`--copies-per-year C` makes C copies per year (the demo year itself is one), e.g.
`demo_data --scale 0.25` + `--copies-per-year 4` ≈ 712 k appeals a year in a quarter
of the generation time. Office visits (a full year whatever the scale) are copied
once per earlier year; into earlier years only finished appeals are copied. A rerun
with more years adds only the missing copies.
`--fast-copy` (PostgreSQL, superuser) copies with triggers and foreign-key checks off.
Add DATABASE_URL=postgres://… for PostgreSQL. Prints a Markdown table."""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridcare.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Max, Min, Model  # noqa: E402
from django.db.models.functions import ExtractYear  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from gridcare.appeals.codes import Status  # noqa: E402
from gridcare.appeals.models import Appeal  # noqa: E402
from gridcare.appeals.workflow import OPEN_STATUSES  # noqa: E402
from gridcare.offices.models import Visit  # noqa: E402
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


def _copy_expr(column: str, kind: str, years_back: int, copy: int) -> str:
    """The SELECT expression for one column of copy (years_back, copy)."""
    sqlite = connection.vendor == "sqlite"
    col = connection.ops.quote_name(column)
    suffix = f"/{years_back}{copy}"
    if kind == "DateTimeField" and years_back:
        if sqlite:
            return f"datetime({col}, '-{years_back} years')"
        return f"{col} - make_interval(years => {years_back})"
    if kind == "DateField" and years_back:
        if sqlite:
            return f"date({col}, '-{years_back} years')"
        return f"({col} - make_interval(years => {years_back}))::date"
    if column == "number" and kind == "CharField":  # appeal registration number
        return f"{col} || '{suffix}'"
    if column == "external_id":  # unique per source system: keep it unique
        return f"CASE WHEN {col} = '' THEN '' ELSE {col} || '{suffix}' END"
    if column == "number":  # office ticket: unique per office and day
        return f"{col} + {copy * 100_000}"
    if column in {"power_report_id", "appointment_id"}:  # one-to-one links
        return "NULL"
    return col


def _copy_sql(model: type[Model], where: str, years_back: int, copy: int) -> str:
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.column != "id" and not f.generated  # the database computes those
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    exprs = ", ".join(
        _copy_expr(f.column, f.get_internal_type(), years_back, copy) for f in fields
    )
    table = model._meta.db_table
    return f"INSERT INTO {table} ({columns}) SELECT {exprs} FROM {table} WHERE {where}"


def _plain_indexes(tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX …) of the tables' non-unique indexes (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
            [tables],
        )
        return list(cursor.fetchall())


def clone_years(years: int, copies: int, *, fast: bool = False) -> None:
    """With `fast` (PostgreSQL), the plain indexes are dropped for the copy and built
    again afterwards (the definitions are printed first, in case of a crash)."""
    dropped: list[tuple[str, str]] = []
    if fast and _copies_missing(years, copies):
        dropped = _plain_indexes([Appeal._meta.db_table, Visit._meta.db_table])
        for _name, definition in dropped:
            print(f"{definition};", file=sys.stderr)
        with connection.cursor() as cursor:
            for name, _definition in dropped:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        _clone_years(years, copies, fast=fast)
    finally:
        started = time.perf_counter()
        if dropped:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                for _name, definition in dropped:
                    cursor.execute(definition)
                cursor.execute("ANALYZE appeals_appeal")
                cursor.execute("ANALYZE offices_visit")
            print(
                f"{len(dropped)} indexes rebuilt: {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )


def _demo_probe() -> str | None:
    """The first registration number of the demo itself (never suffixed)."""
    return (
        Appeal.objects.filter(number__isnull=False)
        .exclude(number__contains="/")
        .order_by("id")
        .values_list("number", flat=True)
        .first()
    )


def _copies_missing(years: int, copies: int) -> bool:
    probe = _demo_probe()
    return any(
        (k, c) != (0, 0)
        and not Appeal.objects.filter(number=f"{probe}/{k}{c}").exists()
        for k in range(years)
        for c in range(copies)
    )


def _clone_years(years: int, copies: int, *, fast: bool = False) -> None:
    """Fill `years` years with `copies` copies of the demo year each.

    Copy (k, c) shifts every date of the demo's appeals and office visits k years back
    and suffixes appeal numbers and external ids with «/kc»; visits, a full year at any
    demo scale, are copied for c = 0 only (tickets of c > 0 would get +c·100 000), so
    every unique value stays unique; copy (0, 0) is the demo year itself. Copies already
    made are skipped: a run with more years adds only the missing ones. Only the demo's
    own rows (id ≤ the last unsuffixed number) are copied, never earlier copies, and
    into earlier years only the finished ones (nothing stays in work for years)."""
    probe = _demo_probe()
    assert probe, "no demo appeals to copy"
    last_id = (
        Appeal.objects.filter(number__isnull=False)
        .exclude(number__contains="/")
        .aggregate(m=Max("id"))["m"]
    )
    # Visits have no marker: the demo's own are those of its last twelve months
    # under the first 100 000 ticket numbers (twelve months, so that a copy shifted
    # by whole years never lands on a day the demo already has).
    last_day = Visit.objects.filter(number__lt=100_000).aggregate(m=Max("day"))["m"]
    visit_where = "day > %s AND day <= %s AND number < 100000"
    visit_days = [last_day - timedelta(days=365), last_day] if last_day else []
    still_open = ", ".join(f"'{s}'" for s in {*OPEN_STATUSES, Status.NEW})
    for k in range(years):
        for c in range(copies):
            if (k, c) == (0, 0) or Appeal.objects.filter(
                number=f"{probe}/{k}{c}"
            ).exists():
                continue
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                if fast:
                    # Like pg_restore --disable-triggers: no per-row foreign-key
                    # checks (the copied keys are the demo's own) and no dirty-day
                    # marks (the measurements start with every day marked anyway).
                    cursor.execute("SET LOCAL session_replication_role = replica")
                where = f"id <= {int(last_id)}"
                if k:  # years ago nothing is still in work: copy the finished only
                    where += f" AND status NOT IN ({still_open})"
                cursor.execute(_copy_sql(Appeal, where, k, c))
                appeals = cursor.rowcount
                visits = 0
                if visit_days and c == 0:  # the demo's visits do not scale
                    cursor.execute(_copy_sql(Visit, visit_where, k, c), visit_days)
                    visits = cursor.rowcount
            print(
                f"copy {k}.{c}: {appeals} appeals, {visits} visits, "
                f"{time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )


def appeals_per_year() -> list[tuple[int, int]]:
    rows = (
        Appeal.objects.annotate(y=ExtractYear("received_at", tzinfo=MOSCOW))
        .values_list("y")
        .annotate(n=Count("id"))
        .order_by("y")
    )
    return [(int(y), int(n)) for y, n in rows]


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
    parser.add_argument(
        "--copies-per-year",
        type=int,
        default=1,
        help="copies of the demo year per year (4 after `demo_data --scale 0.25`)",
    )
    parser.add_argument(
        "--fast-copy",
        action="store_true",
        help="PostgreSQL: copy with triggers and foreign-key checks off (superuser)",
    )
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args()
    # Rows of an earlier run's import test are not part of the registry under test.
    old = Appeal.objects.filter(external_id__startswith="OLD-")
    old._raw_delete(old.db)
    if args.years > 1 or args.copies_per_year > 1:
        timed(
            f"Копирование демо-года: {args.years} × {args.copies_per_year}",
            lambda: clone_years(args.years, args.copies_per_year, fast=args.fast_copy),
        )
    for y, n in appeals_per_year():
        print(f"  {y}: {n} appeals", file=sys.stderr)
        ROWS.append((f"Обращений за {y}", f"{n:,}".replace(",", " ")))
    total = Appeal.objects.count()
    last = Appeal.objects.aggregate(y=Max("received_at"))["y"].astimezone(MOSCOW)
    # The latest year: with the demo's rolling twelve months, N and N−1 together
    # cover the whole demo year.
    year = last.year
    print(f"{connection.vendor}: {total} appeals, report year {year}", file=sys.stderr)
    ROWS.append(
        ("База, обращений", f"{connection.vendor}, " + f"{total:,}".replace(",", " "))
    )

    # The dashboards link to the queue (reverse()): load the URLconf now, as a running
    # server has, so that «cold» means a new database connection, not module imports.
    get_resolver().url_patterns  # noqa: B018
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
    # The latest received (with copies, the highest ids are years old).
    ids = list(
        Appeal.objects.order_by("-received_at").values_list("id", flat=True)[:2000]
    )
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
                f"{result.seconds:.1f} с, "
                + f"{result.rows_per_second:,.0f} строк/с".replace(",", " "),
            )
        )
        print(f"import: {result.rows_per_second:.0f} rows/s", file=sys.stderr)

    print("| Измерение | Значение |\n| --- | --- |")
    for label, value in ROWS:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
