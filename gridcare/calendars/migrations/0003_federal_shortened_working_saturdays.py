"""Mark the working Saturdays that the federal decrees make shortened.

A decree that moves the pre-holiday working day (shortened by ТК ст. 95) to a
Saturday keeps it shortened, although the next day is a plain Sunday. The `holidays`
package lists these Saturdays as working but does not know they are shortened, and
no rule derives them (regulation.md §4.1: load transfers as data) ✅ [R46].
"""

import datetime

from django.db import migrations

SHORTENED_SATURDAYS = [
    (datetime.date(2021, 2, 20), "Рабочая суббота, сокращённая (перенос с пн 22.02)", "[R46]"),
    (datetime.date(2022, 3, 5), "Рабочая суббота, сокращённая (перенос с пн 07.03)", "[R46]"),
    (datetime.date(2024, 11, 2), "Рабочая суббота, сокращённая (перенос с вт 30.04)", "[R46][R47]"),
    (datetime.date(2025, 11, 1), "Рабочая суббота, сокращённая (перенос с пн 03.11)", "[R46][R48]"),
]


def load_days(apps, schema_editor):
    CalendarDay = apps.get_model("calendars", "CalendarDay")
    for day, title, reference in SHORTENED_SATURDAYS:
        CalendarDay.objects.update_or_create(
            region="RU",
            date=day,
            defaults={
                "kind": "shortened",
                "title": title,
                "status_mark": "✅",
                "reference": reference,
            },
        )


def unload_days(apps, schema_editor):
    CalendarDay = apps.get_model("calendars", "CalendarDay")
    CalendarDay.objects.filter(
        region="RU", date__in=[row[0] for row in SHORTENED_SATURDAYS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("calendars", "0002_tatarstan_holidays_2024_2026")]

    operations = [migrations.RunPython(load_days, unload_days)]
