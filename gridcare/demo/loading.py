"""Bulk insertion for demo data: primary keys allocated up front (so rows can point at
each other before they are saved), inserts in batches of BATCH_SIZE, progress and
totals.

Two ways in. Reference data (branches, offices, staff…) goes through `bulk_create`.
The high-volume tables (appeals, their history, consumers…) are written as plain rows
with one prepared INSERT and `executemany`: for the 55-column Appeal, building model
instances and letting `bulk_create` compile SQL cost ≈ 280 µs a row in Python, five
times what SQLite needs to store it, which made a full year take a quarter of an hour.
Rows carry the same values a model would: column defaults come from the fields, and
datetimes, dates and JSON are adapted as Django adapts them."""

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

BATCH_SIZE = 5_000


def _sqlite_datetime(value: datetime | None) -> str | None:
    # As DatabaseOperations.adapt_datetimefield_value with USE_TZ: naive UTC text.
    if value is None:
        return None
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_json(value: object) -> str | None:
    return None if value is None else json.dumps(value)


def _postgres_json(value: object) -> object:
    from psycopg.types.json import Jsonb

    return None if value is None else Jsonb(value)


class TableWriter:
    """Turns dicts of attribute values into rows of one model's table and inserts them."""

    def __init__(self, model: type[models.Model]) -> None:
        fields = model._meta.concrete_fields
        now = timezone.now()
        self.attnames = [f.attname for f in fields]
        self.defaults: list[object] = []
        for f in fields:
            auto_now = getattr(f, "auto_now", False) or getattr(
                f, "auto_now_add", False
            )
            self.defaults.append(now if auto_now else f.get_default())
        sqlite = connection.vendor == "sqlite"
        adapters: list[Callable[[Any], Any] | None] = []
        for f in fields:
            kind = f.get_internal_type()
            if kind == "DateTimeField":
                adapters.append(_sqlite_datetime if sqlite else None)
            elif kind == "DateField":
                adapters.append(_sqlite_date if sqlite else None)
            elif kind == "JSONField":
                adapters.append(_sqlite_json if sqlite else _postgres_json)
            else:
                adapters.append(None)
        self.adapted = [(i, a) for i, a in enumerate(adapters) if a is not None]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = quote(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    def row(self, values: dict[str, object]) -> list[object]:
        """The row for {attname: value}, adapted for the database."""
        row = [
            values.get(a, d) for a, d in zip(self.attnames, self.defaults, strict=True)
        ]
        for index, adapt in self.adapted:
            row[index] = adapt(row[index])
        return row

    def execute(self, rows: Sequence[Sequence[object]]) -> int:
        """Insert rows made by `row`: COPY on PostgreSQL (one round trip instead of one
        statement per row), a prepared INSERT with executemany on SQLite."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
                return len(rows)
            for start in range(0, len(rows), BATCH_SIZE):
                cursor.executemany(self.sql, rows[start : start + BATCH_SIZE])
        return len(rows)


class Keys:
    """Primary keys handed out in order from a known start, without queries (the
    appeal generator may run in another process)."""

    def __init__(self, next_pk: dict[str, int]) -> None:
        self.next_pk = dict(next_pk)

    def allocate(self, model: type[models.Model], count: int = 1) -> int:
        label = model._meta.label
        first = self.next_pk[label]
        self.next_pk[label] = first + count
        return first


@contextmanager
def bulk_session() -> Iterator[None]:
    """On SQLite, give this connection a large page cache and skip the fsync of every
    commit (WAL + synchronous=NORMAL: a crash may lose the last batches, never
    corrupts) while demo data loads; restore the settings' pragmas afterwards.
    Inside a transaction (tests) SQLite refuses the change: nothing is done."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size=-1048576")  # 1 GiB
        cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(cache_size)}")
            cursor.execute(f"PRAGMA synchronous={int(synchronous)}")


class BulkLoader:
    """Inserts rows of many models and reports rows per second."""

    def __init__(self, *, log: Callable[[str], None] = print) -> None:
        self.log = log
        self.rows: Counter[str] = Counter()
        self.started = time.perf_counter()
        self._next_pk: dict[type[models.Model], int] = {}
        self._writers: dict[type[models.Model], TableWriter] = {}

    def allocate(self, model: type[models.Model], count: int = 1) -> int:
        """Reserve `count` primary keys of `model`; return the first one."""
        if model not in self._next_pk:
            top = model.objects.aggregate(top=Max("pk"))["top"] or 0
            self._next_pk[model] = int(top) + 1
        first = self._next_pk[model]
        self._next_pk[model] = first + count
        return first

    def insert(self, model: type[models.Model], objs: Sequence[models.Model]) -> None:
        """Insert model instances (keys set) with `bulk_create`, BATCH_SIZE at a time.

        The caller holds the transaction."""
        for start in range(0, len(objs), BATCH_SIZE):
            model.objects.bulk_create(objs[start : start + BATCH_SIZE])
        self.rows[model._meta.label] += len(objs)

    def writer(self, model: type[models.Model]) -> TableWriter:
        if model not in self._writers:
            self._writers[model] = TableWriter(model)
        return self._writers[model]

    def insert_rows(
        self, model: type[models.Model], rows: Iterable[dict[str, object]]
    ) -> None:
        """Insert rows given as {attname: value} (keys set); missing columns take the
        field's default. The caller holds the transaction."""
        writer = self.writer(model)
        self.insert_prepared(model, [writer.row(values) for values in rows])

    def insert_prepared(
        self, model: type[models.Model], rows: Sequence[Sequence[object]]
    ) -> None:
        """Insert rows already made by `TableWriter.row`."""
        self.rows[model._meta.label] += self.writer(model).execute(rows)

    def finish(self) -> None:
        """Move database sequences past the explicit keys (PostgreSQL); SQLite's
        AUTOINCREMENT already follows the largest key inserted."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._next_pk))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> list[str]:
        lines = [
            f"  {label:<28} {count:>10,}" for label, count in sorted(self.rows.items())
        ]
        seconds = max(self.elapsed, 1e-9)
        lines.append(
            f"  всего строк: {self.total_rows:,} за {seconds:.1f} с "
            f"({self.total_rows / seconds:,.0f} строк/с)"
        )
        return [line.replace(",", " ") for line in lines]
