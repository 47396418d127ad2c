"""XLSX read back with openpyxl: the monthly form 8.1 (command and page) and the
year's indicator forms."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from gridcare.indicators.models import Form81Column

pytestmark = pytest.mark.django_db

HEADERS = [
    "№ п/п",
    "Филиал",
    "РЭС",
    "Уровень напряжения отключённого оборудования",
    "Отключённое оборудование",
    "Вид прекращения",
    "Причина",
    "Начало (дата, время, мск)",
    "Окончание (дата, время, мск)",
    "Продолжительность, ч",
    "Точек поставки отключено",
    "в т. ч. ВН",
    "в т. ч. СН1",
    "в т. ч. СН2",
    "в т. ч. НН",
    "Точко-часы",
    "Учитывается в Пsaidi/Пsaifi",
    "Основание исключения",
]


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_form81_command_writes_the_month(example, tmp_path, capsys):
    out = tmp_path / "f81.xlsx"

    call_command("indicators_form81", year=2025, month=3, out=str(out))

    book = load_workbook(out)
    assert book.sheetnames == ["Форма 8.1", "Итоги"]
    rows = _rows(book["Форма 8.1"])
    assert rows[0][0] == "Форма 8.1 за март 2025 г."
    assert rows[2] == HEADERS
    kes = "Казанские электрические сети"
    assert rows[3:] == [
        [1, kes, None, "НН (0,4 кВ и ниже)", None, "Аварийное", "Повреждение оборудования",
         "05.03.2025 10:00", "05.03.2025 12:30", 2.5, 4, 0, 0, 0, 4, 10, "да", None],
        [2, kes, None, "СН2 (1–20 кВ)", None, "Аварийное", "Повреждение оборудования",
         "20.03.2025 23:00", "21.03.2025 01:15", 2.25, 3, 0, 0, 1, 2, 6.75, "да", None],
    ]  # fmt: skip
    summary = _rows(book["Итоги"])
    assert summary[3:] == [
        ["ВН (110 кВ и выше)", 0, 0, 0, 0, None, None],
        ["СН1 (35 кВ)", 2, 0, 0, 0, 0, 0],
        ["СН2 (1–20 кВ)", 8, 1, 1, 2.25, 0.2813, 0.125],
        ["НН (0,4 кВ и ниже)", 40, 2, 6, 14.5, 0.3625, 0.15],
        ["Всего", 50, 2, 7, 16.75, 0.335, 0.14],
    ]
    assert "Форма 8.1 за март 2025 г.: строк 2" in capsys.readouterr().out


def test_form81_layout_is_data(example, tmp_path):
    Form81Column.objects.exclude(
        field__in=["row_number", "duration_hours", "exclusion"]
    ).update(is_active=False)
    Form81Column.objects.filter(field="exclusion").update(
        header="Почему не учтено", order=0
    )
    out = tmp_path / "f81.xlsx"

    call_command("indicators_form81", year=2025, month=7, out=str(out))

    rows = _rows(load_workbook(out)["Форма 8.1"])
    assert rows[2] == ["Почему не учтено", "№ п/п", "Продолжительность, ч"]
    assert rows[3][0].startswith("Отключение по заявке потребителя (Приказ Минэнерго")
    assert rows[3][1:] == [1, 1]


def test_form81_command_refuses_a_bad_month(tmp_path):
    with pytest.raises(CommandError, match=r"Месяц должен быть от 1 до 12\."):
        call_command(
            "indicators_form81", year=2025, month=13, out=str(tmp_path / "x.xlsx")
        )
    assert not (tmp_path / "x.xlsx").exists()


def test_indicator_forms_download(client, supervisor, example):
    client.force_login(supervisor)

    response = client.get("/staff/indicators/2025/indicators-1256.xlsx")

    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="indicators-1256-2025.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Пsaidi, Пsaifi", "Протокол", "Птпр", "Птсо"]
    levels = _rows(book["Пsaidi, Пsaifi"])[3:8]
    assert levels == [
        ["ВН (110 кВ и выше)", 0, "внесено", 0, 0, 0, None, None],
        ["СН1 (35 кВ)", 2, "внесено", 1, 1, 0.0333, 0.0167, 0.5],
        ["СН2 (1–20 кВ)", 8, "внесено", 1, 1, 2.25, 0.2813, 0.125],
        ["НН (0,4 кВ и ниже)", 40, "внесено", 3, 12, 38.5, 0.9625, 0.3],
        ["Всего", 50, "внесено", 4, 14, 40.7833, 0.8157, 0.28],
    ]
    protocol = _rows(book["Протокол"])
    assert len(protocol) == 2 + 6
    assert protocol[5][8:] == ["нет", protocol[5][9]] and protocol[5][9].startswith(
        "Отключение по заявке потребителя"
    )
    connection = _rows(book["Птпр"])
    assert connection[2][1] == "Птпр = 0 + 1 × «Доля сроков всех этапов, соблюдённых»"
    service = _rows(book["Птсо"])
    assert service[3] == [None] * 8 or service[3][0] is None
    assert service[4][0] == "Форма 2.1 / 6.1. Индикатор информативности"
    assert service[5] == [
        "№", "Параметр (критерий)", "фактическое (Ф)", "плановое (П)", "Ф/П × 100, %",
        "Зависимость", "Оценочный балл", "Статус",
    ]  # fmt: skip
    assert Decimal(str(levels[3][6])) == Decimal("0.9625")
