"""The staff appeal card: access, the personal-data access log, the timeline, each
action form moving the status with history, refusals that change nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gridcare.appeals.codes import Category, Kind, Status, Topic
from gridcare.appeals.models import Appeal, AppealAttachment, AppealNote
from gridcare.appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_note_add,
)
from gridcare.consumers.models import PersonalDataAccess
from gridcare.notifications.models import Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _card(appeal: Appeal) -> str:
    return reverse("appeals:staff_detail", args=[appeal.pk])


def _post(client, name: str, appeal: Appeal, data: dict | None = None):
    return client.post(reverse(f"appeals:staff_{name}", args=[appeal.pk]), data or {})


def _state(appeal: Appeal) -> tuple:
    appeal.refresh_from_db()
    return (
        appeal.status,
        appeal.assignee_id,
        appeal.events.count(),
        appeal.messages.count(),
        appeal.notes.count(),
    )


def test_card_shows_the_appeal_and_logs_the_view(client, make_appeal, specialist):
    appeal = make_appeal(subject="Счётчик не работает")
    client.force_login(specialist)
    response = client.get(_card(appeal), REMOTE_ADDR="10.0.0.7")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Обращение № {appeal.number}" in body
    assert "Счётчик не работает" in body
    assert "Иванова Анна Петровна" in body
    assert "Поступило: Личный кабинет" in body
    assert f"Зарегистрировано № {appeal.number}" in body
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.consumer_id, log.action, log.object_type) == (
        specialist,
        appeal.consumer_id,
        PersonalDataAccess.Action.VIEW_APPEAL,
        "appeal",
    )
    assert (log.object_id, log.ip_address) == (str(appeal.pk), "10.0.0.7")


def test_dates_are_shown_in_moscow_time(client, make_appeal, specialist):
    from datetime import UTC, datetime

    appeal = make_appeal(
        received_at=datetime(2025, 11, 25, 11, 5, tzinfo=UTC), actor=specialist
    )
    client.force_login(specialist)
    assert "25.11.2025 14:05" in client.get(_card(appeal)).content.decode()


def test_card_of_another_competence_is_not_found_and_not_logged(
    client, make_appeal, specialist
):
    appeal = make_appeal(category=Category.CONNECTION, topic=Topic.CONNECTION)
    client.force_login(specialist)
    assert client.get(_card(appeal)).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_consumer_cannot_open_the_staff_card(client, make_appeal, consumer):
    appeal = make_appeal()
    client.force_login(consumer)
    assert client.get(_card(appeal)).status_code == 403


def test_take_moves_to_in_work_and_writes_history(client, make_appeal, specialist):
    appeal = make_appeal()
    client.force_login(specialist)
    response = _post(client, "take", appeal)
    assert response.status_code == 302
    assert response["Location"] == _card(appeal)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.assignee) == (Status.IN_WORK, specialist)
    event = appeal.events.last()
    assert (event.action, event.actor, event.to_status) == (
        "assigned",
        specialist,
        Status.IN_WORK,
    )
    assert "Назначено: Специалист Сергей" in client.get(_card(appeal)).content.decode()


def test_supervisor_assigns_to_a_specialist_of_the_branch(
    client, make_appeal, supervisor, specialist, remote_specialist
):
    appeal = make_appeal()
    client.force_login(supervisor)
    body = client.get(_card(appeal)).content.decode()
    assert f'<option value="{specialist.pk}"' in body
    assert f'<option value="{remote_specialist.pk}"' not in body
    _post(client, "assign", appeal, {"assignee": remote_specialist.pk})
    appeal.refresh_from_db()
    assert appeal.assignee is None  # not of this branch: refused by the form
    _post(client, "assign", appeal, {"assignee": specialist.pk})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.assignee) == (Status.IN_WORK, specialist)


def test_specialist_sees_no_assign_form_and_cannot_post_it(
    client, make_appeal, specialist, other_specialist
):
    appeal = make_appeal()
    client.force_login(specialist)
    body = client.get(_card(appeal)).content.decode()
    assert reverse("appeals:staff_assign", args=[appeal.pk]) not in body
    assert reverse("appeals:staff_take", args=[appeal.pk]) in body
    before = _state(appeal)
    response = _post(client, "assign", appeal, {"assignee": other_specialist.pk})
    assert response.status_code == 403
    assert _state(appeal) == before


def test_internal_note_with_a_file(client, make_appeal, specialist):
    appeal = make_appeal()
    client.force_login(specialist)
    _post(
        client,
        "note",
        appeal,
        {
            "text": "Позвонил, не дозвонился",
            "files": SimpleUploadedFile("акт.pdf", PDF),
        },
    )
    note = AppealNote.objects.get(appeal=appeal)
    assert (note.text, note.author) == ("Позвонил, не дозвонился", specialist)
    attachment = AppealAttachment.objects.get(appeal=appeal)
    assert attachment.is_internal
    assert appeal.events.filter(action="note_added").count() == 1
    body = client.get(_card(appeal)).content.decode()
    assert "Позвонил, не дозвонился" in body
    assert "акт.pdf" in body


def test_request_information_pauses_the_clock(client, make_appeal, specialist):
    appeal = make_appeal()
    client.force_login(specialist)
    _post(client, "request_information", appeal, {"text": "Пришлите фото счётчика"})
    appeal.refresh_from_db()
    assert appeal.status == Status.WAITING
    assert appeal.paused_at is not None
    assert appeal.messages.get().text == "Пришлите фото счётчика"
    assert "Срок приостановлен" in client.get(_card(appeal)).content.decode()


def test_answer_moves_to_answered_and_notifies_the_consumer(
    client, make_appeal, specialist, consumer, django_capture_on_commit_callbacks
):
    appeal = make_appeal()
    client.force_login(specialist)
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            client,
            "answer",
            appeal,
            {"text": "Счётчик заменим 1 декабря.", "via": "personal_account"},
        )
    appeal.refresh_from_db()
    assert appeal.status == Status.ANSWERED
    assert appeal.answer_text == "Счётчик заменим 1 декабря."
    assert appeal.events.last().action == "answered"
    assert Notification.objects.filter(
        event="appeal_answered", recipient=consumer
    ).exists()


def test_close_reopen_and_forward(client, make_appeal, specialist):
    appeal = make_appeal()
    appeal_answer(actor=specialist, appeal=appeal, text="Ответ")
    client.force_login(specialist)

    _post(client, "close", appeal)
    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED

    _post(client, "reopen", appeal, {"reason": "Потребитель не согласен"})
    appeal.refresh_from_db()
    assert appeal.status == Status.IN_WORK
    assert "Возобновлено: Потребитель не согласен" in (
        client.get(_card(appeal)).content.decode()
    )

    _post(
        client,
        "forward",
        appeal,
        {"to": "АО «Татэнергосбыт»", "text": "Вопрос о тарифе — в сбытовую компанию."},
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.forwarded_to) == (
        Status.FORWARDED,
        "АО «Татэнергосбыт»",
    )
    assert list(
        appeal.events.filter(action__in=["closed", "reopened", "forwarded"])
        .order_by("id")
        .values_list("action", "to_status")
    ) == [
        ("closed", Status.CLOSED),
        ("reopened", Status.IN_WORK),
        ("forwarded", Status.FORWARDED),
    ]


def test_closing_a_complaint_records_whether_it_was_settled(
    client, make_appeal, specialist
):
    appeal = make_appeal(kind=Kind.COMPLAINT)
    appeal_answer(actor=specialist, appeal=appeal, text="Ответ")
    client.force_login(specialist)
    before = _state(appeal)
    _post(client, "close", appeal)  # the yes/no answer is required
    assert _state(appeal) == before
    _post(client, "close", appeal, {"complaint_settled": "yes"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.complaint_settled) == (Status.CLOSED, True)


def test_outcome_flags(client, make_appeal, specialist):
    appeal = make_appeal()
    client.force_login(specialist)
    _post(client, "outcome", appeal, {"led_to_transmission_contract": "on"})
    appeal.refresh_from_db()
    assert appeal.led_to_transmission_contract
    assert not appeal.led_to_connection_contract
    assert appeal.events.last().action == "outcome_set"


def test_refused_transition_shows_a_russian_message_and_changes_nothing(
    client, make_appeal, specialist
):
    appeal = make_appeal()
    client.force_login(specialist)
    before = _state(appeal)
    response = _post(client, "close", appeal)
    assert response.status_code == 302
    assert _state(appeal) == before
    body = client.get(_card(appeal)).content.decode()
    assert "Действие невозможно: обращение в статусе «Зарегистрировано»" in body


def test_empty_text_is_refused_in_russian(client, make_appeal, specialist):
    appeal = make_appeal()
    client.force_login(specialist)
    before = _state(appeal)
    response = _post(
        client,
        "answer",
        appeal,
        {"text": "", "via": "email"},
    )
    assert _state(appeal) == before
    body = client.get(response["Location"]).content.decode()
    assert "Ответ потребителю: Обязательное поле." in body


def test_only_actions_allowed_by_the_status_are_offered(
    client, make_appeal, specialist
):
    appeal = make_appeal()
    client.force_login(specialist)
    body = client.get(_card(appeal)).content.decode()
    assert reverse("appeals:staff_answer", args=[appeal.pk]) in body
    assert reverse("appeals:staff_close", args=[appeal.pk]) not in body
    assert reverse("appeals:staff_reopen", args=[appeal.pk]) not in body


ACTIONS = {
    "take": {},
    "assign": {},
    "note": {"text": "Заметка"},
    "request_information": {"text": "Сведения"},
    "answer": {"text": "Ответ", "via": "email"},
    "close": {},
    "reopen": {"reason": "Причина"},
    "forward": {"to": "Сбыт", "text": "Текст"},
    "outcome": {"led_to_connection_contract": "on"},
}


def test_analyst_sees_no_forms_and_every_post_is_refused(
    client, make_appeal, analyst, specialist
):
    appeal = make_appeal()
    client.force_login(analyst)
    body = client.get(_card(appeal)).content.decode()
    assert "Действия" not in body
    assert 'method="post" action="/staff/appeals/' not in body
    before = (_state(appeal), appeal.led_to_connection_contract)
    for name, data in ACTIONS.items():
        if name == "assign":
            data = {"assignee": specialist.pk}
        response = _post(client, name, appeal, data)
        assert response.status_code == 403, name
    assert (_state(appeal), appeal.led_to_connection_contract) == before


def test_staff_download_is_logged(client, make_appeal, specialist):
    appeal = make_appeal()
    appeal_note_add(
        actor=specialist,
        appeal=appeal,
        text="Скан акта",
        files=[SimpleUploadedFile("акт.pdf", PDF)],
    )
    attachment = AppealAttachment.objects.get()
    client.force_login(specialist)
    response = client.get(reverse("appeals:staff_attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    log = PersonalDataAccess.objects.get(action=PersonalDataAccess.Action.DOWNLOAD_FILE)
    assert (log.user, log.object_id) == (specialist, str(attachment.pk))


def test_download_of_an_invisible_appeal_file_is_not_found(
    client, make_appeal, specialist, other_specialist
):
    appeal = make_appeal()
    appeal_note_add(
        actor=specialist,
        appeal=appeal,
        text="Скан",
        files=[SimpleUploadedFile("акт.pdf", PDF)],
    )
    attachment = AppealAttachment.objects.get()
    client.force_login(other_specialist)
    url = reverse("appeals:staff_attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_timeline_after_assignment_by_supervisor(
    client, make_appeal, supervisor, specialist
):
    appeal = make_appeal()
    appeal_assign(actor=supervisor, appeal=appeal, assignee=specialist)
    client.force_login(supervisor)
    body = client.get(_card(appeal)).content.decode()
    assert "Назначено: Специалист Сергей" in body
    assert "(Руководитель Раиса)" in body
