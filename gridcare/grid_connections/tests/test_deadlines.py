"""Grid company deadlines per category and case (regulation.md §3.4) against dates
computed by hand on the 2025 and 2026 production calendars of Tatarstan (RU-TA,
settings.CALENDAR_REGION): federal holidays and transfers plus Ураза-байрам
(20.03.2026), Курбан-байрам (06.06.2025, 27.05.2026), 30.08 and 06.11 ✅ [R46][R53]."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from gridcare.calendars.models import StatusMark
from gridcare.grid_connections.codes import Stage
from gridcare.grid_connections.deadlines import DeadlineCase
from gridcare.grid_connections.execution import (
    connection_application_record_payment,
)
from gridcare.grid_connections.intake import (
    connection_application_draft_update,
    connection_application_submit_correction,
)
from gridcare.grid_connections.models import RateItem, RateTable, StageDeadlineRule
from gridcare.grid_connections.services import (
    TechnicalConditionsInput,
    connection_application_accept,
    connection_application_issue_offer,
    connection_application_issue_technical_conditions,
    connection_application_request_correction,
)

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


def end_of(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T23:59:59").replace(tzinfo=MSK)


def at(day: str) -> str:
    return f"{day} 10:00 +03:00"


@pytest.fixture
def rates_2025(db):
    """A plain rate table for 2025 (the tests of deadlines need any fee)."""
    table = RateTable.objects.create(
        code="test-2025",
        title="Тест 2025",
        region="RU-TA",
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
        includes_vat=False,
        vat_rate=Decimal(20),
        is_sample=True,
        status_mark=StatusMark.NOT_FOUND,
        reference="тест",
        loaded_at=timezone.now(),
    )
    for rate, unit, value in (
        ("C1", "connection", "10000"),
        ("C8", "point", "20000"),
        ("PREF_KW", "kw", "5000"),
    ):
        RateItem.objects.create(table=table, rate=rate, unit=unit, value=Decimal(value))
    return table


def tc(**overrides) -> TechnicalConditionsInput:
    fields = dict(
        supply_source="ПС «Южная»",
        connection_point="Опора № 7",
        voltage="0.4",
        max_power_kw=Decimal(15),
        reliability_category="3",
        distance_m=120,
        grid_works="Линия",
        applicant_works="Ввод",
    )
    fields.update(overrides)
    return TechnicalConditionsInput(**fields)


def contract_on(make_filed, engineer, day: str, conditions, **application_fields):
    """File, accept, issue TU and the offer, and record payment, all on `day`."""
    with time_machine.travel(at(day), tick=False):
        application = make_filed(**application_fields)
        connection_application_accept(actor=engineer, application=application)
        connection_application_issue_technical_conditions(
            actor=engineer, application=application, data=conditions
        )
        connection_application_issue_offer(actor=engineer, application=application)
        connection_application_record_payment(
            actor=engineer,
            application=application,
            amount=application.fee_amount,
            paid_on=date.fromisoformat(day),
        )
    return application


def due(application, stage: str):
    return application.stages.get(stage=stage)


def test_offer_simplified_10_working_days_skips_uraza_bayram_2026(make_filed):
    # Registered Mon 16.03.2026; 20.03 (Ураза-байрам, RT) is a day off:
    # 17,18,19,23,24,25,26,27,30,31 → 31.03.2026 ⚠️ row.
    with time_machine.travel(at("2026-03-16"), tick=False):
        application = make_filed()
    offer = due(application, Stage.OFFER)
    assert offer.due_at == end_of("2026-03-31")
    assert (
        offer.deadline_case,
        offer.term_amount,
        offer.term_unit,
        offer.term_mark,
    ) == (DeadlineCase.OFFER_SIMPLIFIED, 10, "working_days", StatusMark.UNCONFIRMED)


def test_correction_pause_moves_offer_deadline_by_working_days_waited(
    make_filed, engineer, consumer
):
    with time_machine.travel(at("2026-03-16"), tick=False):
        application = make_filed()
    with time_machine.travel(at("2026-03-18"), tick=False):
        connection_application_request_correction(
            actor=engineer, application=application, text="Нет плана участка."
        )
    with time_machine.travel(at("2026-03-24"), tick=False):
        connection_application_draft_update(
            actor=consumer, application=application, changes={"object_name": "Дом"}
        )
        connection_application_submit_correction(
            actor=consumer, application=application
        )
    # Waited working days 19.03, 23.03, 24.03 (20.03 holiday, 21–22 weekend) = 3:
    # 31.03 + 3 working days → 03.04.2026.
    assert due(application, Stage.OFFER).due_at == end_of("2026-04-03")


def test_offer_general_20_working_days_across_may_2025_holidays(make_filed, rates_2025):
    # 05.05.2025 + 20 working days; 08–11.05 off → 04.06.2025 ⚠️.
    with time_machine.travel(at("2025-05-05"), tick=False):
        application = make_filed(
            category="medium_670",
            applicant_kind="legal_entity",
            requested_power_kw=Decimal(300),
            household_use_confirmed=False,
        )
    assert due(application, Stage.OFFER).due_at == end_of("2025-06-04")


def test_system_operator_case_recounts_offer_to_30_working_days(
    make_filed, engineer, rates_2025
):
    with time_machine.travel(at("2025-05-05"), tick=False):
        application = make_filed(
            category="large",
            applicant_kind="legal_entity",
            requested_power_kw=Decimal(1000),
            voltage="35",
            household_use_confirmed=False,
            reliability_category="2",
        )
        connection_application_accept(
            actor=engineer, application=application, needs_system_operator=True
        )
    # …04.06 (20), 05.06, [06.06 Курбан-байрам RT], 09–11.06, [12–15.06], 16–20.06,
    # 23.06 (30) → 23.06.2025.
    offer = due(application, Stage.OFFER)
    assert offer.deadline_case == DeadlineCase.OFFER_SYSTEM_OPERATOR
    assert offer.due_at == end_of("2025-06-23")


def test_connection_30_working_days_within_15_m_2025(make_filed, engineer, rates_2025):
    application = contract_on(make_filed, engineer, "2025-04-25", tc(distance_m=10))
    # 28–30.04 (3), 05–07.05 (6), 12–30.05 (21), 02–05.06 (25), [06.06 RT],
    # 09–11.06 (28), [12–15.06], 16–17.06 (30) → 17.06.2025 ✅ [R35].
    row = due(application, Stage.CONNECTION)
    assert (row.deadline_case, row.term_mark) == (DeadlineCase.SHORT_15M, "✅")
    assert row.due_at == end_of("2025-06-17")


def test_connection_6_months_ends_after_moved_victory_day_2026(
    make_filed, engineer, rates_2025
):
    application = contract_on(make_filed, engineer, "2025-11-11", tc(distance_m=120))
    # 11.11.2025 + 6 months = 11.05.2026, a day off (Sat 09.05 moved) → 12.05.2026 ✅.
    row = due(application, Stage.CONNECTION)
    assert row.deadline_case == DeadlineCase.SIMPLIFIED_20KV
    assert row.due_at == end_of("2026-05-12")


def test_connection_1_year_over_670_kw_ends_after_republic_day_weekend(
    make_filed, engineer, rates_2025
):
    application = contract_on(
        make_filed,
        engineer,
        "2025-08-29",
        tc(
            voltage="6-10",
            max_power_kw=Decimal(1000),
            distance_m=2000,
            reliability_category="2",
        ),
        category="large",
        applicant_kind="legal_entity",
        voltage="6-10",
        requested_power_kw=Decimal(1000),
        household_use_confirmed=False,
        reliability_category="2",
    )
    # 29.08.2026 is a Saturday; 30.08 (Sunday) gives no extra day off ✅ [R50] → 31.08.
    row = due(application, Stage.CONNECTION)
    assert row.deadline_case == DeadlineCase.OVER_670
    assert row.due_at == end_of("2026-08-31")


def test_connection_temporary_15_working_days_over_new_year_2026(
    make_filed, engineer, rates_2025
):
    application = contract_on(
        make_filed,
        engineer,
        "2025-12-24",
        tc(distance_m=200),
        category="temporary",
        requested_power_kw=Decimal(50),
        household_use_confirmed=False,
    )
    # 25, 26, 29, 30.12 (4); 31.12.2025–11.01.2026 off; 12–16.01 (9), 19–23.01 (14),
    # 26.01 (15) → 26.01.2026 ✅ [R34].
    row = due(application, Stage.CONNECTION)
    assert row.deadline_case == DeadlineCase.TEMPORARY_300M
    assert row.due_at == end_of("2026-01-26")


def test_connection_4_months_unconfirmed_row_for_other_groups_2026(
    make_filed, engineer
):
    application = contract_on(
        make_filed,
        engineer,
        "2026-01-30",
        tc(max_power_kw=Decimal(10), distance_m=200),
        category="special_group",
        special_group_clause="13(2)",
        applicant_kind="legal_entity",
        requested_power_kw=Decimal(10),
        household_use_confirmed=False,
    )
    # 30.01.2026 + 4 months = 30.05 (Saturday) → 01.06.2026 ⚠️ [R33].
    row = due(application, Stage.CONNECTION)
    assert (row.deadline_case, row.term_mark) == (DeadlineCase.UP_TO_670_20KV, "⚠️")
    assert row.due_at == end_of("2026-06-01")


def test_connection_medium_1_year_at_35_kv(make_filed, engineer, rates_2025):
    application = contract_on(
        make_filed,
        engineer,
        "2025-06-27",
        tc(
            voltage="35",
            max_power_kw=Decimal(300),
            distance_m=100,
            reliability_category="2",
        ),
        category="medium_670",
        applicant_kind="legal_entity",
        voltage="35",
        requested_power_kw=Decimal(300),
        household_use_confirmed=False,
        reliability_category="2",
    )
    # 27.06.2026 is a Saturday → 29.06.2026 ✅ [R34].
    row = due(application, Stage.CONNECTION)
    assert row.deadline_case == DeadlineCase.MEDIUM_150_670
    assert row.due_at == end_of("2026-06-29")


def test_connection_other_case_complex_1_year_after_march_holidays(
    make_filed, engineer, rates_2025
):
    application = contract_on(
        make_filed,
        engineer,
        "2025-03-07",
        tc(
            voltage="6-10",
            max_power_kw=Decimal(100),
            distance_m=1000,
            complex_case=True,
        ),
        category="business_150",
        applicant_kind="entrepreneur",
        voltage="6-10",
        requested_power_kw=Decimal(100),
        household_use_confirmed=False,
    )
    # 07.03.2026 Saturday, 08.03 Sunday holiday, 09.03 moved day off → 10.03.2026 ⚠️.
    row = due(application, Stage.CONNECTION)
    assert (row.deadline_case, row.term_mark) == (DeadlineCase.OTHER_UNDER_670, "⚠️")
    assert row.due_at == end_of("2026-03-10")


def test_documents_stage_default_skips_kurban_bayram_2026(
    make_filed, engineer, consumer
):
    from gridcare.grid_connections.tests.test_transitions import _run_to

    with time_machine.travel(at("2026-05-22"), tick=False):
        application = make_filed()
        _run_to(application, engineer, consumer, "connected")
    # 25, 26.05, [27.05 Курбан-байрам RT], 28, 29.05, 01.06 → 01.06.2026 ❓ default.
    row = due(application, Stage.DOCUMENTS)
    assert (row.term_mark, row.due_at) == ("❓", end_of("2026-06-01"))


def test_editing_an_unconfirmed_row_changes_new_deadlines_only(make_filed):
    with time_machine.travel(at("2026-03-16"), tick=False):
        before = make_filed()
        StageDeadlineRule.objects.filter(case=DeadlineCase.OFFER_SIMPLIFIED).update(
            amount=15
        )
        after = make_filed()
    assert due(before, Stage.OFFER).due_at == end_of("2026-03-31")
    # 31.03 + 5 working days: 01–03.04, 06–07.04 → 07.04.2026.
    assert due(after, Stage.OFFER).due_at == end_of("2026-04-07")


def test_inactive_4_month_row_falls_back_to_the_next_case(make_filed, engineer):
    StageDeadlineRule.objects.filter(case=DeadlineCase.UP_TO_670_20KV).update(
        is_active=False
    )
    application = contract_on(
        make_filed,
        engineer,
        "2026-01-30",
        tc(max_power_kw=Decimal(10), distance_m=200),
        category="special_group",
        special_group_clause="13(2)",
        applicant_kind="legal_entity",
        requested_power_kw=Decimal(10),
        household_use_confirmed=False,
    )
    assert due(application, Stage.CONNECTION).deadline_case == (
        DeadlineCase.OTHER_UNDER_670
    )


def test_overdue_stage_is_marked_for_staff(make_filed, engineer):
    from gridcare.grid_connections.selectors import (
        QueueFilters,
        connection_application_list_for_queue,
    )

    with time_machine.travel(at("2026-03-16"), tick=False):
        application = make_filed()
    with time_machine.travel(at("2026-04-01"), tick=False):
        rows = list(
            connection_application_list_for_queue(
                user=engineer, filters=QueueFilters(overdue=True)
            )
        )
    assert [r.pk for r in rows] == [application.pk]
    assert rows[0].is_overdue
