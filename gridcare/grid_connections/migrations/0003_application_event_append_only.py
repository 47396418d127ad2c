"""Make the application history append-only in the database itself (UPDATE refused)."""

from django.db import migrations

from gridcare.core.migration_ops import forbid_row_updates


class Migration(migrations.Migration):
    dependencies = [("grid_connections", "0002_seed_reference_data")]
    operations = [forbid_row_updates("grid_connections_applicationevent")]
