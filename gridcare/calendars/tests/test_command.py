"""`gridcare workdays`: JSON for machines, a Russian table for people."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_json_for_2025_ru() -> None:
    output = run("--year", "2025", "--region", "RU", "--json")
    assert output.count("\n") == 1
    payload = json.loads(output)
    assert list(payload) == [str(month) for month in range(1, 13)] + ["total"]
    assert payload == {
        "1": 17, "2": 20, "3": 21, "4": 22, "5": 18, "6": 19,
        "7": 23, "8": 21, "9": 22, "10": 23, "11": 19, "12": 22,
        "total": 247,
    }  # fmt: skip


def test_json_for_2026_tatarstan() -> None:
    payload = json.loads(run("--year", "2026", "--region", "RU-TA", "--json"))
    assert payload == {
        "1": 15, "2": 19, "3": 20, "4": 22, "5": 18, "6": 21,
        "7": 23, "8": 21, "9": 22, "10": 22, "11": 19, "12": 22,
        "total": 244,
    }  # fmt: skip


def test_table_in_russian() -> None:
    lines = run("--year", "2025", "--region", "RU").splitlines()
    assert lines[0] == (
        "Производственный календарь на 2025 год: Российская Федерация (RU)"
    )
    assert lines[2].split() == ["Январь", "17", "0"]
    assert lines[-1].split() == ["Итого", "247", "4"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2025", "--region", "RU-MOW"], "Неизвестный регион «RU-MOW»"),
        (["--year", "две тысячи", "--region", "RU"], "Год должен быть числом"),
        (["--year", "1999", "--region", "RU"], "Год должен быть от 2000 до 2100"),
    ],
)
def test_bad_input_is_refused_in_russian(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
