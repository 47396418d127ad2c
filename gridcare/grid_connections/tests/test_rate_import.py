"""Admins load a new rate table version from CSV or XLSX without a release."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gridcare.grid_connections.models import RateTable

pytestmark = pytest.mark.django_db

CSV = (
    "ставка;единица;значение;напряжение;тип линии;категория\n"
    "PREF_KW;kw;8 100,00;;;individual_15\n"
    "C1;connection;15000;;;\n"
    "C2;km;1 300 000,50;0.4;overhead;\n"
)


def test_csv_import_creates_new_versions(tmp_path):
    path = tmp_path / "rt-2027.csv"
    path.write_text(CSV, encoding="utf-8")
    args = [
        str(path),
        "--code",
        "rt-2027",
        "--title",
        "РТ 2027",
        "--region",
        "RU-TA",
        "--valid-from",
        "2027-01-01",
        "--includes-vat",
        "--vat-rate",
        "22",
        "--mark",
        "✅",
        "--reference",
        "Постановление № 1",
    ]
    call_command("import_connection_rates", *args)
    call_command("import_connection_rates", *args)
    tables = RateTable.objects.filter(code="rt-2027").order_by("version")
    assert [t.version for t in tables] == [1, 2]
    values = sorted(tables[1].items.values_list("rate", "value"))
    assert values == [
        ("C1", Decimal("15000.00")),
        ("C2", Decimal("1300000.50")),
        ("PREF_KW", Decimal("8100.00")),
    ]


def test_xlsx_import_and_refusal_names_the_row(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["rate", "unit", "value", "voltage"])
    sheet.append(["C8", "point", 30000, "0.4"])
    sheet.append(["C9", "point", 1, ""])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(CommandError) as err:
        call_command(
            "import_connection_rates",
            str(path),
            "--code",
            "x",
            "--title",
            "x",
            "--region",
            "RU-TA",
            "--valid-from",
            "2027-01-01",
            "--vat-rate",
            "22",
            "--mark",
            "❓",
            "--reference",
            "образец",
            "--sample",
            stdout=io.StringIO(),
        )
    assert "Строка 3" in str(err.value)
    assert not RateTable.objects.filter(code="x").exists()


def test_admin_uploads_a_table(client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gridcare.accounts.models import User

    admin = User.objects.create_superuser(
        email="root@gridcare.test", password="x-Pass-1"
    )
    client.force_login(admin)
    assert client.get("/admin/grid_connections/ratetable/").status_code == 200
    response = client.post(
        "/admin/grid_connections/ratetable/import/",
        {
            "file": SimpleUploadedFile("rt.csv", CSV.encode()),
            "code": "rt-2027",
            "title": "РТ 2027",
            "region": "RU-TA",
            "valid_from": "01.01.2027",
            "vat_rate": "22",
            "status_mark": "✅",
            "reference": "Постановление № 1",
            "includes_vat": "on",
        },
    )
    table = RateTable.objects.get(code="rt-2027")
    assert response.status_code == 302 and table.items.count() == 3
    assert table.loaded_by == admin
