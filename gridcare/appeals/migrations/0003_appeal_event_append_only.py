"""Make the appeal history append-only in the database itself (UPDATE refused)."""

from django.db import migrations

from gridcare.core.migration_ops import forbid_row_updates


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_seed_channels_deadlines_groups")]
    operations = [forbid_row_updates("appeals_appealevent")]
