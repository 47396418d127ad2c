"""Seed the interruption classes for Пsaidi/Пsaifi and the outage settings row.

Which interruptions the methodology excludes was not found (❓ regulation.md §2.2,
[R12]): every class carries that mark, and admins change the flags without a release."""

from django.db import migrations

CLASSES = [
    ("counted", "Учитывается в показателях", True, "Обычное прекращение передачи электроэнергии."),
    ("consumer_request", "По заявке потребителя", False, "Отключение по инициативе самого потребителя."),
    ("force_majeure", "Обстоятельства непреодолимой силы", False, "Стихийные бедствия и иные обстоятельства непреодолимой силы."),
    ("load_shedding", "Графики аварийного ограничения", False, "Ввод графиков аварийного ограничения режима потребления."),
    ("upstream", "Отключение в сети смежной организации", True, "Причина вне сетей компании; учёт в показателях не подтверждён."),
    ("short", "Кратковременное прекращение", False, "Порог длительности — в настройках отключений."),
]


def seed(apps, schema_editor):
    ExclusionClass = apps.get_model("outages", "ExclusionClass")
    OutageSetting = apps.get_model("outages", "OutageSetting")
    for order, (code, name, counts, description) in enumerate(CLASSES):
        ExclusionClass.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "counts_in_indicators": counts,
                "description": description,
                "status_mark": "❓",
                "reference": "[R12] regulation.md §2.2",
                "order": order,
            },
        )
    OutageSetting.objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    apps.get_model("outages", "ExclusionClass").objects.filter(
        code__in=[c[0] for c in CLASSES], outages__isnull=True
    ).delete()
    apps.get_model("outages", "OutageSetting").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("outages", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
