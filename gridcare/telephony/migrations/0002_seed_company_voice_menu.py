"""The company's voice menu (editable in the admin afterwards)."""

from typing import Any

from django.db import migrations

GREETING = (
    "Здравствуйте! Вы позвонили в контакт-центр Сетевой компании. Разговор может "
    "быть записан. Узнать об отключении электроэнергии по вашему адресу — нажмите 1. "
    "Передать показания счётчика — 2. Узнать статус обращения — 3. Заказать обратный "
    "звонок — 4. Технологическое присоединение — 5. Соединиться с оператором — 0."
)
GREETING_TT = (
    "Исәнмесез! Сез Челтәр компаниясенең контакт-үзәгенә шалтыраттыгыз. "
    "Электр өзелү турында белү өчен — 1, счётчик күрсәткечләрен тапшыру өчен — 2, "
    "мөрәҗәгать статусы — 3, кире шалтырату — 4, тоташу — 5, оператор — 0."
)

NODES: list[dict[str, Any]] = [
    {"code": "main", "title": "Главное меню", "is_root": True, "prompt_ru": GREETING,
     "prompt_tt": GREETING_TT},
    {"code": "outage", "title": "Отключения по адресу", "action": "outage",
     "prompt_ru": "Проверяю отключения по вашему адресу.", "next": "after"},
    {"code": "reading", "title": "Показания счётчика", "action": "reading",
     "prompt_ru": "Передача показаний счётчика.", "next": "after"},
    {"code": "appeal_status", "title": "Статус обращения", "action": "appeal_status",
     "prompt_ru": "Статус обращения.", "next": "after"},
    {"code": "callback", "title": "Обратный звонок", "action": "callback",
     "prompt_ru": "Заказ обратного звонка.", "topic": "general", "next": "goodbye"},
    {"code": "operator_connection", "title": "Оператор: присоединение",
     "action": "transfer", "topic": "connection",
     "prompt_ru": "Соединяю со специалистом по технологическому присоединению. "
     "Пожалуйста, оставайтесь на линии."},
    {"code": "operator", "title": "Оператор", "action": "transfer", "topic": "general",
     "prompt_ru": "Соединяю с оператором. Пожалуйста, оставайтесь на линии."},
    {"code": "after", "title": "Что дальше", "retries": 1,
     "prompt_ru": "Вернуться в главное меню — нажмите 1. Соединиться с оператором — 0. "
     "Завершить звонок — 9 или просто положите трубку."},
    {"code": "goodbye", "title": "Прощание", "action": "hangup",
     "prompt_ru": "Спасибо за звонок. До свидания!"},
]

CHOICES = [
    ("main", "1", "свет, отключ, электричеств, авари", "outage"),
    ("main", "2", "показан, счётчик, счетчик", "reading"),
    ("main", "3", "обращени, статус, заявк", "appeal_status"),
    ("main", "4", "перезвон, обратн", "callback"),
    ("main", "5", "присоедин, подключ", "operator_connection"),
    ("main", "0", "оператор, специалист, человек", "operator"),
    ("after", "1", "меню, назад", "main"),
    ("after", "0", "оператор, специалист", "operator"),
    ("after", "9", "всё, все, до свидания, заверш", "goodbye"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    node_model = apps.get_model("telephony", "IvrNode")
    choice_model = apps.get_model("telephony", "IvrChoice")
    nodes = {}
    for spec in NODES:
        nodes[spec["code"]] = node_model.objects.create(
            code=spec["code"],
            title=spec["title"],
            action=spec.get("action", "menu"),
            prompt_ru=spec["prompt_ru"],
            prompt_tt=spec.get("prompt_tt", ""),
            topic=spec.get("topic", ""),
            is_root=spec.get("is_root", False),
            retries=spec.get("retries", 2),
        )
    for spec in NODES:
        if spec.get("next"):
            node = nodes[spec["code"]]
            node.next_node = nodes[spec["next"]]
            node.save(update_fields=["next_node"])
    for order, (node, digit, keywords, target) in enumerate(CHOICES):
        choice_model.objects.create(
            node=nodes[node],
            digit=digit,
            keywords=keywords,
            target=nodes[target],
            order=order,
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("telephony", "IvrNode").objects.filter(
        code__in=[spec["code"] for spec in NODES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("telephony", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
