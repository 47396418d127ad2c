"""Seed the editable reference data of grid connection, each value with its
regulation.md mark and reference tag: documents required per category, unconfirmed
stage deadlines, special groups, the power calculator catalogue, the Tatarstan 2026
preferential rate (✅ [R31]) and clearly labelled SAMPLE standardised rates."""

from datetime import date
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

UP_TO_150 = ["individual_15", "business_150", "temporary", "special_group", "microgeneration"]
OVER_150 = ["medium_670", "large"]

# (code, title, help, categories, kinds, with_representative, required, mark, reference)
REQUIREMENTS = [
    ("site_plan", "План расположения энергопринимающих устройств",
     "Ситуационный план участка с прилегающими улицами.",
     UP_TO_150, [], False, True, "✅", "[R36] ПП 861 п. 10, перечень для заявителей до 150 кВт"),
    ("site_plan_general", "План расположения энергопринимающих устройств",
     "Ситуационный план участка с прилегающими улицами.",
     OVER_150, [], False, True, "⚠️", "[R36] перечень подтверждён для до 150 кВт; для прочих — уточнить п. 10"),
    ("automation_devices", "Перечень и мощность устройств, присоединяемых к противоаварийной и режимной автоматике",
     "Прикладывается, если такие устройства есть.",
     [], [], False, False, "✅", "[R36] ПП 861 п. 10 (обязательность при отсутствии устройств ⚠️)"),
    ("title_document", "Правоустанавливающий документ на объект или земельный участок",
     "Например, выписка из ЕГРН.",
     [], [], False, True, "✅", "[R36] ПП 861 п. 10"),
    ("egrul_extract", "Выписка из ЕГРЮЛ", "", [], ["legal_entity"], False, True,
     "✅", "[R36] ПП 861 п. 10"),
    ("egrip_extract", "Выписка из ЕГРИП", "", [], ["entrepreneur"], False, True,
     "✅", "[R36] ПП 861 п. 10"),
    ("power_of_attorney", "Доверенность представителя",
     "Если заявку подаёт представитель.", [], [], True, True,
     "⚠️", "[R36] regulation.md §3.3 п. 5"),
]

# (stage, case, title, amount, unit, mark, reference)
DEADLINES = [
    ("offer", "offer_simplified", "Оферта, счёт и ТУ в личном кабинете (пп. 12(1), 13(2)–13(5), 14)",
     10, "working_days", "⚠️", "regulation.md §3.4: 10 рабочих дней (редакция 2022 г. не получена)"),
    ("offer", "offer_general", "Проект договора и ТУ — прочие заявители",
     20, "working_days", "⚠️", "regulation.md §3.4: 15–20 рабочих дней; принято 20 до уточнения п. 15"),
    ("offer", "offer_system_operator", "Проект договора и ТУ с согласованием системного оператора",
     30, "working_days", "⚠️", "regulation.md §3.4: 30 рабочих дней"),
    ("connection", "up_to_670_20kv", "До 670 кВт, до 20 кВ, до 300/500 м",
     4, "months", "⚠️", "[R33] regulation.md §3.4: 4 месяца"),
    ("connection", "other_under_670", "Иные случаи, менее 670 кВт",
     12, "months", "⚠️", "regulation.md §3.4: 1 год"),
    ("connection", "other_670_plus", "Иные случаи, 670 кВт и более",
     24, "months", "⚠️", "regulation.md §3.4: 2 года"),
    ("documents", "documents", "Оформление акта или уведомления после присоединения",
     5, "working_days", "❓", "значение по умолчанию: срок в regulation.md не найден"),
]

SPECIAL_GROUPS = [
    ("13(2)", "Садоводческие или огороднические некоммерческие товарищества"),
    ("13(3)", "Религиозные организации"),
    ("13(4)", "Гаражные кооперативы и объединения граждан (гаражи, хозяйственные постройки)"),
    ("13(5)", "Иные заявители по п. 13(5) Правил"),
]

APPLIANCES = [
    ("Кухня", "Электроплита", "7.000"),
    ("Кухня", "Духовой шкаф", "3.000"),
    ("Кухня", "Электрочайник", "2.000"),
    ("Кухня", "Микроволновая печь", "1.200"),
    ("Кухня", "Холодильник", "0.300"),
    ("Кухня", "Посудомоечная машина", "2.000"),
    ("Быт", "Стиральная машина", "2.200"),
    ("Быт", "Утюг", "2.000"),
    ("Быт", "Пылесос", "1.800"),
    ("Быт", "Телевизор", "0.150"),
    ("Быт", "Компьютер", "0.400"),
    ("Быт", "Освещение дома", "0.500"),
    ("Вода", "Водонагреватель накопительный", "2.000"),
    ("Вода", "Водонагреватель проточный", "6.000"),
    ("Вода", "Насос скважинный", "1.100"),
    ("Тепло", "Электрокотёл отопления", "9.000"),
    ("Тепло", "Конвектор (обогреватель)", "1.500"),
    ("Тепло", "Тёплый пол, на 10 м²", "1.500"),
    ("Тепло", "Кондиционер", "2.500"),
    ("Прочее", "Электроинструмент", "1.500"),
    ("Прочее", "Зарядная станция электромобиля", "7.400"),
    ("Прочее", "Электрокаменка (сауна)", "6.000"),
]

PROFILES = [("Квартира", "0.60"), ("Частный дом", "0.70"), ("Дача", "0.80"), ("Гараж, мастерская", "1.00")]
PROFILE_REFERENCE = "regulation.md §3.7: норматив не найден, справочное значение"

PREFERENTIAL_2026 = "rt-2026-preferential"
SAMPLE_2026 = "rt-2026-standard-sample"

# (rate, unit, value, voltage, line_type, category, variant, power_from, power_to, description)
SAMPLE_ITEMS = [
    ("C1.1", "connection", "12000.00", "", "", "", "", None, "150", "ОБРАЗЕЦ"),
    ("C1.2", "connection", "8000.00", "", "", "", "", None, "150", "ОБРАЗЕЦ"),
    ("C1.1", "connection", "25000.00", "", "", "", "", "150", None, "ОБРАЗЕЦ"),
    ("C1.2", "connection", "18000.00", "", "", "", "", "150", None, "ОБРАЗЕЦ"),
    ("C2", "km", "1200000.00", "0.4", "overhead", "", "", None, None, "ОБРАЗЕЦ: СИП"),
    ("C2", "km", "1600000.00", "6-10", "overhead", "", "", None, None, "ОБРАЗЕЦ"),
    ("C2", "km", "1900000.00", "20", "overhead", "", "", None, None, "ОБРАЗЕЦ"),
    ("C3", "km", "2100000.00", "0.4", "cable", "", "", None, None, "ОБРАЗЕЦ"),
    ("C3", "km", "2900000.00", "6-10", "cable", "", "", None, None, "ОБРАЗЕЦ"),
    ("C3", "km", "3300000.00", "20", "cable", "", "", None, None, "ОБРАЗЕЦ"),
    ("C4", "unit", "650000.00", "6-10", "", "", "", None, None, "ОБРАЗЕЦ: реклоузер"),
    ("C5", "kw", "9500.00", "", "", "", "", None, None, "ОБРАЗЕЦ: ТП 6–20/0,4 кВ"),
    ("C6", "kw", "11000.00", "", "", "", "", None, None, "ОБРАЗЕЦ"),
    ("C7", "kw", "12000.00", "", "", "", "", None, None, "ОБРАЗЕЦ"),
    ("C8", "point", "28000.00", "0.4", "", "", "", None, None, "ОБРАЗЕЦ: однофазный"),
    ("C8", "point", "45000.00", "0.4", "", "", "3ф_прямой", None, None, "ОБРАЗЕЦ"),
    ("C8", "point", "95000.00", "0.4", "", "", "3ф_косвенный", None, None, "ОБРАЗЕЦ"),
    ("C8", "point", "350000.00", "6-10", "", "", "", None, None, "ОБРАЗЕЦ"),
]


def _dec(value):
    return Decimal(value) if value is not None else None


def seed(apps, schema_editor):
    DocumentRequirement = apps.get_model("grid_connections", "DocumentRequirement")
    StageDeadlineRule = apps.get_model("grid_connections", "StageDeadlineRule")
    SpecialGroup = apps.get_model("grid_connections", "SpecialGroup")
    ApplianceType = apps.get_model("grid_connections", "ApplianceType")
    PowerProfile = apps.get_model("grid_connections", "PowerProfile")
    RateTable = apps.get_model("grid_connections", "RateTable")
    RateItem = apps.get_model("grid_connections", "RateItem")
    for order, (code, title, help_text, cats, kinds, rep, required, mark, ref) in enumerate(
        REQUIREMENTS
    ):
        DocumentRequirement.objects.get_or_create(
            code=code,
            defaults=dict(
                title=title, help_text=help_text, categories=cats, applicant_kinds=kinds,
                only_with_representative=rep, is_required=required, order=order * 10,
                status_mark=mark, reference=ref,
            ),
        )
    for stage, case, title, amount, unit, mark, ref in DEADLINES:
        StageDeadlineRule.objects.get_or_create(
            stage=stage, case=case,
            defaults=dict(title=title, amount=amount, unit=unit, status_mark=mark, reference=ref),
        )
    for clause, title in SPECIAL_GROUPS:
        SpecialGroup.objects.get_or_create(
            clause=clause,
            defaults=dict(title=title, status_mark="⚠️",
                          reference="[R34] номера пунктов ✅, содержание — по памяти ⚠️"),
        )
    for order, (group, name, power) in enumerate(APPLIANCES):
        ApplianceType.objects.get_or_create(
            name=name, defaults=dict(group=group, typical_power_kw=Decimal(power), order=order)
        )
    for order, (name, k) in enumerate(PROFILES):
        PowerProfile.objects.get_or_create(
            name=name,
            defaults=dict(simultaneity=Decimal(k), status_mark="⚠️",
                          reference=PROFILE_REFERENCE, order=order),
        )
    now = timezone.now()
    if not RateTable.objects.filter(code=PREFERENTIAL_2026).exists():
        table = RateTable.objects.create(
            code=PREFERENTIAL_2026, version=1,
            title="Республика Татарстан, 2026: льготная ставка за 1 кВт (п. 17)",
            region="RU-TA",
            act="Постановление Госкомитета РТ по тарифам от 19.11.2025 № 328-191/тп-2025",
            valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31),
            includes_vat=True, vat_rate=Decimal("22.00"), is_sample=False, is_published=True,
            status_mark="✅", reference="[R31] 7 600 руб./кВт с НДС, ≤300 м город / ≤500 м село",
            notes="Ставка НДС 22 % с 01.01.2026 — ⚠️ не из regulation.md; на сумму к оплате "
                  "не влияет (ставка с НДС). Сниженная ставка для социальных категорий РТ "
                  "на 2026 год не найдена ❓ — не загружена.",
            loaded_at=now,
        )
        for category in ("individual_15", "microgeneration"):
            RateItem.objects.create(
                table=table, rate="PREF_KW", unit="kw", value=Decimal("7600.00"),
                category=category, description="[R31]",
            )
    if not RateTable.objects.filter(code=SAMPLE_2026).exists():
        table = RateTable.objects.create(
            code=SAMPLE_2026, version=1,
            title="ОБРАЗЕЦ: стандартизированные ставки С1–С8, Татарстан 2026 (не официальные)",
            region="RU-TA", act="",
            valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31),
            includes_vat=False, vat_rate=Decimal("22.00"), is_sample=True, is_published=True,
            status_mark="❓",
            reference="regulation.md §3.6, §8 п. 6: официальные ставки РТ не найдены — образец",
            notes="Замените загрузкой решения Госкомитета РТ по тарифам.",
            loaded_at=now,
        )
        for rate, unit, value, volt, line, cat, variant, p_from, p_to, desc in SAMPLE_ITEMS:
            RateItem.objects.create(
                table=table, rate=rate, unit=unit, value=Decimal(value), voltage=volt,
                line_type=line, category=cat, variant=variant,
                power_from_kw=_dec(p_from), power_to_kw=_dec(p_to), description=desc,
            )


def unseed(apps, schema_editor):
    apps.get_model("grid_connections", "RateTable").objects.filter(
        code__in=[PREFERENTIAL_2026, SAMPLE_2026]
    ).delete()
    for model, field, values in (
        ("DocumentRequirement", "code", [r[0] for r in REQUIREMENTS]),
        ("StageDeadlineRule", "case", [d[1] for d in DEADLINES]),
        ("SpecialGroup", "clause", [g[0] for g in SPECIAL_GROUPS]),
        ("ApplianceType", "name", [a[1] for a in APPLIANCES]),
        ("PowerProfile", "name", [p[0] for p in PROFILES]),
    ):
        apps.get_model("grid_connections", model).objects.filter(
            **{f"{field}__in": values}
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("grid_connections", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
