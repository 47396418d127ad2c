"""Retention rules: a dry run counts and changes nothing; a run anonymises or deletes
in batches and logs each batch; a second run changes and logs nothing."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError
from django.db.models import Sum
from django.utils import timezone

from gridcare.appeals.models import Appeal, AppealMessage
from gridcare.consumers.models import PersonalDataAccess
from gridcare.contact_centre.models import ChatMessage, LiveChat
from gridcare.notifications.models import Notification
from gridcare.privacy.anonymisers import PLACEHOLDER
from gridcare.privacy.models import RetentionLogEntry, RetentionRule
from gridcare.privacy.retention import retention_apply
from gridcare.privacy.tasks import apply_retention_rules

pytestmark = pytest.mark.django_db

FINAL = ("sent", "failed", "cancelled")


def _later(years: int):
    return timezone.now() + timedelta(days=365 * years + 2)


def _by_entity(results) -> dict[str, int]:
    return {r.rule.entity: r.count for r in results}


def test_nothing_is_due_before_the_period_ends(make_subject, consumer):
    make_subject(consumer)
    assert _by_entity(retention_apply(now=_later(0))) == {
        "access_log": 0,
        "appeal": 0,
        "live_chat": 0,
        "notification": 0,
    }
    assert not RetentionLogEntry.objects.exists()


def test_dry_run_counts_and_changes_nothing(make_subject, consumer, other_consumer):
    mine, theirs = make_subject(consumer), make_subject(other_consumer)
    notifications = Notification.objects.filter(status__in=FINAL).count()
    results = retention_apply(dry_run=True, now=_later(6))
    assert _by_entity(results) == {
        "access_log": 2,
        "appeal": 2,
        "live_chat": 2,
        "notification": notifications,
    }
    appeal_rule = next(r for r in results if r.rule.entity == "appeal")
    assert (appeal_rule.first_id, appeal_rule.last_id) == (
        mine.appeal.pk,
        theirs.appeal.pk,
    )
    assert Appeal.objects.get(pk=mine.appeal.pk).contact_name == "Иванова Анна Петровна"
    assert PersonalDataAccess.objects.count() == 2
    assert not RetentionLogEntry.objects.exists()


def test_apply_anonymises_and_deletes_in_batches_then_is_idempotent(
    make_subject, consumer, other_consumer
):
    mine, theirs = make_subject(consumer), make_subject(other_consumer)
    appeals_before = Appeal.objects.count()
    messages_before = ChatMessage.objects.count()
    notifications = Notification.objects.filter(status__in=FINAL).count()

    results = retention_apply(now=_later(6), batch_size=1)

    assert _by_entity(results) == {
        "access_log": 2,
        "appeal": 2,
        "live_chat": 2,
        "notification": notifications,
    }
    appeal = Appeal.objects.get(pk=mine.appeal.pk)
    assert (appeal.contact_name, appeal.text, appeal.answer_text) == (
        PLACEHOLDER,
        PLACEHOLDER,
        PLACEHOLDER,
    )
    assert set(
        AppealMessage.objects.filter(appeal=appeal).values_list("text", flat=True)
    ) == {PLACEHOLDER}
    assert not appeal.attachments.exists()
    chat = LiveChat.objects.get(pk=theirs.chat.pk)
    assert (chat.contact_name, chat.question, chat.transcript) == (
        PLACEHOLDER,
        PLACEHOLDER,
        [],
    )
    assert Appeal.objects.count() == appeals_before
    assert ChatMessage.objects.count() == messages_before
    assert Notification.objects.filter(status__in=FINAL).count() == 0
    assert PersonalDataAccess.objects.count() == 0
    log = list(
        RetentionLogEntry.objects.filter(entity="appeal")
        .order_by("id")
        .values_list("count", "first_id", "last_id", "action")
    )
    assert log == [
        (1, mine.appeal.pk, mine.appeal.pk, "anonymise"),
        (1, theirs.appeal.pk, theirs.appeal.pk, "anonymise"),
    ]
    logged = RetentionLogEntry.objects.count()

    again = retention_apply(now=_later(6), batch_size=1)

    assert set(_by_entity(again).values()) == {0}
    assert RetentionLogEntry.objects.count() == logged


def test_inactive_rule_is_skipped_and_rules_are_data(make_subject, consumer):
    make_subject(consumer)
    RetentionRule.objects.filter(entity="appeal").update(is_active=False)
    RetentionRule.objects.filter(entity="live_chat").update(age=30, age_unit="days")
    results = _by_entity(
        retention_apply(dry_run=True, now=_later(0) + timedelta(days=31))
    )
    assert "appeal" not in results
    assert results["live_chat"] == 1


def test_appeals_may_not_be_deleted_by_a_rule():
    with pytest.raises(IntegrityError):
        RetentionRule.objects.filter(entity="appeal").update(action="delete")


def test_command_dry_run_reports_and_the_task_applies(make_subject, consumer):
    make_subject(consumer)
    RetentionRule.objects.update(age=1, age_unit="days")
    out = StringIO()
    # Nothing is a day old yet.
    call_command("privacy_retention", "--dry-run", stdout=out)
    assert "Обращения (закрытые): обезличить через 1 дней: к обработке 0" in (
        out.getvalue()
    )
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        touched = apply_retention_rules.call()
    assert touched == RetentionLogEntry.objects.aggregate(n=Sum("count"))["n"] > 0
    assert PersonalDataAccess.objects.count() == 0
