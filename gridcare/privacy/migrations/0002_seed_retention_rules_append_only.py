"""Seed the retention rules (⚠️ our proposal, editable in /admin/) and make the
request history and the retention log append-only (UPDATE refused)."""

from django.db import migrations

from gridcare.core.migration_ops import forbid_row_updates

RULES = [
    (
        "appeal",
        5,
        "years",
        "anonymise",
        "Документы по обращениям хранятся 5 лет после закрытия (перечень "
        "типовых архивных документов, приказ Росархива № 236) ⚠️; затем цель "
        "достигнута — 152-ФЗ ст. 5 ч. 7, ст. 21 ч. 4 ⚠️",
    ),
    (
        "live_chat",
        3,
        "years",
        "anonymise",
        "Переписка в чате нужна для разбора жалоб; срок — наше предложение, "
        "152-ФЗ ст. 5 ч. 7 ⚠️",
    ),
    (
        "notification",
        1,
        "years",
        "delete",
        "Уведомление доставлено — цель достигнута, 152-ФЗ ст. 5 ч. 7 ⚠️",
    ),
    (
        "access_log",
        3,
        "years",
        "delete",
        "Журнал событий безопасности (ПП РФ № 1119, приказ ФСТЭК № 21): срок "
        "хранения не установлен, наше предложение ⚠️",
    ),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for entity, age, unit, action, basis in RULES:
        RetentionRule.objects.update_or_create(
            entity=entity,
            defaults={
                "age": age,
                "age_unit": unit,
                "action": action,
                "legal_basis": basis,
                "status_mark": "⚠️",
            },
        )


def unseed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(entity__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [
        migrations.RunPython(seed, unseed),
        forbid_row_updates("privacy_subjectrequestevent"),
        forbid_row_updates("privacy_retentionlogentry"),
    ]
