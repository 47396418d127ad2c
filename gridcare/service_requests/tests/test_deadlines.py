"""The service term in working days runs from the day of payment over the production
calendar of the company's region (RU-TA: federal holidays, transfers and the
republic's own holidays)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gridcare.service_requests.services import service_order_record_payment
from gridcare.service_requests.tests.conftest import advance, on

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


def _paid(order, operator, day: date):
    with time_machine.travel(on(day), tick=False):
        order = advance(order, operator, "invoiced")
        return service_order_record_payment(actor=operator, order=order)


@pytest.mark.parametrize(
    ("paid_on", "due_on"),
    [
        # Tue 03.03.2026 + 5 working days; Mon 09.03 is the day off for Sun 08.03.
        (date(2026, 3, 3), date(2026, 3, 11)),
        # Fri 08.05.2026: the weekend, Mon 11.05 off for Sat 09.05 (Victory Day).
        (date(2026, 5, 8), date(2026, 5, 18)),
        # Wed 30.12.2026: 31.12 is a day off moved from 04.01 (ПП on 2026 transfers),
        # then the New Year holidays and the weekend until 10.01.2027.
        (date(2026, 12, 30), date(2027, 1, 15)),
    ],
)
def test_term_ends_after_five_working_days_of_the_production_calendar(
    order, operator, paid_on, due_on
):
    order = _paid(order, operator, paid_on)  # meter sealing: 5 working days
    assert order.due_at == datetime(
        due_on.year, due_on.month, due_on.day, 23, 59, 59, tzinfo=MSK
    )


def test_a_past_payment_date_starts_the_term_on_that_day(order, operator):
    with time_machine.travel(on(date(2026, 3, 5)), tick=False):
        order = advance(order, operator, "invoiced")
        order = service_order_record_payment(
            actor=operator, order=order, paid_on=date(2026, 3, 5)
        )
    assert order.due_at.astimezone(MSK).date() == date(2026, 3, 13)
