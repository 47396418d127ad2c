"""Make the appeal history append-only in the database itself: UPDATE is refused.

DELETE is left to the ORM's PROTECT (an appeal with history cannot be deleted) so that
test databases can still be flushed."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER appeals_appealevent_no_update BEFORE UPDATE ON appeals_appealevent
BEGIN SELECT RAISE(ABORT, 'appeal history is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS appeals_appealevent_no_update;"

PG_UP = """
CREATE OR REPLACE FUNCTION appeals_appealevent_refuse_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'appeal history is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER appeals_appealevent_no_update BEFORE UPDATE ON appeals_appealevent
FOR EACH ROW EXECUTE FUNCTION appeals_appealevent_refuse_update();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS appeals_appealevent_no_update ON appeals_appealevent;
DROP FUNCTION IF EXISTS appeals_appealevent_refuse_update();
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_UP)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_seed_channels_deadlines_groups")]
    operations = [migrations.RunPython(forward, backward)]
