"""Ship the company-wide acceptance window (15th–26th) and plausibility limit as
data, marked unconfirmed (regulation.md: ⚠️/❓ values are editable data)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SINCE = date(2020, 1, 1)


def add_defaults(apps, schema_editor):
    window = apps.get_model("metering", "ReadingWindow")
    limit = apps.get_model("metering", "ReadingLimit")
    window.objects.get_or_create(
        branch=None,
        valid_from=SINCE,
        defaults={
            "day_from": 15,
            "day_to": 26,
            "staff_outside_window": True,
            "status_note": "⚠️ не подтверждено; практика Мосэнергосбыта (peers.md)",
        },
    )
    limit.objects.get_or_create(
        branch=None,
        valid_from=SINCE,
        defaults={
            "load_factor": Decimal("0.50"),
            "daily_cap_kwh": Decimal("100.00"),
            "status_note": "⚠️ не подтверждено; проектное значение gridcare",
        },
    )


def remove_defaults(apps, schema_editor):
    for name in ("ReadingWindow", "ReadingLimit"):
        apps.get_model("metering", name).objects.filter(
            branch=None, valid_from=SINCE
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("metering", "0002_readings_and_intake_rules")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
