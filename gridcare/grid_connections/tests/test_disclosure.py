"""Selectors for the reports issue: ПП 24 disclosure rows, power groups, and the
deadline breaches per stage (inputs of the quality-of-connection indicator)."""

from datetime import date

import pytest
import time_machine

from gridcare.grid_connections.codes import Stage
from gridcare.grid_connections.disclosure import (
    connection_deadline_breach_list,
    connection_deadline_breach_summary,
    disclosure_application_rows,
    disclosure_power_group_summary,
)
from gridcare.grid_connections.services import connection_application_accept
from gridcare.grid_connections.tests.test_transitions import TC, _run_to

pytestmark = pytest.mark.django_db


def test_disclosure_rows_and_breaches_per_stage(make_filed, engineer, consumer):
    with time_machine.travel("2026-03-16 10:00 +03:00", tick=False):
        on_time = make_filed()
        late = make_filed()
        _run_to(on_time, engineer, consumer, "offer_sent")
    # The second offer is sent on 01.04.2026, after its deadline of 31.03.2026.
    with time_machine.travel("2026-04-01 10:00 +03:00", tick=False):
        _run_to(late, engineer, consumer, "offer_sent")
        rows = disclosure_application_rows(
            date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)
        )
        summary = connection_deadline_breach_summary(
            date_from=date(2026, 3, 1), date_to=date(2026, 4, 30)
        )
        breaches = connection_deadline_breach_list(
            date_from=date(2026, 3, 1), date_to=date(2026, 4, 30)
        )
    assert [r.number for r in rows] == [on_time.number, late.number]
    assert rows[0].offer_sent_at is not None and rows[0].power_group == "up_to_15"
    offer = next(s for s in summary if s.stage == Stage.OFFER)
    assert (offer.with_deadline, offer.on_time, offer.late, offer.overdue_open) == (
        2,
        1,
        1,
        0,
    )
    assert [(b.application_number, b.stage) for b in breaches] == [
        (late.number, Stage.OFFER)
    ]
    groups = {
        g.power_group: g
        for g in disclosure_power_group_summary(
            date_from=date(2026, 3, 1), date_to=date(2026, 4, 30)
        )
    }
    assert groups["up_to_15"].applications_received == 2
    assert TC and connection_application_accept  # shared fixtures in use


def test_open_overdue_stage_counts_until_done(make_filed):
    with time_machine.travel("2026-03-16 10:00 +03:00", tick=False):
        make_filed()
    summary = (
        connection_deadline_breach_summary(
            date_from=date(2026, 3, 1),
            date_to=date(2026, 4, 30),
            now=time_machine.datetime(2026, 4, 10),
        )
        if hasattr(time_machine, "datetime")
        else connection_deadline_breach_summary(
            date_from=date(2026, 3, 1), date_to=date(2026, 4, 30)
        )
    )
    offer = next(s for s in summary if s.stage == Stage.OFFER)
    assert offer.overdue_open == 1 and offer.late == 0
