"""Migration operations shared by the apps."""

from django.db import migrations


def forbid_row_updates(table: str) -> migrations.RunPython:
    """Make `table` append-only in the database itself: a trigger refuses UPDATE on
    SQLite and PostgreSQL. DELETE is left to the ORM's PROTECT so that test databases
    can still be flushed. Used for history tables (who did what, when)."""
    trigger = f"{table}_no_update"
    function = f"{table}_refuse_update"
    message = f"{table} is append-only"

    def forward(apps: object, schema_editor: object) -> None:
        vendor = schema_editor.connection.vendor  # type: ignore[attr-defined]
        if vendor == "sqlite":
            schema_editor.execute(  # type: ignore[attr-defined]
                f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(  # type: ignore[attr-defined]
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(  # type: ignore[attr-defined]
                f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}();"
            )

    def backward(apps: object, schema_editor: object) -> None:
        vendor = schema_editor.connection.vendor  # type: ignore[attr-defined]
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger};")  # type: ignore[attr-defined]
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table};")  # type: ignore[attr-defined]
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}();")  # type: ignore[attr-defined]

    return migrations.RunPython(forward, backward)
