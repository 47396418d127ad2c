"""The back-office page /staff/indicators/: who may open it, what it shows (Russian
number format), plan and N_max entry, refusals that change nothing."""

import pytest

from gridcare.indicators.models import (
    ServiceParameter,
    ServiceParameterValue,
    SupplyPointCount,
)

pytestmark = pytest.mark.django_db

PAGE = "/staff/indicators/"


def test_anonymous_is_sent_to_login(client):
    response = client.get(PAGE)

    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["consumer", "operator", "specialist"])
def test_users_without_the_report_right_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(PAGE).status_code == 403
    assert client.get("/staff/indicators/2025/indicators-1256.xlsx").status_code == 403
    assert (
        client.get("/staff/indicators/form81.xlsx?year=2025&month=3").status_code == 403
    )


def test_analyst_sees_the_year_without_entry_forms(client, analyst, example):
    client.force_login(analyst)

    response = client.get(PAGE, {"year": 2025})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Показатели надёжности и качества (Приказ № 1256) за 2025 г." in html
    assert "0,9625" in html and "0,8157" in html and "40,7833" in html
    assert "Отключение по заявке потребителя" in html
    assert "05.03.2025 10:00" in html
    assert 'action="/staff/indicators/2025/plans/"' not in html
    assert 'style="' not in html and "<script>" not in html


def test_bad_year_falls_back_with_a_message(client, analyst):
    client.force_login(analyst)

    response = client.get(PAGE, {"year": "1900"}, follow=True)

    assert response.status_code == 200
    assert (
        "Год: Убедитесь, что это значение больше либо равно 2010."
        in response.content.decode()
    )


@pytest.mark.parametrize("who", ["administrator", "supervisor"])
def test_editors_enter_plans_and_points(client, request, who):
    client.force_login(request.getfixturevalue(who))
    hotline = ServiceParameter.objects.get(sub_indicator="informativeness", number="2")
    on_time = ServiceParameter.objects.get(sub_indicator="timeliness", number="1")

    page = client.get(PAGE, {"year": 2025}).content.decode()
    response = client.post(
        "/staff/indicators/2025/plans/",
        {
            f"plan_{hotline.pk}": "1",
            f"fact_{hotline.pk}": "1",
            f"plan_{on_time.pk}": "95,5",
        },
    )
    points = client.post(
        "/staff/indicators/2025/points/",
        {"points_NN": "1200", "points_SN2": "35", "note": "Отчёт о точках поставки"},
    )

    assert 'action="/staff/indicators/2025/plans/"' in page
    assert response.status_code == 302 and response["Location"].endswith(
        "?year=2025#service"
    )
    assert points.status_code == 302
    values = {
        v.parameter_id: (str(v.plan), v.fact and str(v.fact))
        for v in ServiceParameterValue.objects.filter(year=2025, plan__isnull=False)
    }
    assert values == {hotline.pk: ("1.0000", "1.0000"), on_time.pk: ("95.5000", None)}
    assert dict(SupplyPointCount.objects.values_list("voltage_level", "points")) == {
        "NN": 1200,
        "SN2": 35,
    }


def test_refused_plan_changes_nothing(client, administrator):
    client.force_login(administrator)
    share = ServiceParameter.objects.get(sub_indicator="informativeness", number="1.1")

    response = client.post(
        "/staff/indicators/2025/plans/", {f"plan_{share.pk}": "120"}, follow=True
    )

    assert "в процентах — не больше 100" in response.content.decode()
    assert not ServiceParameterValue.objects.exists()


@pytest.mark.parametrize("who", ["analyst", "operator"])
def test_plans_need_the_edit_right(client, request, who):
    client.force_login(request.getfixturevalue(who))
    share = ServiceParameter.objects.get(sub_indicator="informativeness", number="1.1")

    response = client.post("/staff/indicators/2025/plans/", {f"plan_{share.pk}": "90"})
    points = client.post("/staff/indicators/2025/points/", {"points_NN": "5"})

    assert (response.status_code, points.status_code) == (403, 403)
    assert not ServiceParameterValue.objects.exists()
    assert not SupplyPointCount.objects.exists()


def test_form81_download_from_the_page(client, supervisor, example):
    client.force_login(supervisor)

    response = client.get("/staff/indicators/form81.xlsx", {"year": 2025, "month": 3})
    bad = client.get(
        "/staff/indicators/form81.xlsx", {"year": 2025, "month": 13}, follow=True
    )

    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="form-8.1-2025-03.xlsx"'
    )
    assert (
        "Месяц: Убедитесь, что это значение меньше либо равно 12."
        in bad.content.decode()
    )
