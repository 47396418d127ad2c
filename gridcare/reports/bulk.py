"""Fast insertion of many appeal rows for the importer: one prepared INSERT with
executemany on SQLite, COPY on PostgreSQL; column defaults come from the model
fields, datetimes are adapted as Django adapts them (naive UTC text on SQLite)."""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _json(value: object) -> object:
    import json

    if connection.vendor == "sqlite":
        return None if value is None else json.dumps(value)
    from psycopg.types.json import Jsonb

    return None if value is None else Jsonb(value)


class RowWriter:
    """Insert rows of one model given as {attname: value}."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        fields = model._meta.concrete_fields
        now = timezone.now()
        self.attnames = [f.attname for f in fields]
        self.defaults = [
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in fields
        ]
        sqlite = connection.vendor == "sqlite"
        self.adapters: list[tuple[int, Callable[[Any], Any]]] = []
        for i, f in enumerate(fields):
            kind = f.get_internal_type()
            if kind == "DateTimeField" and sqlite:
                self.adapters.append((i, _sqlite_datetime))
            elif kind == "JSONField":
                self.adapters.append((i, _json))
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    def row(self, values: dict[str, object]) -> list[object]:
        row = [
            values.get(a, d) for a, d in zip(self.attnames, self.defaults, strict=True)
        ]
        for index, adapt in self.adapters:
            row[index] = adapt(row[index])
        return row

    def insert(self, rows: Sequence[dict[str, object]]) -> int:
        prepared = [self.row(values) for values in rows]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert_sql, prepared)
        return len(prepared)

    def reset_sequence(self) -> None:
        """Move the primary-key sequence past explicit keys (PostgreSQL)."""
        for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
            with connection.cursor() as cursor:
                cursor.execute(sql)
