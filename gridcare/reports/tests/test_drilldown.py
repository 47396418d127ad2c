"""Drill-down from the dashboards: every appeal row links to the staff queue filtered
to exactly the appeals of its count (period, dashboard filters, the row's category,
channel, service form, branch or deadline)."""

from datetime import date

import pytest

from gridcare.appeals.codes import Category, Channel
from gridcare.reports.aggregates import stats_refresh_dirty
from gridcare.reports.dashboards import (
    DashboardFilters,
    table_by_branch,
    table_by_category,
    table_by_channel,
    table_by_period,
    table_by_service_form,
    table_deadlines,
)
from gridcare.reports.tests.conftest import registry_build

pytestmark = pytest.mark.django_db

APPEAL_TABLES = (
    table_by_period,
    table_by_channel,
    table_by_service_form,
    table_by_category,
    table_by_branch,
)


def _queue_count(client, link: str) -> int:
    response = client.get(link)
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.fixture
def registry_2024(branch, other_branch):
    registry_build(count=400, years=(2024,), branches=[branch, other_branch])
    stats_refresh_dirty()  # most days from the aggregates…
    # …and a few more appeals after the refresh: their days are counted directly.
    registry_build(count=40, years=(2024,), branches=[branch], seed=8, start_id=1000)


@pytest.mark.parametrize(
    "filters",
    [
        {},  # by month (more than 62 days)
        {"channel": Channel.PHONE},
        {"category": Category.CONNECTION},
    ],
)
def test_every_row_count_equals_its_queue(client, analyst, registry_2024, filters):
    f = DashboardFilters(
        date_from=date(2024, 2, 10), date_to=date(2024, 5, 20), **filters
    )
    client.force_login(analyst)
    checked = 0
    for build in APPEAL_TABLES:
        table = build(f)
        assert len(table.links) == len(table.rows)
        for row, link in zip(table.rows, table.links, strict=True):
            count = row[1]
            if not link:  # excluded by the dashboard's own filter on the dimension
                assert count == 0 and filters, (table.slug, row)
                continue
            assert _queue_count(client, link) == count, (table.slug, row, link)
            checked += 1 if count else 0
    assert checked > 10  # the cells are not all empty
    deadlines = table_deadlines(f)
    for row, link in zip(deadlines.rows[:4], deadlines.links[:4], strict=True):
        assert _queue_count(client, link) == row[1], (row, link)


def test_day_rows_and_a_category_cell_with_a_branch_filter(
    client, analyst, branch, registry_2024
):
    f = DashboardFilters(
        date_from=date(2024, 3, 1), date_to=date(2024, 3, 31), branch_id=branch.pk
    )
    client.force_login(analyst)
    by_period = table_by_period(f)
    assert len(by_period.rows) == 31
    for row, link in zip(by_period.rows, by_period.links, strict=True):
        assert _queue_count(client, link) == row[1]
    by_category = table_by_category(f)
    i = max(range(len(by_category.rows)), key=lambda k: by_category.rows[k][1])
    row, link = by_category.rows[i], by_category.links[i]
    value = next(v for v, label in Category.choices if label == row[0])
    assert f"category={value}" in link and f"branch={branch.pk}" in link
    assert row[1] > 0
    assert _queue_count(client, link) == row[1]


def test_queue_category_filter_narrows_the_list(client, analyst, registry_2024):
    client.force_login(analyst)
    every = _queue_count(client, "/staff/appeals/?status=")
    connection = _queue_count(client, "/staff/appeals/?status=&category=connection")
    assert 0 < connection < every
