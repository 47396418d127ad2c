"""Load the Republic of Tatarstan holidays of 2024–2026 (regulation.md §4.4).

Ураза-байрам and Курбан-байрам are fixed yearly by decree of the Раис РТ; 30 August
is the Day of the Republic, 6 November the Day of the RT Constitution ✅ [R52][R53].
An RT holiday on a weekend gives no extra day off ✅ [R50]: such dates are stored as
they are (non-working either way) and not moved.
"""

import datetime

from django.db import migrations

URAZA = "Ураза-байрам"
KURBAN = "Курбан-байрам"
REPUBLIC_DAY = "День Республики Татарстан"
CONSTITUTION_DAY = "День Конституции Республики Татарстан"

# (date, kind, title, status mark, reference) exactly as the §4.4 table gives them.
TATARSTAN_DAYS = [
    # 2024: the religious dates are a lunar-calendar reconstruction ⚠️; they
    # reproduce the official 245 working days [R52].
    (datetime.date(2024, 4, 10), "non_working", URAZA, "⚠️", "[R52]"),
    (datetime.date(2024, 6, 16), "non_working", KURBAN, "⚠️", "[R52]"),
    (datetime.date(2024, 8, 30), "non_working", REPUBLIC_DAY, "✅", "[R52]"),
    (datetime.date(2024, 11, 6), "non_working", CONSTITUTION_DAY, "✅", "[R52]"),
    (datetime.date(2025, 3, 30), "non_working", URAZA, "✅", "[R50][R51]"),
    (datetime.date(2025, 6, 6), "non_working", KURBAN, "✅", "[R50][R51]"),
    (datetime.date(2025, 8, 30), "non_working", REPUBLIC_DAY, "✅", "[R50][R51]"),
    (datetime.date(2025, 11, 6), "non_working", CONSTITUTION_DAY, "✅", "[R50][R51]"),
    (datetime.date(2026, 3, 20), "non_working", URAZA, "✅", "[R53][R54]"),
    (datetime.date(2026, 5, 27), "non_working", KURBAN, "✅", "[R53][R54]"),
    (datetime.date(2026, 8, 30), "non_working", REPUBLIC_DAY, "✅", "[R53][R54]"),
    (datetime.date(2026, 11, 6), "non_working", CONSTITUTION_DAY, "✅", "[R53][R54]"),
    # Day of the Republic 2025 is a Saturday. RT shortens the day before an RT
    # holiday on a weekday ✅ [R50][R54]; the computed RT hours (1954 in 2025)
    # assume Friday 29.08 is a full day ⚠️, so it is stored as one, to be checked.
    (
        datetime.date(2025, 8, 29),
        "working",
        "Полный рабочий день перед Днём Республики в субботу (не подтверждено)",
        "⚠️",
        "[R50][R54]",
    ),
]


def load_days(apps, schema_editor):
    CalendarDay = apps.get_model("calendars", "CalendarDay")
    for day, kind, title, mark, reference in TATARSTAN_DAYS:
        CalendarDay.objects.update_or_create(
            region="RU-TA",
            date=day,
            defaults={
                "kind": kind,
                "title": title,
                "status_mark": mark,
                "reference": reference,
            },
        )


def unload_days(apps, schema_editor):
    CalendarDay = apps.get_model("calendars", "CalendarDay")
    CalendarDay.objects.filter(
        region="RU-TA", date__in=[row[0] for row in TATARSTAN_DAYS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]

    operations = [migrations.RunPython(load_days, unload_days)]
