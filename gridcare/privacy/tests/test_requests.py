"""Subject requests: filed on the appeal registry with the 152-ФЗ deadline (10 working
days on the Tatarstan calendar of 2026, +5 on a reasoned notice), every step a named
service with a history row, refusals change nothing."""

from datetime import UTC, datetime

import pytest
import time_machine

from gridcare.appeals.codes import Channel, Regime, Status
from gridcare.appeals.models import AppealMessage
from gridcare.consumers.models import Consent, ConsentPurpose, ConsentText
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.privacy.models import SubjectRequest, SubjectRequestEvent
from gridcare.privacy.services import (
    RequestInput,
    subject_anonymise,
    subject_request_answer,
    subject_request_correct,
    subject_request_extend,
    subject_request_file,
    subject_request_take,
)

pytestmark = pytest.mark.django_db

MSK_END = (20, 59, 59)  # 23:59:59 Moscow time in UTC


def _file(user, **kw):
    data = RequestInput(type=kw.pop("type", "access"), **kw)
    return subject_request_file(actor=user, consumer=user.consumer, data=data)


def _actions(request):
    return [
        (e.action, e.from_status, e.to_status)
        for e in SubjectRequestEvent.objects.filter(request=request)
    ]


def test_deadline_is_ten_working_days_on_the_2026_tatarstan_calendar(consumer):
    # Filed Friday 22.05.2026: 27.05 is Курбан-байрам (a holiday in Tatarstan), so the
    # tenth working day is Monday 08.06.2026.
    with time_machine.travel(datetime(2026, 5, 22, 9, 0, tzinfo=UTC), tick=False):
        request = _file(consumer, text="Какие данные вы обо мне храните?")
    appeal = request.appeal
    assert (appeal.regime, appeal.channel, appeal.status) == (
        Regime.PERSONAL_DATA,
        Channel.PERSONAL_ACCOUNT,
        Status.REGISTERED,
    )
    assert appeal.due_at == datetime(2026, 6, 8, *MSK_END, tzinfo=UTC)
    assert appeal.consumer == consumer.consumer
    assert "Сведения об обрабатываемых данных." in appeal.text


def test_extension_adds_five_working_days_once_and_notifies_the_subject(
    consumer, administrator
):
    with time_machine.travel(datetime(2026, 5, 22, 9, 0, tzinfo=UTC), tick=False):
        request = _file(consumer)
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=UTC), tick=False):
        subject_request_extend(
            actor=administrator, request=request, reason="Запрошены архивные данные."
        )
    request.refresh_from_db()
    appeal = request.appeal
    appeal.refresh_from_db()
    # +5 working days from 08.06.2026: 12.06 (День России) is skipped → 16.06.2026.
    assert appeal.due_at == datetime(2026, 6, 16, *MSK_END, tzinfo=UTC)
    assert appeal.extended_at == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    assert request.extension_reason == "Запрошены архивные данные."
    notice = AppealMessage.objects.get(appeal=appeal)
    assert notice.direction == AppealMessage.Direction.TO_CONSUMER
    assert notice.text == (
        "Срок ответа на ваш запрос продлён до 16.06.2026 (на 5 рабочих дней, ст. 14 "
        "Федерального закона № 152-ФЗ). Причина: Запрошены архивные данные."
    )
    assert appeal.events.filter(action="deadline_extended").count() == 1
    with pytest.raises(ConflictError, match="Срок уже продлевался"):
        subject_request_extend(actor=administrator, request=request, reason="Ещё раз")
    appeal.refresh_from_db()
    assert appeal.due_at == datetime(2026, 6, 16, *MSK_END, tzinfo=UTC)


def test_extension_needs_a_reason(consumer, administrator):
    request = _file(consumer)
    with pytest.raises(ApplicationError, match="Укажите причину продления"):
        subject_request_extend(actor=administrator, request=request, reason="  ")
    request.refresh_from_db()
    assert request.extended_at is None


def test_access_request_walks_through_every_step(consumer, administrator):
    request = _file(consumer)
    subject_request_take(actor=administrator, request=request)
    request.refresh_from_db()
    assert request.status == "in_work"
    assert request.appeal.status == Status.IN_WORK
    assert request.appeal.assignee == administrator
    assert "Карточка потребителя: 1" in request.found
    assert "Лицевые счета: 1" in request.found
    subject_request_answer(
        actor=administrator,
        request=request,
        decision="fulfilled",
        text="Сведения направлены в личный кабинет.",
    )
    request.refresh_from_db()
    assert (request.status, request.decision) == ("answered", "fulfilled")
    assert request.appeal.status == Status.ANSWERED
    assert request.appeal.answer_text == "Сведения направлены в личный кабинет."
    assert _actions(request) == [
        ("filed", "", "registered"),
        ("taken", "registered", "in_work"),
        ("answered", "in_work", "answered"),
    ]
    with pytest.raises(ConflictError, match="Ответ на этот запрос уже дан"):
        subject_request_answer(
            actor=administrator, request=request, decision="refused", text="Нет."
        )


def test_correction_changes_named_fields_and_records_before_and_after(
    consumer, administrator
):
    request = _file(
        consumer,
        type="correction",
        requested_changes={
            "name": "Иванова Анна Сергеевна",
            "phone": "8 917 000-00-09",
        },
    )
    assert request.requested_changes == {
        "name": "Иванова Анна Сергеевна",
        "phone": "+79170000009",
    }
    subject_request_take(actor=administrator, request=request)
    with pytest.raises(ApplicationError, match="только данные, названные в запросе"):
        subject_request_correct(
            actor=administrator, request=request, values={"email": "new@example.ru"}
        )
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        subject_request_correct(
            actor=administrator,
            request=request,
            values={"name": "Иванова Анна Сергеевна", "phone": "+79170000009"},
        )
    subject = consumer.consumer
    subject.refresh_from_db()
    assert (subject.name, subject.phone, subject.email) == (
        "Иванова Анна Сергеевна",
        "+79170000009",
        "ivanova@example.ru",
    )
    request.refresh_from_db()
    assert request.changes == [
        {
            "field": "name",
            "before": "Иванова Анна Петровна",
            "after": "Иванова Анна Сергеевна",
            "at": "2026-03-02T12:00:00+03:00",
        },
        {
            "field": "phone",
            "before": "+79170000001",
            "after": "+79170000009",
            "at": "2026-03-02T12:00:00+03:00",
        },
    ]
    event = SubjectRequestEvent.objects.get(request=request, action="corrected")
    assert event.details == {"changes": request.changes}
    subject_request_answer(
        actor=administrator, request=request, decision="fulfilled", text="Исправлено."
    )


def test_fulfilled_correction_without_changes_is_refused(consumer, administrator):
    request = _file(
        consumer, type="correction", requested_changes={"name": "Иванова А."}
    )
    with pytest.raises(ConflictError, match="Сначала внесите исправления"):
        subject_request_answer(
            actor=administrator, request=request, decision="fulfilled", text="Готово."
        )
    request.refresh_from_db()
    assert request.status == "registered"
    assert request.appeal.status == Status.REGISTERED


def test_withdraw_consent_request_withdraws_the_purpose(consumer, administrator):
    text = ConsentText.objects.filter(purpose=ConsentPurpose.MARKETING).first()
    consent = Consent.objects.create(
        consumer=consumer.consumer, text=text, given_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    request = _file(consumer, type="withdraw_consent", consent_purpose="marketing")
    subject_request_answer(
        actor=administrator, request=request, decision="fulfilled", text="Отозвано."
    )
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    request.refresh_from_db()
    assert request.changes[0]["consent_id"] == consent.pk


def test_deletion_needs_anonymisation_before_a_fulfilled_answer(
    consumer, administrator
):
    consumer.consumer.accounts.update(is_active=False)
    request = _file(consumer, type="deletion")
    with pytest.raises(ConflictError, match="Сначала обезличьте"):
        subject_request_answer(
            actor=administrator, request=request, decision="fulfilled", text="Удалено."
        )
    subject_anonymise(
        consumer=consumer.consumer,
        reason=f"Запрос {request.appeal.number}",
        actor=administrator,
    )
    subject_request_answer(
        actor=administrator, request=request, decision="fulfilled", text="Удалено."
    )
    request.refresh_from_db()
    assert request.status == "answered"


def test_staff_registers_a_letter_with_the_date_received(consumer, administrator):
    with time_machine.travel(datetime(2026, 5, 25, 9, 0, tzinfo=UTC), tick=False):
        request = subject_request_file(
            actor=administrator,
            consumer=consumer.consumer,
            data=RequestInput(
                type="access",
                channel=Channel.POST,
                received_at=datetime(2026, 5, 22, 9, 0, tzinfo=UTC),
                text="Письмо от 20.05.2026.",
            ),
        )
    assert request.appeal.channel == Channel.POST
    assert request.appeal.registered_by == administrator


def test_operator_may_not_register_or_work_requests(consumer, operator):
    with pytest.raises(PermissionDeniedError):
        subject_request_file(
            actor=operator,
            consumer=consumer.consumer,
            data=RequestInput(type="access", channel=Channel.POST),
        )
    request = _file(consumer)
    for act in (
        lambda: subject_request_take(actor=operator, request=request),
        lambda: subject_request_extend(actor=operator, request=request, reason="x"),
        lambda: subject_request_answer(
            actor=operator, request=request, decision="refused", text="x"
        ),
    ):
        with pytest.raises(PermissionDeniedError):
            act()
    assert _actions(request) == [("filed", "", "registered")]


def test_consumer_files_only_for_themselves(consumer, other_consumer):
    with pytest.raises(Exception, match="Потребитель не найден"):
        subject_request_file(
            actor=other_consumer,
            consumer=consumer.consumer,
            data=RequestInput(type="access"),
        )
    assert SubjectRequest.objects.count() == 0


def test_bad_correction_value_changes_nothing(consumer):
    with pytest.raises(ApplicationError, match="Телефон указан неверно"):
        _file(consumer, type="correction", requested_changes={"phone": "12"})
    assert SubjectRequest.objects.count() == 0
    assert consumer.consumer.appeals.count() == 0
