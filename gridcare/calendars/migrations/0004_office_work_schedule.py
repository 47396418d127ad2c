"""Ship the default `office` work schedule, 08:00–17:00 in Tatarstan.

Working hours are company data, not regulation ⚠️: the hours are a default to be
checked by the company and edited in the admin.
"""

import datetime

from django.db import migrations


def create_schedule(apps, schema_editor):
    WorkSchedule = apps.get_model("calendars", "WorkSchedule")
    WorkSchedule.objects.get_or_create(
        code="office",
        defaults={
            "title": "Офисы компании, 08:00–17:00 (⚠️ данные компании, уточнить)",
            "region": "RU-TA",
            "day_start": datetime.time(8, 0),
            "day_end": datetime.time(17, 0),
            "shortened_by_minutes": 60,
        },
    )


def delete_schedule(apps, schema_editor):
    WorkSchedule = apps.get_model("calendars", "WorkSchedule")
    WorkSchedule.objects.filter(code="office").delete()


class Migration(migrations.Migration):
    dependencies = [("calendars", "0003_federal_shortened_working_saturdays")]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
