"""Pages: the subject files and follows a request and downloads their data; the data
protection officer works the request, searches the access log (CSV too), sees
consents and retention; an operator is refused every officer page, another consumer
gets 404."""

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gridcare.consumers.models import PersonalDataAccess
from gridcare.consumers.services import personal_data_access_log
from gridcare.privacy.models import SubjectRequest
from gridcare.privacy.services import RequestInput, subject_request_file

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _file(user, type="access", **kw):
    return subject_request_file(
        actor=user, consumer=user.consumer, data=RequestInput(type=type, **kw)
    )


def test_consumer_files_a_correction_request_in_the_portal(consumer):
    client = _client(consumer)
    page = client.get(reverse("privacy:portal_index"))
    assert page.status_code == 200
    assert "Скачать мои данные (ZIP)" in page.content.decode()
    response = client.post(
        reverse("privacy:portal_index"),
        {
            "type": "correction",
            "new_phone": "+7 917 000-00-05",
            "text": "Сменила номер.",
        },
    )
    request = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("privacy:portal_detail", args=[request.pk])
    assert request.requested_changes == {"phone": "+79170000005"}
    detail = client.get(response.url).content.decode()
    assert request.appeal.number in detail
    assert "Уточнение (исправление) данных" in detail


def test_bad_request_shows_a_russian_error_and_files_nothing(consumer):
    response = _client(consumer).post(
        reverse("privacy:portal_index"), {"type": "correction"}
    )
    assert response.status_code == 200
    assert "Укажите, какие данные исправить, и новые значения." in (
        response.content.decode()
    )
    assert not SubjectRequest.objects.exists()


def test_other_consumer_gets_404_for_a_request(consumer, other_consumer):
    request = _file(consumer)
    url = reverse("privacy:portal_detail", args=[request.pk])
    assert _client(other_consumer).get(url).status_code == 404
    assert _client(consumer).get(url).status_code == 200


def test_consumer_downloads_only_their_own_data(consumer, other_consumer):
    response = _client(consumer).get(reverse("privacy:portal_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["subject_id"] == consumer.consumer.pk
    assert [a["number"] for a in data["sections"]["consumer_accounts"]] == [
        "1600000001"
    ]


OFFICER_PAGES = [
    ("privacy:staff_requests", []),
    ("privacy:staff_register", []),
    ("privacy:staff_access_log", []),
    ("privacy:staff_consents", []),
    ("privacy:staff_retention", []),
]


def test_operator_is_refused_every_officer_page(consumer, operator):
    request = _file(consumer)
    pages = [
        *OFFICER_PAGES,
        ("privacy:staff_detail", [request.pk]),
        ("privacy:staff_consumer", [consumer.consumer.pk]),
        ("privacy:staff_export", [consumer.consumer.pk]),
    ]
    client = _client(operator)
    for name, args in pages:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    response = client.post(reverse("privacy:staff_action", args=[request.pk, "take"]))
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "registered"
    # Consumers are sent to their own pages.
    assert _client(consumer).get(reverse("privacy:staff_requests")).status_code == 403


def test_officer_pages_open(consumer, administrator):
    _file(consumer)
    client = _client(administrator)
    for name, args in OFFICER_PAGES:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_officer_works_a_request_through_the_card(consumer, administrator):
    with time_machine.travel(datetime(2026, 5, 22, 9, 0, tzinfo=UTC), tick=False):
        request = _file(consumer)
    client = _client(administrator)
    card = reverse("privacy:staff_detail", args=[request.pk])
    page = client.get(card).content.decode()
    assert "08.06.2026" in page
    assert "Взять в работу" in page

    def act(action, data=None):
        url = reverse("privacy:staff_action", args=[request.pk, action])
        return client.post(url, data or {})

    assert act("take").url == card
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=UTC), tick=False):
        act("extend", {"reason": "Нужны данные из архива филиала."})
    act("answer", {"decision": "fulfilled", "text": "Сведения во вложении."})
    request.refresh_from_db()
    assert (request.status, request.decision) == ("answered", "fulfilled")
    page = client.get(card).content.decode()
    assert "16.06.2026" in page
    assert "Нужны данные из архива филиала." in page
    # Opening the card is written to the access log.
    assert (
        PersonalDataAccess.objects.filter(
            user=administrator, consumer=consumer.consumer, object_type="subjectrequest"
        ).count()
        == 2
    )


def test_refused_step_shows_the_reason_and_changes_nothing(consumer, administrator):
    request = _file(consumer)
    client = _client(administrator)
    url = reverse("privacy:staff_action", args=[request.pk, "answer"])
    response = client.post(url, {"decision": "fulfilled", "text": ""}, follow=True)
    assert "Выберите решение и напишите ответ заявителю." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "registered"


def test_officer_registers_a_letter(consumer, administrator):
    response = _client(administrator).post(
        reverse("privacy:staff_register"),
        {
            "consumer_id": consumer.consumer.pk,
            "channel": "post",
            "type": "deletion",
            "text": "Прошу удалить мои данные.",
        },
    )
    request = SubjectRequest.objects.get()
    assert response.url == reverse("privacy:staff_detail", args=[request.pk])
    assert (request.type, request.appeal.channel) == ("deletion", "post")


def test_staff_export_is_written_to_the_access_log(consumer, administrator):
    response = _client(administrator).get(
        reverse("privacy:staff_export", args=[consumer.consumer.pk])
    )
    assert response.status_code == 200
    entry = PersonalDataAccess.objects.get(action=PersonalDataAccess.Action.EXPORT)
    assert (entry.user, entry.consumer, entry.object_id) == (
        administrator,
        consumer.consumer,
        str(consumer.consumer.pk),
    )


def _log(user, consumer, action, at):
    with time_machine.travel(at, tick=False):
        personal_data_access_log(
            user=user,
            consumer_id=consumer.pk,
            action=action,
            object_type="consumer",
            object_id=consumer.pk,
            ip_address="10.0.0.7",
        )


def test_access_log_search_by_consumer_staff_action_and_period(
    consumer, other_consumer, specialist, operator, administrator
):
    view, export = (
        PersonalDataAccess.Action.VIEW_CONSUMER,
        PersonalDataAccess.Action.EXPORT,
    )
    _log(specialist, consumer.consumer, view, datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    _log(operator, consumer.consumer, export, datetime(2026, 3, 2, 21, 30, tzinfo=UTC))
    _log(
        operator, other_consumer.consumer, view, datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    )
    client = _client(administrator)
    url = reverse("privacy:staff_access_log")

    def found(**params):
        page = client.get(url, params).context["page"]
        return [(e.user.email, e.consumer_id, e.action) for e in page.object_list]

    ivanova, petrov = consumer.consumer.pk, other_consumer.consumer.pk
    assert found(consumer=ivanova) == [
        ("operator@gridcare.test", ivanova, "export"),
        ("specialist@gridcare.test", ivanova, "view_consumer"),
    ]
    assert found(user="Оператор") == [
        ("operator@gridcare.test", petrov, "view_consumer"),
        ("operator@gridcare.test", ivanova, "export"),
    ]
    assert found(action="export") == [("operator@gridcare.test", ivanova, "export")]
    # 02.03.2026 21:30 UTC is 03.03.2026 00:30 in Moscow.
    assert found(date_from="2026-03-03", date_to="2026-03-03") == [
        ("operator@gridcare.test", ivanova, "export")
    ]
    bad = client.get(url, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert "Начало периода позже его конца." in bad.content.decode()
    csv = client.get(url, {"consumer": ivanova, "format": "csv"})
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode("utf-8-sig").splitlines() == [
        "Когда (МСК);Сотрудник;Роль;Действие;Потребитель;Объект;IP",
        f"03.03.2026 00:30:00;Оператор Ольга;Оператор контакт-центра;Выгрузка данных;"
        f"{ivanova};consumer {ivanova};10.0.0.7",
        f"01.03.2026 12:00:00;Специалист Сергей;Специалист бэк-офиса;"
        f"Просмотр карточки потребителя;{ivanova};consumer {ivanova};10.0.0.7",
    ]


def test_consent_report_and_history(consumer, administrator):
    from gridcare.consumers.consents import (
        consumer_consent_give,
        consumer_consent_withdraw,
    )

    given = consumer_consent_give(
        consumer=consumer.consumer, purpose="marketing", channel="portal"
    )
    consumer_consent_withdraw(consent=given)
    consumer_consent_give(
        consumer=consumer.consumer, purpose="surveys", channel="portal"
    )
    client = _client(administrator)
    rows = {
        r.purpose: (r.given, r.withdrawn, r.active)
        for r in client.get(reverse("privacy:staff_consents")).context["rows"]
    }
    assert rows == {
        "service": (0, 0, 0),
        "notifications": (0, 0, 0),
        "surveys": (1, 0, 1),
        "marketing": (1, 1, 0),
    }
    page = client.get(reverse("privacy:staff_consumer", args=[consumer.consumer.pk]))
    assert [
        (c.text.purpose, c.withdrawn_at is not None) for c in page.context["consents"]
    ] == [
        ("marketing", True),
        ("surveys", False),
    ]
