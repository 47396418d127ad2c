"""GET /api/v1/calendar/workdays: the production calendar's working days per month."""

import pytest

from gridcare.api.testing import BASE, ApiClient

pytestmark = pytest.mark.django_db


def test_federal_2025_working_days_per_month():
    response = ApiClient().get(f"{BASE}/calendar/workdays?year=2025&region=RU")
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["region"], body["total"]) == (2025, "RU", 247)
    assert [m["working_days"] for m in body["months"]] == [
        17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22,
    ]  # fmt: skip
    assert [m["month"] for m in body["months"]] == list(range(1, 13))


def test_region_defaults_to_the_company_calendar(settings):
    response = ApiClient().get(f"{BASE}/calendar/workdays?year=2026")
    assert response.json()["region"] == settings.CALENDAR_REGION


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("year=2025&region=XX", 422, "region"),
        ("region=RU", 422, "year"),
        ("year=abc", 422, "year"),
    ],
)
def test_bad_query_is_a_russian_422(query, status, field):
    response = ApiClient().get(f"{BASE}/calendar/workdays?{query}")
    assert response.status_code == status
    assert response.json()["error"]["message"].startswith(f"Поле «{field}»")


def test_year_out_of_range_is_refused_by_the_calendar():
    response = ApiClient().get(f"{BASE}/calendar/workdays?year=1990&region=RU")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "calendar_year_out_of_range"
