"""The personal-data access log (152-ФЗ ст. 19) is append-only in the database: an
UPDATE is refused by a trigger; rows are deleted only by the retention rule."""

from django.db import migrations

from gridcare.core.migration_ops import forbid_row_updates


class Migration(migrations.Migration):
    dependencies = [("consumers", "0003_account_links")]

    operations = [forbid_row_updates("consumers_personaldataaccess")]
