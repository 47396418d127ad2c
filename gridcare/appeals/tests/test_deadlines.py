"""Deadlines: rules are data, the clock pauses while waiting for the consumer, overdue
appeals are escalated once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from gridcare.appeals.codes import AnswerChannel, Category, Channel, Regime, Topic
from gridcare.appeals.models import DeadlineRule
from gridcare.appeals.selectors import (
    QueueFilters,
    appeal_list_for_queue,
    deadline_state,
)
from gridcare.appeals.services import (
    AppealInput,
    appeal_consumer_reply,
    appeal_escalate_overdue,
    appeal_receive,
    appeal_request_information,
)

pytestmark = pytest.mark.django_db


def test_pause_moves_the_deadline_by_the_time_waited(make_appeal, specialist, consumer):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        appeal = make_appeal()
    original_due = appeal.due_at
    with time_machine.travel(datetime(2026, 3, 5, 9, 0, tzinfo=UTC), tick=False):
        appeal_request_information(
            actor=specialist, appeal=appeal, text="Нужен номер счётчика."
        )
        assert deadline_state(appeal) == "paused"
    with time_machine.travel(datetime(2026, 3, 12, 9, 0, tzinfo=UTC), tick=False):
        appeal_consumer_reply(actor=consumer, appeal=appeal, text="Номер 0123456")
    appeal.refresh_from_db()
    assert appeal.paused_at is None
    assert appeal.due_at == original_due + timedelta(days=7)


def test_rule_edit_applies_to_new_appeals_without_a_release(make_appeal):
    DeadlineRule.objects.filter(regime=Regime.WRITTEN, channel="").update(amount=15)
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=UTC), tick=False):
        appeal = make_appeal()
    # 15 calendar days from 01.06.2026 end on 16.06.2026.
    assert appeal.due_at == datetime(2026, 6, 16, 20, 59, 59, tzinfo=UTC)


def test_deadline_on_a_holiday_moves_to_next_working_day(make_appeal):
    # 30 days from 13.05.2026 end on Friday 12.06.2026 (Russia Day) → Monday 15.06.2026.
    with time_machine.travel(datetime(2026, 5, 13, 9, 0, tzinfo=UTC), tick=False):
        appeal = make_appeal()
    assert appeal.due_at == datetime(2026, 6, 15, 20, 59, 59, tzinfo=UTC)


def test_more_specific_rule_wins(make_appeal):
    DeadlineRule.objects.create(
        regime=Regime.WRITTEN, channel=Channel.CHATBOT, amount=5, unit="working_days"
    )
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=UTC), tick=False):
        chat = make_appeal(channel=Channel.CHATBOT)
        portal = make_appeal()
    assert chat.deadline_rule.amount == 5
    assert portal.deadline_rule.amount == 30


def test_phone_call_back_within_four_working_hours(operator):
    # Friday 27.11.2026 15:00 MSK + 4 working hours (08–17): 2 h on Friday, 2 h on
    # Monday → Monday 30.11.2026 10:00 MSK.
    with time_machine.travel(datetime(2026, 11, 27, 12, 0, tzinfo=UTC), tick=False):
        appeal = appeal_receive(
            actor=operator,
            data=AppealInput(
                channel=Channel.PHONE,
                category=Category.OTHER,
                topic=Topic.GENERAL,
                text="Перезвоните по поводу справки.",
                contact_name="Гарипов Ильдар",
                contact_phone="+79170001122",
                answer_channel=AnswerChannel.PHONE,
            ),
        )
    assert appeal.due_at == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


def test_overdue_and_due_soon_marks_and_escalation(
    make_appeal, supervisor, django_capture_on_commit_callbacks
):
    from gridcare.notifications.models import Notification

    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        appeal = make_appeal()
    due_soon_day = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
    assert deadline_state(appeal, now=due_soon_day) == "due_soon"
    late = datetime(2026, 4, 3, 9, 0, tzinfo=UTC)
    assert deadline_state(appeal, now=late) == "overdue"
    overdue = appeal_list_for_queue(
        user=supervisor, filters=QueueFilters(overdue=True), now=late
    )
    assert list(overdue) == [appeal]

    with django_capture_on_commit_callbacks(execute=True):
        assert appeal_escalate_overdue(now=late) == 1
        assert appeal_escalate_overdue(now=late) == 0  # only once
    appeal.refresh_from_db()
    assert appeal.escalated_at == late
    assert appeal.events.filter(action="escalated").count() == 1
    assert (
        Notification.objects.filter(
            event="appeal_escalated", recipient=supervisor
        ).count()
        == 2
    )
