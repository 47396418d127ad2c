"""Seed the editable data of the operator desk: wrap-up codes, call scripts, the
routing settings row and two overflow rules. All are our defaults ⚠️ (the standard
sets no waiting time for phone service, regulation.md §1.7 ❓); edit them in the
admin."""

from django.db import migrations

WRAP_UP_CODES = [
    ("consulted", "Консультация дана"),
    ("appeal_registered", "Зарегистрировано обращение"),
    ("appeal_attached", "Дополнено существующее обращение"),
    ("outage_info", "Сообщено об отключении"),
    ("callback_needed", "Нужен обратный звонок (до 4 часов)"),
    ("wrong_number", "Ошибочный звонок"),
    ("dropped", "Связь прервалась"),
]

SCRIPTS = [
    (
        "",
        "Приветствие",
        "Здравствуйте! Контакт-центр АО «Сетевая компания», меня зовут … "
        "Чем могу помочь? Назовите, пожалуйста, адрес или номер лицевого счёта.",
    ),
    (
        "reliability",
        "Нет света",
        "Уточните адрес. Проверьте в карточке отключения по адресу: если есть — "
        "сообщите причину и ожидаемое время восстановления; если нет — "
        "зарегистрируйте обращение «нет электроснабжения».",
    ),
    (
        "connection",
        "Технологическое присоединение",
        "Уточните номер заявки или адрес объекта и мощность. Статус заявки виден в "
        "личном кабинете; сроки этапов — по ПП № 861.",
    ),
    (
        "metering",
        "Показания и приборы учёта",
        "Уточните номер лицевого счёта и прибора учёта. Показания можно передать "
        "по телефону — запишите их в обращение.",
    ),
    (
        "",
        "Если ответа нет сразу",
        "Скажите, что перезвоните с ответом в течение 4 часов (стандарт качества "
        "обслуживания), и зарегистрируйте обращение.",
    ),
]


def seed(apps, schema_editor):
    WrapUpCode = apps.get_model("contact_centre", "WrapUpCode")
    Script = apps.get_model("contact_centre", "Script")
    RoutingSetting = apps.get_model("contact_centre", "RoutingSetting")
    RoutingRule = apps.get_model("contact_centre", "RoutingRule")
    for order, (code, label) in enumerate(WRAP_UP_CODES):
        WrapUpCode.objects.get_or_create(
            code=code, defaults={"label": label, "order": order}
        )
    for order, (topic, title, text) in enumerate(SCRIPTS):
        Script.objects.get_or_create(
            title=title, defaults={"topic": topic, "text": text, "order": order}
        )
    RoutingSetting.objects.get_or_create(pk=1)
    RoutingRule.objects.get_or_create(
        topic="", after_seconds=60, defaults={"widen_to_topic": "general"}
    )
    RoutingRule.objects.get_or_create(
        topic="", after_seconds=180, defaults={"any_language": True}
    )


def unseed(apps, schema_editor):
    apps.get_model("contact_centre", "WrapUpCode").objects.filter(
        code__in=[code for code, _ in WRAP_UP_CODES]
    ).delete()
    apps.get_model("contact_centre", "Script").objects.filter(
        title__in=[title for _, title, _ in SCRIPTS]
    ).delete()
    apps.get_model("contact_centre", "RoutingRule").objects.filter(
        topic="", after_seconds__in=[60, 180]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("contact_centre", "0002_operator_desk")]

    operations = [migrations.RunPython(seed, unseed)]
