"""One-time codes: six digits stored as a keyed hash, ten minutes, five attempts,
one resend a minute, a newer code replaces the older one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gridcare.accounts.codes import (
    CodeInvalid,
    CodeResendTooSoon,
    one_time_code_issue,
    one_time_code_verify,
)
from gridcare.accounts.models import CodePurpose, OneTimeCode

pytestmark = pytest.mark.django_db
RESET = CodePurpose.PASSWORD_RESET
START = timezone.now() + timedelta(days=1)


def _issue(user):
    return one_time_code_issue(
        user=user, purpose=RESET, channel="email", address="ivanova@example.ru"
    )


def test_code_is_six_digits_stored_hashed_and_used_once(consumer):
    issued = _issue(consumer)
    assert len(issued.code) == 6 and issued.code.isdigit()
    assert issued.code not in issued.record.code_hash
    one_time_code_verify(user=consumer, purpose=RESET, code=issued.code)
    with pytest.raises(CodeInvalid, match="Код истёк или не запрашивался"):
        one_time_code_verify(user=consumer, purpose=RESET, code=issued.code)


def test_code_of_another_user_or_purpose_does_not_work(consumer, other_consumer):
    issued = _issue(consumer)
    with pytest.raises(CodeInvalid):
        one_time_code_verify(user=other_consumer, purpose=RESET, code=issued.code)
    with pytest.raises(CodeInvalid):
        one_time_code_verify(
            user=consumer, purpose=CodePurpose.REGISTRATION, code=issued.code
        )


def test_resend_waits_a_minute_and_replaces_the_old_code(consumer, time_machine):
    time_machine.move_to(START, tick=False)
    first = _issue(consumer)
    with pytest.raises(CodeResendTooSoon) as refused:
        _issue(consumer)
    assert refused.value.message == "Новый код можно запросить через 61 с."
    assert refused.value.status_code == 429
    time_machine.move_to(START + timedelta(seconds=61), tick=False)
    second = _issue(consumer)
    if first.code != second.code:  # one chance in a million they are equal
        with pytest.raises(CodeInvalid):
            one_time_code_verify(user=consumer, purpose=RESET, code=first.code)
    one_time_code_verify(user=consumer, purpose=RESET, code=second.code)


def test_at_most_five_codes_an_hour(consumer, time_machine):
    for minute in range(5):
        time_machine.move_to(START + timedelta(minutes=2 * minute), tick=False)
        _issue(consumer)
    time_machine.move_to(START + timedelta(minutes=12), tick=False)
    with pytest.raises(CodeResendTooSoon):
        _issue(consumer)
    assert OneTimeCode.objects.count() == 5


def test_expired_code_is_refused(consumer, time_machine):
    time_machine.move_to(START, tick=False)
    issued = _issue(consumer)
    time_machine.move_to(START + timedelta(minutes=10), tick=False)
    with pytest.raises(CodeInvalid, match="Код истёк"):
        one_time_code_verify(user=consumer, purpose=RESET, code=issued.code)
