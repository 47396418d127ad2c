"""Back-office pages: who may see them, the dashboard JSON and CSV exactly, drill-down
links, long exports with progress."""

import io
from datetime import UTC, datetime

import openpyxl
import pytest
from django.urls import reverse

from gridcare.appeals.codes import Category, Channel, ServiceForm, Status
from gridcare.appeals.models import Appeal
from gridcare.reports.aggregates import stats_refresh_dirty
from gridcare.reports.models import ExportJob

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": "2024-03-01", "date_to": "2024-03-03"}


def _appeal(branch, day: int, channel: str, category: str, **extra) -> Appeal:
    return Appeal.objects.create(
        number=f"V-{Appeal.objects.count() + 1}",
        channel=channel,
        service_form={"phone": ServiceForm.PHONE, "post": ServiceForm.POST}.get(
            channel, ServiceForm.INTERNET
        ),
        category=category,
        topic="general",
        regime="written",
        status=extra.pop("status", Status.CLOSED),
        contact_name="Заявитель",
        text="Текст",
        received_at=datetime(2024, 3, day, 9, 0, tzinfo=UTC),
        branch=branch,
        **extra,
    )


@pytest.fixture
def small_registry(branch, other_branch):
    _appeal(
        branch,
        1,
        Channel.PHONE,
        Category.CONNECTION,
        rating=5,
        answered_at=datetime(2024, 3, 2, tzinfo=UTC),
        due_at=datetime(2024, 3, 30, tzinfo=UTC),
    )
    _appeal(
        branch,
        1,
        Channel.PHONE,
        Category.METERING,
        rating=4,
        answered_at=datetime(2024, 4, 2, tzinfo=UTC),
        due_at=datetime(2024, 3, 30, tzinfo=UTC),
    )
    _appeal(
        other_branch,
        2,
        Channel.POST,
        Category.CONNECTION,
        status=Status.IN_WORK,
        due_at=datetime(2024, 4, 1, tzinfo=UTC),
    )
    _appeal(
        branch,
        3,
        Channel.PERSONAL_ACCOUNT,
        Category.OTHER,
        answered_at=datetime(2024, 3, 4, tzinfo=UTC),
    )
    _appeal(branch, 5, Channel.PHONE, Category.OTHER)  # outside the period
    stats_refresh_dirty()
    # One more after the refresh: its day is dirty, still counted.
    _appeal(
        other_branch,
        3,
        Channel.PHONE,
        Category.CONNECTION,
        rating=2,
        answered_at=datetime(2024, 3, 3, 12, tzinfo=UTC),
    )


@pytest.mark.parametrize("persona", ["consumer", "operator", "specialist"])
def test_reports_refused_to_consumers_and_operators(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("reports:index"),
        reverse("reports:dashboard"),
        reverse("reports:dashboard_data"),
        reverse("reports:report_186", args=[2024, "xlsx"]),
        reverse("reports:dashboard_table", args=["by_channel", "csv"]),
    ):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["analyst", "supervisor"])
def test_dashboard_page_for_analyst_and_supervisor(
    client, request, persona, small_registry
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("reports:dashboard"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Обращения по каналам" in html
    assert 'id="chart-by_channel"' in html
    assert "<script>" not in html and " style=" not in html and " onclick" not in html
    # Drill-down to the staff queue filtered by the period and the row's channel or
    # category (test_drilldown.py checks that the counts match).
    period = "date_from=2024-03-01&amp;date_to=2024-03-03"
    assert f'/staff/appeals/?status=&amp;{period}&amp;channel=phone"' in html
    assert f'/staff/appeals/?status=&amp;{period}&amp;category=connection"' in html
    assert response.status_code == 200
    assert client.get(reverse("reports:index")).status_code == 200


def test_dashboard_json_is_exact(client, analyst, small_registry):
    client.force_login(analyst)
    data = client.get(reverse("reports:dashboard_data"), PERIOD).json()
    assert data["filters"] == {
        "date_from": "2024-03-01",
        "date_to": "2024-03-03",
        "branch_id": None,
        "channel": "",
        "category": "",
    }
    charts = {c["slug"]: c for c in data["charts"]}
    assert charts["by_period"]["labels"] == ["01.03.2024", "02.03.2024", "03.03.2024"]
    assert charts["by_period"]["datasets"] == [
        {"label": "Очная форма", "data": [0, 0, 0]},
        {"label": "Заочная форма с использованием телефонной связи", "data": [2, 0, 1]},
        {
            "label": "Электронная форма с использованием сети Интернет",
            "data": [0, 0, 1],
        },
        {
            "label": "Письменная форма с использованием почтовой связи",
            "data": [0, 1, 0],
        },
        {"label": "Прочее", "data": [0, 0, 0]},
    ]
    assert charts["by_category"]["datasets"] == [
        {"label": "Обращений", "data": [0, 3, 1, 0, 0, 1]}
    ]
    assert charts["deadlines"] == {
        "slug": "deadlines",
        "type": "doughnut",
        "labels": [
            "Ответ в срок",
            "Ответ с нарушением срока",
            "Без ответа по существу",
        ],
        "datasets": [{"label": "Обращений", "data": [3, 1, 0]}],
    }
    assert charts["satisfaction"]["datasets"] == [
        {"label": "Средняя оценка", "data": [4.5, None, 2.0]}
    ]


def test_dashboard_filters_narrow_the_counts(client, analyst, branch, small_registry):
    client.force_login(analyst)
    data = client.get(
        reverse("reports:dashboard_data"),
        {**PERIOD, "branch": branch.pk, "channel": "phone"},
    ).json()
    by_period = {c["slug"]: c for c in data["charts"]}["by_period"]
    assert by_period["datasets"][1]["data"] == [2, 0, 0]


def test_bad_filters_get_a_russian_error(client, analyst):
    client.force_login(analyst)
    response = client.get(
        reverse("reports:dashboard_data"),
        {"date_from": "2024-03-05", "date_to": "2024-03-01"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"]["date_to"][0]["message"] == (
        "Конец периода раньше начала."
    )
    page = client.get(
        reverse("reports:dashboard"),
        {"date_from": "2024-03-05", "date_to": "2024-03-01"},
    )
    assert "Конец периода раньше начала." in page.content.decode()


def test_table_csv_and_xlsx_exports(client, supervisor, small_registry):
    client.force_login(supervisor)
    response = client.get(
        reverse("reports:dashboard_table", args=["by_branch", "csv"]), PERIOD
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8") == (
        "\ufeffФилиал;Обращений;Доля, %\r\n"
        "КЭС;2;40,0\r\n"
        "НЧЭС;2;40,0\r\n"
        "Без филиала;0;0,0\r\n"
    ).replace("КЭС;2;40,0\r\nНЧЭС;2;40,0", "КЭС;3;60,0\r\nНЧЭС;2;40,0")
    xlsx = client.get(
        reverse("reports:dashboard_table", args=["by_branch", "xlsx"]), PERIOD
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[3]] == ["Филиал", "Обращений", "Доля, %"]
    assert [c.value for c in sheet[4]] == ["КЭС", 3, 60.0]
    assert (
        client.get(
            reverse("reports:dashboard_table", args=["nope", "csv"]), PERIOD
        ).status_code
        == 404
    )


def test_long_export_runs_as_task_with_progress(
    client, analyst, supervisor, small_registry, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:export_start"), {**PERIOD, "kind": "dashboard_xlsx"}
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("reports:export_status", args=[job.pk])
    assert (job.status, job.done, job.total, job.percent) == ("done", 11, 11, 100)
    status = client.get(
        reverse("reports:export_status", args=[job.pk]), HTTP_ACCEPT="application/json"
    ).json()
    assert status == {
        "status": "done",
        "percent": 100,
        "download": reverse("reports:export_download", args=[job.pk]),
    }
    page = client.get(reverse("reports:export_status", args=[job.pk])).content.decode()
    assert 'value="100"' in page
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(book.sheetnames) == 11
    # Another user's export is not found.
    client.force_login(supervisor)
    assert (
        client.get(reverse("reports:export_status", args=[job.pk])).status_code == 404
    )
    assert (
        client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    )


def test_report_download_and_background_pdf(
    client, analyst, small_registry, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    xlsx = client.get(reverse("reports:report_186", args=[2024, "xlsx"]))
    assert (
        xlsx["Content-Disposition"] == 'attachment; filename="prilozhenie-7-2024.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Таблица 4.1"]
    assert [sheet.cell(5, c).value for c in (6, 7)] == [0, 4]  # phone N-1, N
    assert (
        client.get(reverse("reports:report_186", args=[2999, "xlsx"])).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reports:export_start"), {"year": 2024, "kind": "report_186_pdf"}
        )
    job = ExportJob.objects.get()
    assert job.status == "done" and job.filename == "prilozhenie-7-2024.pdf"


def test_deadlines_table_counts_live_overdue(client, analyst, small_registry):
    client.force_login(analyst)
    response = client.get(
        reverse("reports:dashboard_table", args=["deadlines", "csv"]), PERIOD
    )
    assert response.content.decode("utf-8") == (
        "\ufeffПоказатель;Обращений;Доля завершённых, %\r\n"
        "Ответ в срок;3;75,0\r\n"
        "Ответ с нарушением срока;1;25,0\r\n"
        "Без ответа по существу;0;0,0\r\n"
        "Открыты сейчас (поступили в периоде);1;\r\n"
        "Просрочены сейчас (все открытые);1;\r\n"
    )
