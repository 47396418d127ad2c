"""load_demo_readings: a plausible year per manual meter, accepted by the same rules."""

from datetime import date
from itertools import pairwise

import pytest

from gridcare.metering.demo_seed import load_demo_readings
from gridcare.metering.models import MeterReading
from gridcare.metering.services import consumption_limit

pytestmark = pytest.mark.django_db


def test_adds_a_year_of_growing_plausible_readings(
    consumer, meter, meter2, remote_meter, other_meter
):
    added = load_demo_readings(seed=7, today=date(2026, 11, 20))
    # Three manual meters of consumers with logins, 12 months each; none for ИСУ.
    assert added == 36
    assert not MeterReading.objects.filter(meter=remote_meter).exists()
    readings = list(MeterReading.objects.filter(meter=meter2).order_by("taken_on"))
    assert [r.taken_on.month for r in readings] == [11, 12, *range(1, 11)]
    assert readings[0].consumption is None
    for before, after in pairwise(readings):
        assert after.value_t1 >= before.value_t1 and after.value_t2 >= before.value_t2
        assert after.consumption == after.consumption_t1 + after.consumption_t2
        days = (after.taken_on - before.taken_on).days
        assert (
            after.consumption
            <= consumption_limit(meter2, days=days, on=after.taken_on).total
        )
    # Run again: meters that already have readings are left alone.
    assert load_demo_readings(seed=7, today=date(2026, 11, 20)) == 0
