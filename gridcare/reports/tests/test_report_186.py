"""Every cell of Приложение 7 table 4.1 equals a direct count over the registry — for
year N, year N−1 and the change in % — whether the days are aggregated or dirty, after
changes that bypass services and after the aggregates are rebuilt."""

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import F

from gridcare.appeals.codes import Category, Channel, ServiceForm, Status
from gridcare.appeals.models import Appeal
from gridcare.reports.aggregates import MOSCOW, stats_refresh_dirty, stats_refresh_full
from gridcare.reports.models import DailyAppealStat, DirtyDay, Table41Row
from gridcare.reports.report186 import FORMS, change_percent, report_186_build

pytestmark = pytest.mark.django_db

YEAR = 2024


def direct(year: int, form: str, filters: dict[str, object]) -> int:
    """The count straight from the registry, as an auditor would write it."""
    return (
        Appeal.objects.exclude(status=Status.NEW)
        .filter(
            received_at__gte=datetime(year, 1, 1, tzinfo=MOSCOW),
            received_at__lt=datetime(year + 1, 1, 1, tzinfo=MOSCOW),
            service_form=form,
            **filters,
        )
        .count()
    )


def expected_change(previous: int, current: int) -> Decimal | None:
    if previous == 0:
        return None
    # Rounded half up, as reports are (6.25 % → 6.3 %).
    return (Decimal(current - previous) * 100 / previous).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )


def assert_every_cell_exact(year: int) -> int:
    report = report_186_build(year=year)
    rows = list(Table41Row.objects.all())
    assert [r.number for r in report.table_41] == [r.number for r in rows]
    checked = 0
    for row, layout in zip(report.table_41, rows, strict=True):
        for form, cell in zip(FORMS, row.cells, strict=True):
            previous = direct(year - 1, form, layout.filters)
            current = direct(year, form, layout.filters)
            assert (cell.previous, cell.current) == (previous, current), (
                row.number,
                form,
            )
            assert cell.change == expected_change(previous, current)
            checked += 1
    return checked


def test_cells_equal_direct_counts_on_dirty_and_clean_days(registry):
    registry(count=1500, years=(YEAR - 1, YEAR))
    # Fresh bulk insert: the triggers marked every day dirty; counts come from the
    # registry directly.
    assert DirtyDay.objects.count() > 300
    assert DailyAppealStat.objects.count() == 0
    assert assert_every_cell_exact(YEAR) == 22 * 5  # 22 seeded rows × 5 forms

    stats_refresh_dirty()
    assert DirtyDay.objects.count() == 0
    assert DailyAppealStat.objects.exists()
    assert_every_cell_exact(YEAR)
    total = report_186_build(year=YEAR).table_41[0]
    assert sum(c.current for c in total.cells) == sum(
        direct(YEAR, form, {}) for form in FORMS
    )


def test_changes_that_bypass_services_stay_exact(registry):
    registry(count=800, years=(YEAR - 1, YEAR))
    stats_refresh_dirty()
    # A bulk UPDATE of outcomes, a status change, a category move and a delete.
    some = list(
        Appeal.objects.filter(received_at__year=YEAR).values_list("pk", flat=True)[:60]
    )
    Appeal.objects.filter(pk__in=some[:20]).update(led_to_connection_contract=True)
    Appeal.objects.filter(pk__in=some[:40], status=Status.REGISTERED).update(
        status=Status.CLOSED, answered_at=F("received_at")
    )
    Appeal.objects.filter(pk__in=some[20:40]).exclude(status=Status.NEW).update(
        category=Category.OTHER, has_complaint=True
    )
    gone = Appeal.objects.filter(pk__in=some[40:50])
    gone._raw_delete(gone.db)  # a plain SQL DELETE, as a cleanup script would
    assert DirtyDay.objects.exists()
    assert_every_cell_exact(YEAR)
    stats_refresh_dirty()
    assert not DirtyDay.objects.exists()
    assert_every_cell_exact(YEAR)


def test_change_after_service_registration_is_counted(make_appeal, registry):
    registry(count=200, years=(YEAR,))
    stats_refresh_full()
    appeal = make_appeal()  # registered through the service, today
    year = appeal.received_at.astimezone(MOSCOW).year
    report = report_186_build(year=year)
    internet = FORMS.index(ServiceForm.INTERNET)
    assert report.table_41[0].cells[internet].current == direct(
        year, ServiceForm.INTERNET, {}
    )
    assert report.table_41[0].cells[internet].current >= 1


def test_change_percent_and_division_by_zero():
    assert change_percent(0, 0) is None
    assert change_percent(0, 15) is None
    assert change_percent(200, 150) == Decimal("-25.0")
    assert change_percent(3, 4) == Decimal("33.3")
    assert change_percent(3, 5) == Decimal("66.7")


def test_year_without_previous_year_shows_no_change(registry):
    registry(count=300, years=(YEAR,))
    report = report_186_build(year=YEAR)
    total = report.table_41[0]
    assert all(c.previous == 0 and c.change is None for c in total.cells)
    assert sum(c.current for c in total.cells) > 0


def test_moscow_new_year_boundary(branch):
    """21:30 UTC on 31 December is 00:30 on 1 January in Moscow: next year's appeal."""
    Appeal.objects.create(
        number="B-1",
        channel=Channel.POST,
        service_form=ServiceForm.POST,
        category=Category.OTHER,
        topic="general",
        regime="written",
        status=Status.REGISTERED,
        contact_name="Граница",
        text="Новогоднее обращение",
        received_at=datetime(YEAR, 12, 31, 21, 30, tzinfo=UTC),
    )
    post = FORMS.index(ServiceForm.POST)
    for refreshed in (False, True):
        if refreshed:
            stats_refresh_dirty()
        assert report_186_build(year=YEAR).table_41[0].cells[post].current == 0
        nxt = report_186_build(year=YEAR + 1).table_41[0].cells[post]
        assert (nxt.previous, nxt.current) == (0, 1)
    assert DailyAppealStat.objects.get().day == date(YEAR + 1, 1, 1)


def test_edited_row_layout_is_used(registry):
    registry(count=300, years=(YEAR,))
    Table41Row.objects.create(
        number="7",
        title="Обращения по телефону (IVR)",
        filters={"channel": "ivr"},
        order=99,
    )
    report = report_186_build(year=YEAR)
    assert report.table_41[-1].number == "7"
    assert_every_cell_exact(YEAR)
