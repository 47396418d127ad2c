"""`gridcare import_appeals`: validation with Russian reasons, dry run, idempotency by
external id, aggregates rebuilt and exact after the import."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gridcare.appeals.models import Appeal
from gridcare.reports.models import DirtyDay
from gridcare.reports.tests.test_report_186 import assert_every_cell_exact

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id;number;received_at;registered_at;channel;category;kind;topic;status;"
    "has_complaint;has_service_request;service_request_type;"
    "led_to_connection_contract;led_to_transmission_contract;complaint_settled;"
    "branch_code;due_at;answered_at;closed_at;rating;contact_name;subject;text"
)
GOOD = [
    "A-1;;2024-03-01 10:00:00;;phone;connection;appeal;;closed;0;0;;1;0;0;kazan;"
    "2024-03-31 10:00;2024-03-05 12:00;2024-03-06 09:00;5;Иванов И.И.;ТП;Вопрос о ТП",
    "A-2;П-2;01.04.2024 09:15;01.04.2024 09:20;post;metering;complaint;metering;"
    "answered;;;;0;0;1;;2024-05-01 09:00;2024-05-10 09:00;;2;Петрова;;Жалоба",
    "A-3;;2023-12-31 23:30:00;;personal_account;other;service_request;;in_work;0;1;"
    "metering;0;0;0;chelny;;;;;Сидоров;;Заявка",
]
BAD = [
    "A-4;;2024-02-30 10:00;;phone;connection;appeal;;closed;0;0;;0;0;0;;;;;;X;;",
    "A-5;;2024-02-01 10:00;;fax;connection;appeal;;registered;0;0;;0;0;0;;;;;;X;;",
    "A-6;;2024-02-01 10:00;;phone;connection;appeal;;closed;0;0;;0;0;0;;;;;;X;;",
    "A-7;;2024-02-01 10:00;;phone;connection;appeal;;registered;0;0;;0;0;0;ufa;;;;;X;;",
    "A-8;;2024-02-01 10:00;;phone;connection;appeal;;registered;0;0;;0;0;0;;;;;7;X;;",
    ";;2024-02-01 10:00;;phone;connection;appeal;;registered;0;0;;0;0;0;;;;;;X;;",
    "A-1;;2024-02-01 10:00;;phone;connection;appeal;;registered;0;0;;0;0;0;;;;;;X;;",
]


@pytest.fixture
def csv_file(tmp_path: Path, branch, other_branch) -> Path:
    path = tmp_path / "old.csv"
    path.write_text("\n".join([HEADER, *GOOD, *BAD]) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_appeals", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_validates_and_writes_nothing(csv_file):
    output = _run(str(csv_file), "--dry-run")
    assert (
        "Строк: 10; проверено бы к загрузке: 3; уже были в реестре: 0; "
        "отклонено: 7" in output
    )
    assert Appeal.objects.count() == 0
    assert not DirtyDay.objects.exists()
    with (csv_file.parent / "old.csv.rejected.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows == [
        ["строка", "external_id", "причина"],
        [
            "5",
            "A-4",
            "received_at: «2024-02-30 10:00» — не дата и время (ожидается "
            "ГГГГ-ММ-ДД ЧЧ:ММ:СС или ДД.ММ.ГГГГ ЧЧ:ММ, время московское)",
        ],
        [
            "6",
            "A-5",
            "channel: неизвестный код «fax»; допустимы: personal_account, "
            "internet_reception, mobile_app, chatbot, phone, ivr, office, post, email, "
            "social, retailer, other",
        ],
        ["7", "A-6", "answered_at: для статуса «closed» нужна дата ответа"],
        ["8", "A-7", "branch_code: филиал «ufa» не найден"],
        ["9", "A-8", "rating: «7» — оценка от 1 до 5"],
        ["10", "", "не заполнены обязательные поля: external_id"],
        ["11", "A-1", "external_id повторяется в файле"],
    ]


def test_import_loads_rows_refreshes_days_and_is_idempotent(csv_file, branch):
    output = _run(str(csv_file))
    assert "загружено: 3" in output
    first = Appeal.objects.get(external_id="A-1")
    assert (first.channel, first.service_form, first.status, first.rating) == (
        "phone",
        "phone",
        "closed",
        5,
    )
    assert first.number == "И-A-1" and first.branch == branch
    assert first.topic == "connection" and first.led_to_connection_contract
    complaint = Appeal.objects.get(external_id="A-2")
    assert complaint.number == "П-2" and complaint.has_complaint
    # 23:30 Moscow on 31.12.2023 is 20:30 UTC.
    assert Appeal.objects.get(external_id="A-3").received_at.isoformat() == (
        "2023-12-31T20:30:00+00:00"
    )
    assert not DirtyDay.objects.exists()  # rebuilt at the end
    assert_every_cell_exact(2024)

    again = _run(str(csv_file))
    assert "загружено: 0; уже были в реестре: 3" in again
    assert Appeal.objects.count() == 3


def test_file_without_required_columns_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id;channel\n1;phone\n", encoding="utf-8")
    with pytest.raises(CommandError, match="в файле нет столбцов: external_id"):
        _run(str(path))
    assert Appeal.objects.count() == 0
