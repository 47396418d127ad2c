"""Status transitions: allowed moves change the status and write history; refused ones
raise a Russian error and change nothing."""

import pytest
from django.db import DatabaseError, transaction

from gridcare.appeals.codes import Status
from gridcare.appeals.models import Appeal, AppealEvent
from gridcare.appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_close,
    appeal_consumer_reply,
    appeal_forward,
    appeal_rate,
    appeal_reopen,
    appeal_request_information,
    appeal_withdraw,
)
from gridcare.appeals.workflow import TRANSITIONS
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def _history(appeal: Appeal) -> list[tuple[str, str, str]]:
    return list(appeal.events.values_list("action", "from_status", "to_status"))


def test_full_lifecycle_writes_one_history_row_per_step(
    make_appeal, specialist, consumer
):
    appeal = make_appeal()
    appeal_assign(actor=specialist, appeal=appeal, assignee=specialist)
    appeal_request_information(
        actor=specialist, appeal=appeal, text="Пришлите фото счётчика."
    )
    appeal_consumer_reply(actor=consumer, appeal=appeal, text="Фото во вложении.")
    appeal_answer(actor=specialist, appeal=appeal, text="Счётчик заменим 1 декабря.")
    appeal_close(actor=specialist, appeal=appeal)
    appeal_rate(actor=consumer, appeal=appeal, rating=5, comment="Спасибо")

    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED
    assert appeal.rating == 5
    assert _history(appeal) == [
        ("received", "", "new"),
        ("registered", "new", "registered"),
        ("assigned", "registered", "in_work"),
        ("information_requested", "in_work", "waiting"),
        ("consumer_replied", "waiting", "in_work"),
        ("answered", "in_work", "answered"),
        ("closed", "answered", "closed"),
        ("rated", "", ""),
    ]
    assert all(e.actor_id for e in appeal.events.exclude(action="received"))


def test_refuses_closing_an_appeal_that_was_not_answered(make_appeal, specialist):
    appeal = make_appeal()
    events_before = appeal.events.count()
    with pytest.raises(ConflictError) as err:
        appeal_close(actor=specialist, appeal=appeal)
    assert "Действие невозможно" in err.value.message
    appeal.refresh_from_db()
    assert appeal.status == Status.REGISTERED
    assert appeal.closed_at is None
    assert appeal.events.count() == events_before


def test_refuses_any_move_from_withdrawn(make_appeal, specialist, consumer):
    appeal = make_appeal()
    appeal_withdraw(actor=consumer, appeal=appeal, reason="Вопрос решён")
    for service, kwargs in [
        (appeal_answer, {"text": "Ответ"}),
        (appeal_reopen, {"reason": "Ещё вопрос"}),
        (appeal_assign, {"assignee": specialist}),
    ]:
        with pytest.raises(ConflictError):
            service(actor=specialist, appeal=appeal, **kwargs)
    appeal.refresh_from_db()
    assert appeal.status == Status.WITHDRAWN


def test_reopen_after_close_returns_to_work(make_appeal, specialist, consumer):
    appeal = make_appeal()
    appeal_answer(actor=specialist, appeal=appeal, text="Ответ")
    appeal_close(actor=specialist, appeal=appeal)
    appeal_reopen(actor=consumer, appeal=appeal, reason="Ответ не по существу")
    appeal.refresh_from_db()
    assert appeal.status == Status.IN_WORK
    assert appeal.closed_at is None


def test_forwarded_appeal_can_be_reopened(make_appeal, specialist):
    appeal = make_appeal()
    appeal_forward(
        actor=specialist,
        appeal=appeal,
        to="АО «Татэнергосбыт»",
        text="Вопрос о счетах решает сбыт.",
    )
    assert appeal.status == Status.FORWARDED
    appeal_reopen(actor=specialist, appeal=appeal, reason="Сбыт вернул обращение")
    assert appeal.status == Status.IN_WORK


@pytest.mark.parametrize("from_status", [s for s in Status])
def test_transition_table_covers_every_status(from_status):
    assert from_status in TRANSITIONS
    assert all(target in Status.values for target in TRANSITIONS[from_status])


def test_rating_only_by_the_author_and_only_after_answer(
    make_appeal, consumer, other_consumer, specialist
):
    appeal = make_appeal()
    with pytest.raises(ConflictError):
        appeal_rate(actor=consumer, appeal=appeal, rating=4)
    appeal_answer(actor=specialist, appeal=appeal, text="Ответ")
    with pytest.raises(PermissionDeniedError):
        appeal_rate(actor=other_consumer, appeal=appeal, rating=1)
    with pytest.raises(ApplicationError):
        appeal_rate(actor=consumer, appeal=appeal, rating=6)
    appeal.refresh_from_db()
    assert appeal.rating is None


def test_history_is_append_only_in_the_database(make_appeal):
    appeal = make_appeal()
    event = appeal.events.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AppealEvent.objects.filter(pk=event.pk).update(action="tampered")
    event.refresh_from_db()
    assert event.action == "received"


def test_appeal_with_history_cannot_be_deleted(make_appeal):
    from django.db.models import ProtectedError

    appeal = make_appeal()
    with pytest.raises(ProtectedError):
        appeal.delete()
    assert Appeal.objects.filter(pk=appeal.pk).exists()


def test_consumer_notified_of_answer_after_commit_only(
    make_appeal, specialist, django_capture_on_commit_callbacks
):
    from gridcare.notifications.models import Notification

    appeal = make_appeal()
    with pytest.raises(ApplicationError), transaction.atomic():
        appeal_answer(actor=specialist, appeal=appeal, text="Ответ")
        raise ApplicationError("откат")
    assert not Notification.objects.filter(event="appeal_answered").exists()

    with django_capture_on_commit_callbacks(execute=True):
        appeal_answer(actor=specialist, appeal=appeal, text="Ответ по существу")
    notes = Notification.objects.filter(event="appeal_answered")
    assert sorted(notes.values_list("channel", flat=True)) == ["email", "in_app"]
    assert notes.get(channel="in_app").recipient == appeal.consumer.user
