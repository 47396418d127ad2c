"""Seed the rows of Приложение 7 table 4.1 (⚠️ regulation.md §1.10, [R2]): editable
data, so a confirmed row list is an edit in /admin/, not a release."""

from django.db import migrations

CATEGORIES = [
    ("transmission", "оказание услуг по передаче электрической энергии"),
    ("connection", "осуществление технологического присоединения"),
    ("metering", "коммерческий учёт электрической энергии"),
    ("service_quality", "качество обслуживания потребителей"),
    ("maintenance", "техническое обслуживание электросетевых объектов"),
    ("other", "прочее"),
]
REQUESTS = [
    ("connection", "по технологическому присоединению"),
    ("transmission_contract", "заключение договора на оказание услуг по передаче э/э"),
    ("metering", "организация коммерческого учёта электрической энергии"),
    ("other", "прочее"),
]


def rows() -> list[tuple[str, str, dict, bool]]:
    out: list[tuple[str, str, dict, bool]] = [
        ("1", "Всего обращений потребителей, в том числе:", {}, True)
    ]
    out += [
        (f"1.{i}", title, {"category": code}, False)
        for i, (code, title) in enumerate(CATEGORIES, 1)
    ]
    out.append(("2", "Жалобы, в том числе:", {"has_complaint": True}, True))
    out += [
        (f"2.{i}", title, {"has_complaint": True, "category": code}, False)
        for i, (code, title) in enumerate(CATEGORIES, 1)
    ]
    out.append(
        ("3", "Заявки на оказание услуг, в том числе:", {"has_service_request": True}, True)
    )
    out += [
        (
            f"3.{i}",
            title,
            {"has_service_request": True, "service_request_type": code},
            False,
        )
        for i, (code, title) in enumerate(REQUESTS, 1)
    ]
    out += [
        (
            "4",
            "Обращения, по результатам которых заключён договор "
            "об осуществлении технологического присоединения",
            {"led_to_connection_contract": True},
            True,
        ),
        (
            "5",
            "Обращения, по результатам которых заключён договор "
            "на оказание услуг по передаче электрической энергии",
            {"led_to_transmission_contract": True},
            True,
        ),
        (
            "6",
            "Обращения, по результатам которых урегулирована жалоба",
            {"has_complaint": True, "complaint_settled": True},
            True,
        ),
    ]
    return out


def seed(apps, schema_editor) -> None:  # noqa: ANN001
    Table41Row = apps.get_model("reports", "Table41Row")
    Table41Row.objects.bulk_create(
        [
            Table41Row(number=n, title=t, filters=f, is_bold=b, order=i)
            for i, (n, t, f, b) in enumerate(rows(), 1)
        ]
    )


def unseed(apps, schema_editor) -> None:  # noqa: ANN001
    apps.get_model("reports", "Table41Row").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_appeal_dirty_day_triggers")]

    operations = [migrations.RunPython(seed, unseed)]
