"""The subject's data export holds everything about them and nothing about anyone
else; anonymisation removes names, phones, e-mails and files, keeps counts, and is
refused while the law obliges us to keep the data."""

import io
import json
import zipfile
from collections import Counter

import pytest

from gridcare.appeals.models import Appeal, AppealAttachment
from gridcare.contact_centre.models import ChatMessage, LiveChat
from gridcare.core.errors import ConflictError, PermissionDeniedError
from gridcare.grid_connections.models import ApplicationFile, ConnectionApplication
from gridcare.notifications.models import Notification
from gridcare.privacy.anonymisers import PLACEHOLDER
from gridcare.privacy.export import (
    subject_export_collect,
    subject_export_zip,
)
from gridcare.privacy.models import Anonymisation
from gridcare.privacy.services import subject_anonymise

pytestmark = pytest.mark.django_db

SECTIONS = {
    "profile": 1,
    "login": 1,
    "consumer_accounts": 1,
    "supply_points": 1,
    "meters": 1,
    "meter_readings": 1,
    "appeals": 1,
    "appeal_messages": 1,
    "appeal_files": 1,
    "connection_applications": 1,
    "connection_application_files": 1,
    "service_orders": 0,
    "appointments": 0,
    "live_chats": 1,
    "chat_messages": 1,
    "callback_requests": 0,
    "chatbot_conversations": 0,
    "notifications": 1,
    "outage_subscriptions": 0,
    "consents": 1,
    "access_log": 1,
    "subject_requests": 0,
}


def test_export_holds_every_kind_of_record_of_the_subject_only(
    make_subject, consumer, other_consumer
):
    mine = make_subject(consumer)
    make_subject(other_consumer)
    export = subject_export_collect(consumer=consumer.consumer)
    assert export.counts() == SECTIONS
    data = export.as_json()["sections"]
    assert data["profile"][0]["name"] == "Иванова Анна Петровна"
    assert data["appeals"][0]["id"] == mine.appeal.pk
    assert data["connection_applications"][0]["id"] == mine.application.pk
    assert data["appeal_files"][0]["original_name"] == "паспорт.pdf"
    assert data["consents"][0]["purpose"] == "Рассмотрение обращений и оказание услуг"
    assert data["access_log"][0]["staff_role"] == "Специалист бэк-офиса"
    # Nothing secret, nothing about the staff by name, nothing of the other consumer.
    assert "password" not in data["login"][0]
    assert "user_id" not in data["access_log"][0]
    text = json.dumps(data, ensure_ascii=False)
    assert "Петров Олег" not in text
    assert "petrov@example.ru" not in text
    assert "Специалист Сергей" not in text


def test_export_zip_has_json_and_a_readable_summary(make_subject, consumer):
    make_subject(consumer)
    export = subject_export_collect(consumer=consumer.consumer)
    archive = zipfile.ZipFile(io.BytesIO(subject_export_zip(export)))
    assert sorted(archive.namelist()) == ["data.json", "summary.html"]
    data = json.loads(archive.read("data.json"))
    assert data["subject_id"] == consumer.consumer.pk
    assert data["sections"]["meter_readings"][0]["value_t1"] == "1234.50"
    html = archive.read("summary.html").decode()
    assert "Ваши персональные данные" in html
    assert "Иванова Анна Петровна" in html
    assert "Показания" in html


def _report_figures() -> tuple:
    """What the reports read: counts by category, channel, status and dates."""
    return (
        Counter(Appeal.objects.values_list("category", "channel", "status")),
        sorted(Appeal.objects.values_list("received_at", "closed_at")),
        ConnectionApplication.objects.count(),
        LiveChat.objects.count(),
        ChatMessage.objects.count(),
    )


def test_anonymisation_removes_personal_data_and_files_and_keeps_counts(
    make_subject, consumer, other_consumer, administrator
):
    mine = make_subject(consumer)
    theirs = make_subject(other_consumer)
    consumer.consumer.accounts.update(is_active=False)
    files = [a.file.path for a in AppealAttachment.objects.filter(appeal=mine.appeal)]
    files += [
        f.file.path
        for f in ApplicationFile.objects.filter(application=mine.application)
    ]
    before = _report_figures()

    result = subject_anonymise(
        consumer=consumer.consumer, reason="Запрос субъекта", actor=administrator
    )

    assert _report_figures() == before
    subject = consumer.consumer
    subject.refresh_from_db()
    assert (subject.name, subject.phone, subject.email, subject.postal_address) == (
        PLACEHOLDER,
        "",
        "",
        "",
    )
    consumer.refresh_from_db()
    assert consumer.is_active is False
    assert (consumer.phone, consumer.full_name) == (None, "")
    assert not consumer.has_usable_password()
    appeal = Appeal.objects.get(pk=mine.appeal.pk)
    assert (appeal.contact_name, appeal.contact_phone, appeal.contact_email) == (
        PLACEHOLDER,
        "",
        "",
    )
    application = ConnectionApplication.objects.get(pk=mine.application.pk)
    assert (application.applicant_name, application.contact_phone) == (PLACEHOLDER, "")
    chat = LiveChat.objects.get(pk=mine.chat.pk)
    assert (chat.contact_name, chat.contact_phone) == (PLACEHOLDER, "")
    assert not AppealAttachment.objects.filter(appeal=mine.appeal).exists()
    assert not ApplicationFile.objects.filter(application=mine.application).exists()
    for path in files:
        assert not __import__("os").path.exists(path)
    assert not Notification.objects.filter(recipient=consumer).exists()
    assert result.counts["appeals"] == 1
    assert result.counts["files"] == 1
    # The other consumer is untouched.
    other = Appeal.objects.get(pk=theirs.appeal.pk)
    assert other.contact_name == "Петров Олег Ильич"
    assert AppealAttachment.objects.filter(appeal=other).count() == 1
    assert Notification.objects.filter(recipient=other_consumer).count() == 1
    # No name, phone or e-mail of the subject is left anywhere in their export.
    # Free texts (the appeal, the chat) are kept for the registry's retention period
    # and anonymised by the retention rule; every structured field is clean.
    sections = subject_export_collect(consumer=subject).as_json()["sections"]
    leaks = [
        (key, row.get("id"), field)
        for key, rows in sections.items()
        for row in rows
        for field, value in row.items()
        if field not in ("text", "question")
        and any(
            v in str(value)
            for v in ("Иванова Анна Петровна", "+79170000001", "ivanova@example.ru")
        )
    ]
    assert leaks == []


def test_anonymisation_is_refused_while_retention_applies(
    make_appeal, consumer, administrator
):
    appeal = make_appeal()
    with pytest.raises(ConflictError) as refused:
        subject_anonymise(
            consumer=consumer.consumer, reason="Запрос", actor=administrator
        )
    assert refused.value.message == (
        "Обезличить данные сейчас нельзя: закон обязывает хранить их, пока есть "
        f"открытые обращения: {appeal.number}; действующие лицевые счета (договоры): "
        "1600000001. Завершите их или откажите мотивированно."
    )
    subject = consumer.consumer
    subject.refresh_from_db()
    assert subject.name == "Иванова Анна Петровна"
    assert not Anonymisation.objects.exists()


def test_anonymisation_twice_and_by_an_operator_is_refused(
    consumer, administrator, operator
):
    consumer.consumer.accounts.update(is_active=False)
    with pytest.raises(PermissionDeniedError):
        subject_anonymise(consumer=consumer.consumer, reason="x", actor=operator)
    subject_anonymise(consumer=consumer.consumer, reason="Запрос", actor=administrator)
    with pytest.raises(ConflictError, match="уже обезличены"):
        subject_anonymise(consumer=consumer.consumer, reason="Ещё", actor=administrator)
