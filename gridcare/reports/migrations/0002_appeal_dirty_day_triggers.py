"""Triggers on the appeal table that mark the UTC day of `received_at` dirty on every
insert, update of a reported column and delete, whatever wrote the row (services, bulk
loaders, raw SQL). See gridcare/reports/aggregates.py."""

from django.db import migrations

# Frozen copy of aggregates.TRACKED_COLUMNS at the time of this migration.
TRACKED = (
    "received_at, status, answered_at, due_at, rating, branch_id, channel, "
    "service_form, category, kind, has_complaint, has_service_request, "
    "service_request_type, led_to_connection_contract, "
    "led_to_transmission_contract, complaint_settled"
)

_SQLITE_MARK = (
    "INSERT INTO reports_dirtyday (day, version) VALUES (date({row}.received_at), 1) "
    "ON CONFLICT (day) DO UPDATE SET version = version + 1;"
)

SQLITE_FORWARD = [
    "CREATE TRIGGER reports_appeal_insert AFTER INSERT ON appeals_appeal BEGIN "
    + _SQLITE_MARK.format(row="NEW")
    + " END;",
    f"CREATE TRIGGER reports_appeal_update AFTER UPDATE OF {TRACKED} "
    "ON appeals_appeal BEGIN "
    + _SQLITE_MARK.format(row="OLD")
    + " "
    + _SQLITE_MARK.format(row="NEW")
    + " END;",
    "CREATE TRIGGER reports_appeal_delete AFTER DELETE ON appeals_appeal BEGIN "
    + _SQLITE_MARK.format(row="OLD")
    + " END;",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_appeal_insert;",
    "DROP TRIGGER IF EXISTS reports_appeal_update;",
    "DROP TRIGGER IF EXISTS reports_appeal_delete;",
]

_PG_UPSERT = (
    "ON CONFLICT (day) DO UPDATE SET version = reports_dirtyday.version + 1;"
)

POSTGRES_FORWARD = [
    # Inserts: one statement-level trigger over the transition table, so COPY and
    # multi-row INSERTs pay one upsert per distinct day, not per row.
    f"""
    CREATE FUNCTION reports_mark_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO reports_dirtyday (day, version)
        SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date, 1 FROM new_rows
        {_PG_UPSERT}
        RETURN NULL;
    END $$;
    """,
    """
    CREATE TRIGGER reports_appeal_insert AFTER INSERT ON appeals_appeal
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_mark_inserted();
    """,
    f"""
    CREATE FUNCTION reports_mark_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            INSERT INTO reports_dirtyday (day, version)
            VALUES ((OLD.received_at AT TIME ZONE 'UTC')::date, 1) {_PG_UPSERT}
        END IF;
        IF TG_OP = 'UPDATE' THEN
            INSERT INTO reports_dirtyday (day, version)
            VALUES ((NEW.received_at AT TIME ZONE 'UTC')::date, 1) {_PG_UPSERT}
        END IF;
        RETURN NULL;
    END $$;
    """,
    f"""
    CREATE TRIGGER reports_appeal_update AFTER UPDATE OF {TRACKED} ON appeals_appeal
    FOR EACH ROW EXECUTE FUNCTION reports_mark_changed();
    """,
    """
    CREATE TRIGGER reports_appeal_delete AFTER DELETE ON appeals_appeal
    FOR EACH ROW EXECUTE FUNCTION reports_mark_changed();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_appeal_insert ON appeals_appeal;",
    "DROP TRIGGER IF EXISTS reports_appeal_update ON appeals_appeal;",
    "DROP TRIGGER IF EXISTS reports_appeal_delete ON appeals_appeal;",
    "DROP FUNCTION IF EXISTS reports_mark_inserted();",
    "DROP FUNCTION IF EXISTS reports_mark_changed();",
]

# Existing appeals: every day they were received on is dirty until the first refresh.
MARK_EXISTING = {
    "sqlite": "INSERT OR IGNORE INTO reports_dirtyday (day, version) "
    "SELECT DISTINCT date(received_at), 1 FROM appeals_appeal;",
    "postgresql": "INSERT INTO reports_dirtyday (day, version) "
    "SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date, 1 FROM appeals_appeal "
    "ON CONFLICT DO NOTHING;",
}


def _run(statements: dict[str, list[str]]):  # noqa: ANN202
    def run(apps, schema_editor) -> None:  # noqa: ANN001
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"reports triggers: unsupported database {vendor}")
        for sql in statements[vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("appeals", "0005_reception_request"),
    ]

    operations = [
        migrations.RunPython(
            _run(
                {
                    "sqlite": [*SQLITE_FORWARD, MARK_EXISTING["sqlite"]],
                    "postgresql": [*POSTGRES_FORWARD, MARK_EXISTING["postgresql"]],
                }
            ),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
