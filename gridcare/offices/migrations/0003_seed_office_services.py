"""The services consumers book in offices, with slot lengths (editable in /admin/)."""

from django.db import migrations

SERVICES = [
    ("consultation", "Консультация", 15, 1),
    ("connection_application", "Подача заявки на технологическое присоединение", 30, 2),
    ("meter_readings", "Приём показаний приборов учёта", 10, 3),
    ("meter_replacement", "Замена прибора учёта — заявка", 20, 4),
    ("appeal", "Подача обращения или жалобы", 15, 5),
]


def seed(apps, schema_editor):
    OfficeService = apps.get_model("offices", "OfficeService")
    for code, name, minutes, order in SERVICES:
        OfficeService.objects.update_or_create(
            code=code,
            defaults={"name": name, "slot_minutes": minutes, "order": order},
        )


def unseed(apps, schema_editor):
    OfficeService = apps.get_model("offices", "OfficeService")
    OfficeService.objects.filter(code__in=[s[0] for s in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("offices", "0002_appointments_and_queue")]

    operations = [migrations.RunPython(seed, unseed)]
