"""Seed the editable data of the indicators: exclusion rules for Пsaidi/Пsaifi (❓
[R12]), the default Птпр formula (❓ [R12]), the parameters of the customer-service
sub-indicators (names ✅ [R18][R19] where confirmed, the rest ⚠️), the score bands
(❓, pattern of §2.4 ✅ [R17] with a 15 % tolerance ⚠️), the sub-indicator weights (❓)
and the form 8.1 columns (❓ layout, monthly form ✅ [R20]). Admins change them
without a release."""

from decimal import Decimal

from django.db import migrations

BASIS_1256 = (
    "Приказ Минэнерго России от 29.11.2016 № 1256 (ред. 544, 399): перечень "
    "прекращений, не учитываемых в Пsaidi/Пsaifi, не подтверждён — проверить по тексту."
)

RULES = [
    # code, name, kind, minutes, notice_hours, codes, active
    ("consumer_request", "Отключение по заявке потребителя", "cause", None, None,
     "consumer_request", True),
    ("consumer_network", "Прекращение по инициативе потребителя или в его сетях "
     "(класс прекращения)", "exclusion_class", None, None, "consumer_request", True),
    ("force_majeure", "Обстоятельства непреодолимой силы (класс прекращения)",
     "exclusion_class", None, None, "force_majeure", True),
    ("load_shedding", "Графики аварийного ограничения режима потребления", "cause",
     None, None, "load_shedding", True),
    ("short", "Кратковременное прекращение (короче 3 минут)", "shorter_than", 3, None,
     "", False),
    ("planned_with_notice", "Плановые работы с уведомлением потребителей не позднее "
     "чем за 72 часа", "planned_with_notice", None, 72, "", False),
]

# sub_indicator, number, name, measure, unit, direction, mark, reference
PARAMETERS = [
    ("informativeness", "1.1", "Структурные подразделения, ведущие личный приём "
     "заявителей и потребителей уполномоченными сотрудниками, % от всех структурных "
     "подразделений", "", "percent", "direct", "✅", "[R18] regulation.md §2.5"),
    ("informativeness", "1.2", "Утверждённые организационно-распорядительные документы "
     "по работе с заявителями и потребителями (регламенты оказания услуг, "
     "рассмотрения обращений и др.), шт.", "", "count", "direct", "✅",
     "[R18] regulation.md §2.5"),
    ("informativeness", "2", "Работает горячая линия для обращений потребителей",
     "", "yes_no", "direct", "⚠️", "regulation.md §2.5"),
    ("informativeness", "3", "На сайте раскрыта информация для потребителей "
     "(паспорта услуг, сроки, контакты)", "", "yes_no", "direct", "⚠️",
     "regulation.md §2.5"),
    ("informativeness", "4", "Работает личный кабинет потребителя", "", "yes_no",
     "direct", "⚠️", "regulation.md §2.5"),
    ("informativeness", "5", "В офисах обслуживания есть информационные стенды", "",
     "yes_no", "direct", "⚠️", "regulation.md §2.5"),
    ("timeliness", "1", "Ответы на обращения, данные в срок, %",
     "appeals_on_time_share", "percent", "direct", "⚠️", "regulation.md §2.5"),
    ("timeliness", "2", "Ответы на жалобы, данные в срок, %",
     "complaints_on_time_share", "percent", "direct", "⚠️", "regulation.md §2.5"),
    ("timeliness", "3", "Заявки на услуги, исполненные в срок, %",
     "service_requests_on_time_share", "percent", "direct", "⚠️",
     "regulation.md §2.5"),
    ("timeliness", "4", "Этапы технологического присоединения, выполненные "
     "сетевой организацией в срок, %", "connection_stages_on_time_share", "percent",
     "direct", "⚠️", "regulation.md §2.5; ПП 24 п. 19 «л» [R41]"),
    ("timeliness", "5", "Оферты и технические условия, направленные в срок, %",
     "connection_offers_on_time_share", "percent", "direct", "⚠️",
     "regulation.md §2.5"),
    ("feedback", "1", "Наличие подразделения, которое рассматривает и обрабатывает "
     "обращения потребителей и принимает по ним меры (1 — да, 0 — нет)", "", "yes_no",
     "direct", "✅", "[R19] regulation.md §2.5"),
    ("feedback", "2.1", "Обращения с жалобами на качество услуг по передаче "
     "электроэнергии или обслуживания, % от всех обращений", "complaints_share",
     "percent", "inverse", "✅", "[R19] regulation.md §2.5"),
    ("feedback", "2.2", "Меры, принятые по таким обращениям (жалоба урегулирована), "
     "% от всех обращений", "complaints_settled_share", "percent", "direct", "✅",
     "[R19] regulation.md §2.5"),
    ("feedback", "2.3", "Обращения с неудовлетворённостью принятыми мерами в течение "
     "30 рабочих дней после их завершения, % от всех обращений", "", "percent",
     "inverse", "✅", "[R19] regulation.md §2.5"),
    ("feedback", "3", "Обращения, открытые повторно после ответа, % от отвеченных",
     "reopened_share", "percent", "inverse", "⚠️", "regulation.md §2.5"),
    ("feedback", "4", "Средняя оценка ответа потребителями (шкала 1–5)",
     "average_rating", "score", "direct", "⚠️", "[R10] regulation.md §1.9"),
]

BANDS = [
    ("direct", None, Decimal(85), Decimal(-1)),
    ("direct", Decimal(85), Decimal(115), Decimal(0)),
    ("direct", Decimal(115), None, Decimal(1)),
    ("inverse", None, Decimal(85), Decimal(1)),
    ("inverse", Decimal(85), Decimal(115), Decimal(0)),
    ("inverse", Decimal(115), None, Decimal(-1)),
]

FORM81 = [
    ("row_number", "№ п/п"),
    ("branch", "Филиал"),
    ("district_unit", "РЭС"),
    ("equipment_voltage", "Уровень напряжения отключённого оборудования"),
    ("equipment", "Отключённое оборудование"),
    ("kind", "Вид прекращения"),
    ("cause", "Причина"),
    ("started_at", "Начало (дата, время, мск)"),
    ("ended_at", "Окончание (дата, время, мск)"),
    ("duration_hours", "Продолжительность, ч"),
    ("points_total", "Точек поставки отключено"),
    ("points_VN", "в т. ч. ВН"),
    ("points_SN1", "в т. ч. СН1"),
    ("points_SN2", "в т. ч. СН2"),
    ("points_NN", "в т. ч. НН"),
    ("point_hours", "Точко-часы"),
    ("counted", "Учитывается в Пsaidi/Пsaifi"),
    ("exclusion", "Основание исключения"),
]


def seed(apps, schema_editor):
    ExclusionRule = apps.get_model("indicators", "ExclusionRule")
    for order, (code, name, kind, minutes, hours, codes, active) in enumerate(RULES):
        ExclusionRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "minutes": minutes,
                "notice_hours": hours,
                "codes": codes,
                "legal_basis": BASIS_1256,
                "status_mark": "❓",
                "reference": "[R12] regulation.md §2.2",
                "is_active": active,
                "order": order,
            },
        )
    Formula = apps.get_model("indicators", "ConnectionFormula")
    Term = apps.get_model("indicators", "ConnectionFormulaTerm")
    formula, _ = Formula.objects.update_or_create(
        code="share-met-default",
        defaults={
            "name": "Доля сроков ТП, соблюдённых сетевой организацией "
            "(по умолчанию, не подтверждено)",
            "valid_from_year": 2016,
            "constant": Decimal(0),
            "description": "Официальная формула Птпр не получена (regulation.md §2.2). "
            "По умолчанию — доля сроков этапов ТП (оферта, присоединение, документы), "
            "соблюдённых в году; плановые Птпр в региональных решениях близки к 1,0.",
            "status_mark": "❓",
            "reference": "[R12][R16][R23] regulation.md §2.2",
        },
    )
    Term.objects.filter(formula=formula).delete()
    Term.objects.create(
        formula=formula, measure="all_on_time_share", weight=Decimal(1), order=0
    )
    Parameter = apps.get_model("indicators", "ServiceParameter")
    for order, row in enumerate(PARAMETERS):
        sub, number, name, measure, unit, direction, mark, reference = row
        Parameter.objects.update_or_create(
            sub_indicator=sub,
            number=number,
            defaults={
                "name": name,
                "measure": measure,
                "unit": unit,
                "direction": direction,
                "status_mark": mark,
                "reference": reference,
                "order": order,
            },
        )
    Band = apps.get_model("indicators", "ScoreBand")
    if not Band.objects.exists():
        for direction, low, high, score in BANDS:
            Band.objects.create(
                direction=direction, ratio_from=low, ratio_to=high, score=score
            )
    Weight = apps.get_model("indicators", "SubIndicatorWeight")
    for sub in ("informativeness", "timeliness", "feedback"):
        Weight.objects.get_or_create(sub_indicator=sub, defaults={"weight": Decimal(1)})
    Column = apps.get_model("indicators", "Form81Column")
    if not Column.objects.exists():
        for order, (field, header) in enumerate(FORM81, start=1):
            Column.objects.create(order=order, header=header, field=field)


def unseed(apps, schema_editor):
    for name in (
        "Form81Column",
        "SubIndicatorWeight",
        "ScoreBand",
        "ConnectionFormula",
        "ExclusionRule",
    ):
        apps.get_model("indicators", name).objects.all().delete()
    apps.get_model("indicators", "ServiceParameter").objects.filter(
        values__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
