"""First versions of the consent texts, one separate document per purpose
(152-ФЗ ст. 9 as amended from 01.09.2025 ✅ [R64]). Edited texts get a new version."""

from django.db import migrations
from django.utils import timezone

TEXTS = [
    (
        "service",
        True,
        "Я даю согласие оператору на обработку моих персональных данных (фамилия, имя, "
        "отчество, контактный телефон, адрес электронной почты, почтовый адрес, адрес "
        "объекта, номер лицевого счёта, сведения о приборах учёта, текст обращения и "
        "приложенные документы) с целью рассмотрения моих обращений и заявок, оказания "
        "услуг и направления ответов. Согласие действует до достижения цели обработки "
        "или до его отзыва; отозвать его можно в личном кабинете или письменным "
        "заявлением.",
    ),
    (
        "notifications",
        False,
        "Я даю согласие на обработку моих контактных данных (телефон, адрес электронной "
        "почты, адреса объектов) с целью информирования меня о плановых и аварийных "
        "отключениях электроэнергии и о ходе рассмотрения моих обращений по SMS, "
        "электронной почте и в мобильном приложении. Согласие добровольное; его можно "
        "отозвать в любой момент.",
    ),
    (
        "surveys",
        False,
        "Я даю согласие на обработку моих контактных данных с целью приглашения к опросам "
        "о качестве обслуживания. Согласие добровольное; его можно отозвать в любой момент.",
    ),
    (
        "marketing",
        False,
        "Я даю согласие на обработку моих контактных данных с целью информирования о "
        "новых услугах компании. Согласие добровольное; его можно отозвать в любой момент.",
    ),
]


def seed(apps, schema_editor):
    ConsentText = apps.get_model("consumers", "ConsentText")
    now = timezone.now()
    for purpose, required, text in TEXTS:
        ConsentText.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={"text": text, "is_required": required, "valid_from": now},
        )


def unseed(apps, schema_editor):
    apps.get_model("consumers", "ConsentText").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("consumers", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
