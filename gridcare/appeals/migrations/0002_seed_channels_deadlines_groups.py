"""Seed the editable reference data of the registry: channel → service-form mapping,
deadline rules (with their regulation marks and tags) and company-wide work groups."""

from django.db import migrations

SERVICE_FORM = {
    "personal_account": "internet",
    "internet_reception": "internet",
    "mobile_app": "internet",
    "chatbot": "internet",
    "phone": "phone",
    "ivr": "phone",
    "office": "in_person",
    "post": "post",
    "email": "internet",
    "social": "internet",
    "retailer": "other",
    "other": "other",
}

# (regime, kind, channel, amount, unit, mark, reference, extra)
DEADLINE_RULES = [
    ("written", "", "", 30, "calendar_days", "✅",
     "[R4] ЕСКО: ответ по существу в течение 30 дней с регистрации", {}),
    ("written", "", "email", 30, "calendar_days", "⚠️",
     "[R4][R11] электронные обращения: практика 30 дней", {}),
    ("phone_callback", "", "", 4, "working_hours", "✅",
     "[R5] перезвонить с ответом в течение 4 часов", {}),
    ("complaint", "", "", 30, "calendar_days", "⚠️",
     "[R11] практика: ответ 30 дней, статус в ЛК в течение 1 рабочего дня",
     {"register_within": 1, "register_within_unit": "working_days"}),
    ("supply_quality", "", "", 30, "calendar_days", "❓",
     "[R61][R62] сроки ПП № 55 не подтверждены — значение по умолчанию", {}),
    ("citizen_59fz", "", "", 30, "calendar_days", "⚠️",
     "59-ФЗ ст. 12: 30 дней, продление до 30 дней; регистрация 3 дня",
     {"register_within": 3, "register_within_unit": "calendar_days", "extension": 30}),
    ("personal_data", "", "", 10, "working_days", "✅",
     "[R66] 152-ФЗ ст. 14, 20: 10 рабочих дней + 5 с мотивированным уведомлением",
     {"extension": 5, "pauses_while_waiting": False}),
]

GROUPS = [
    ("connection", "Технологическое присоединение (компания)"),
    ("services", "Услуги (компания)"),
    ("reliability", "Надёжность (компания)"),
    ("metering", "Учёт (компания)"),
    ("general", "Общие вопросы (компания)"),
]


def seed(apps, schema_editor):
    ChannelSetting = apps.get_model("appeals", "ChannelSetting")
    DeadlineRule = apps.get_model("appeals", "DeadlineRule")
    WorkGroup = apps.get_model("appeals", "WorkGroup")
    for channel, form in SERVICE_FORM.items():
        ChannelSetting.objects.get_or_create(channel=channel, defaults={"service_form": form})
    for regime, kind, channel, amount, unit, mark, ref, extra in DEADLINE_RULES:
        DeadlineRule.objects.get_or_create(
            regime=regime,
            kind=kind,
            channel=channel,
            topic="",
            defaults={
                "amount": amount,
                "unit": unit,
                "status_mark": mark,
                "reference": ref,
                **extra,
            },
        )
    for topic, name in GROUPS:
        WorkGroup.objects.get_or_create(topic=topic, branch=None, defaults={"name": name})


def unseed(apps, schema_editor):
    apps.get_model("appeals", "ChannelSetting").objects.all().delete()
    apps.get_model("appeals", "DeadlineRule").objects.all().delete()
    apps.get_model("appeals", "WorkGroup").objects.filter(branch=None).delete()


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
