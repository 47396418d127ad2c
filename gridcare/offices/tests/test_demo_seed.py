"""The demo loader sets up hours and services and a year of visits that the
statistics selector reads."""

from datetime import date

import pytest

from gridcare.offices.demo_seed import load_demo
from gridcare.offices.models import Office, Visit
from gridcare.offices.selectors import office_visit_stats

pytestmark = pytest.mark.django_db


def test_load_demo_builds_a_year_of_visits(frozen, make_office, consumer):
    point = make_office()
    centre = make_office(kind=Office.Kind.SERVICE_CENTRE, name="ЦОП")
    created = load_demo(seed=1, year=2026, log=lambda _m: None)
    # 2026-01-01 … 2026-03-15 (today is 03-16): 43 working days for the point.
    assert Visit.objects.filter(office=point).values("day").distinct().count() == 43
    assert created == Visit.objects.count()
    stats = office_visit_stats(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    assert set(stats) == {point.pk, centre.pk}
    assert 43 * 6 <= stats[point.pk].visitors <= 43 * 28
    assert stats[centre.pk].avg_wait_minutes is not None
    assert 2 <= stats[centre.pk].avg_service_minutes <= 25
    point.refresh_from_db()
    assert (point.desks, point.hours.count(), point.appointment_services.count()) == (
        2,
        5,
        5,
    )
    assert load_demo(seed=1, year=2026, log=lambda _m: None) == created  # rerun
