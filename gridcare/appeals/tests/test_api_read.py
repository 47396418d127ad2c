"""Reading appeals over the API: detail, list with filters and pages, timeline,
messages, notes, codes."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gridcare.api.testing import BASE, ApiClient, api_client
from gridcare.appeals.codes import Category, Kind, Topic
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_consumer_reply,
    appeal_note_add,
    appeal_request_information,
)
from gridcare.consumers.models import PersonalDataAccess

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday 12:00 in Kazan
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def appeal(make_appeal, metering_group) -> Appeal:
    """A metering appeal in Kazan, routed to the branch's metering group."""
    with time_machine.travel(NOW, tick=False):
        return make_appeal(files=[SimpleUploadedFile("акт.pdf", PDF)])


def _expected_detail(appeal: Appeal, *, work: dict | None) -> dict:
    attachment = appeal.attachments.get()
    return {
        "id": appeal.pk,
        "number": "26-0000001",
        "status": "registered",
        "status_label": "Зарегистрировано",
        "channel": "personal_account",
        "category": "metering",
        "kind": "appeal",
        "topic": "metering",
        "subject": "",
        "contact_name": "Иванова Анна Петровна",
        "received_at": "2026-03-02T12:00:00+03:00",
        "registered_at": "2026-03-02T12:00:00+03:00",
        "due_at": "2026-04-01T23:59:59+03:00",
        "deadline_state": "ok",
        "work": work,
        "service_form": "internet",
        "regime": "written",
        "has_complaint": False,
        "has_service_request": False,
        "service_request_type": None,
        "text": "Счётчик перестал показывать расход, прошу проверить.",
        "consumer_id": appeal.consumer_id,
        "consumer_account_id": appeal.consumer_account_id,
        "supply_point_id": appeal.supply_point_id,
        "address_text": "",
        "contact_phone": "+79170000001",
        "contact_email": "ivanova@example.ru",
        "contact_postal_address": "",
        "answer_channel": "personal_account",
        "answered_at": None,
        "answer_text": "",
        "answer_sent_via": None,
        "closed_at": None,
        "forwarded_to": "",
        "rating": None,
        "rating_comment": "",
        "rated_at": None,
        "attachments": [
            {
                "id": attachment.pk,
                "name": "акт.pdf",
                "content_type": "application/pdf",
                "size": len(PDF),
                "is_internal": False,
                "uploaded_at": "2026-03-02T12:00:00+03:00",
                "download_url": f"/api/v1/appeals/attachments/{attachment.pk}",
            }
        ],
    }


def test_consumer_reads_own_appeal_without_service_data(appeal, consumer):
    with time_machine.travel(NOW, tick=False):
        response = api_client(consumer).get(f"{BASE}/appeals/{appeal.pk}")
    assert response.status_code == 200
    assert response.json() == _expected_detail(appeal, work=None)
    assert not PersonalDataAccess.objects.exists()


def test_staff_reads_the_service_data_and_the_read_is_logged(
    appeal, specialist, branch, metering_group
):
    with time_machine.travel(NOW, tick=False):
        response = api_client(specialist).get(f"{BASE}/appeals/{appeal.pk}")
    assert response.status_code == 200
    assert response.json() == _expected_detail(
        appeal,
        work={
            "branch": {"id": branch.pk, "name": "Казанские электрические сети"},
            "group": {"id": metering_group.pk, "name": "Учёт КЭС"},
            "assignee": None,
            "registered_by_id": None,
            "paused_at": None,
            "escalated_at": None,
            "complaint_settled": False,
            "led_to_connection_contract": False,
            "led_to_transmission_contract": False,
        },
    )
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.consumer_id, log.action, log.object_id) == (
        specialist,
        appeal.consumer_id,
        PersonalDataAccess.Action.VIEW_APPEAL,
        str(appeal.pk),
    )


def test_by_number_finds_the_same_appeal(appeal, consumer):
    client = api_client(consumer)
    by_number = client.get(f"{BASE}/appeals/by-number/26-0000001")
    assert by_number.status_code == 200
    assert by_number.json() == client.get(f"{BASE}/appeals/{appeal.pk}").json()
    assert client.get(f"{BASE}/appeals/by-number/26-0009999").status_code == 404


@pytest.fixture
def seven_appeals(make_appeal, other_consumer) -> list[Appeal]:
    """Five of the consumer's appeals (one complaint, one about connection), one of
    another consumer; received a minute apart."""
    made = []
    for minute, overrides in enumerate(
        [
            {},
            {"kind": Kind.COMPLAINT, "category": Category.SERVICE_QUALITY},
            {"topic": Topic.CONNECTION, "category": Category.CONNECTION},
            {},
            {},
            {"user": other_consumer},
            {},
        ]
    ):
        with time_machine.travel(NOW.replace(minute=minute), tick=False):
            made.append(make_appeal(**overrides))
    return made


def _ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def test_consumer_list_is_paged_newest_first_and_counts_only_own(
    seven_appeals, consumer
):
    mine = [a.pk for a in seven_appeals if a.consumer.user == consumer]
    client = api_client(consumer)
    first = client.get(f"{BASE}/appeals?limit=4")
    assert first.status_code == 200
    assert {k: v for k, v in first.json().items() if k != "items"} == {
        "count": 6,
        "limit": 4,
        "offset": 0,
    }
    assert _ids(first) == mine[::-1][:4]
    last = client.get(f"{BASE}/appeals?limit=4&offset=4")
    assert last.json()["count"] == 6
    assert _ids(last) == mine[::-1][4:]
    assert _ids(client.get(f"{BASE}/appeals?ordering=received_at&limit=2")) == mine[:2]
    assert client.get(f"{BASE}/appeals?limit=101").status_code == 422


@pytest.mark.parametrize(
    ("query", "picked"),
    [
        ("kind=complaint", [1]),
        ("category=connection", [2]),
        ("topic=connection", [2]),
        ("topic=metering&kind=appeal", [6, 4, 3, 0]),
        ("status=answered", []),
        ("q=26-0000003", [2]),
        ("channel=mobile_app", []),
    ],
)
def test_filters(seven_appeals, consumer, query, picked):
    response = api_client(consumer).get(f"{BASE}/appeals?{query}")
    assert response.status_code == 200
    assert _ids(response) == [seven_appeals[i].pk for i in picked]
    assert response.json()["count"] == len(picked)


def test_overdue_filter(seven_appeals, operator):
    Appeal.objects.filter(pk=seven_appeals[3].pk).update(
        due_at=datetime(2026, 3, 3, tzinfo=UTC)
    )
    with time_machine.travel(datetime(2026, 3, 10, tzinfo=UTC), tick=False):
        response = api_client(operator).get(f"{BASE}/appeals?overdue=true")
    assert _ids(response) == [seven_appeals[3].pk]
    assert response.json()["items"][0]["deadline_state"] == "overdue"


def test_specialist_lists_only_own_competence(seven_appeals, specialist):
    response = api_client(specialist).get(f"{BASE}/appeals?limit=100")
    assert seven_appeals[2].pk not in _ids(response)
    assert response.json()["count"] == 6


@pytest.mark.parametrize("persona", ["consumer", "operator"])
def test_list_query_count_does_not_grow_with_the_page(
    request, make_appeal, persona, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    client = api_client(user)
    make_appeal()
    client.get(f"{BASE}/appeals")  # the token's first use is recorded once
    with django_assert_max_num_queries(3):  # token, count, page
        one = client.get(f"{BASE}/appeals")
    for _ in range(9):
        make_appeal()
    with django_assert_max_num_queries(3):
        ten = client.get(f"{BASE}/appeals")
    assert (one.json()["count"], ten.json()["count"]) == (1, 10)


def test_timeline_is_public_for_the_consumer_and_full_for_staff(
    appeal, consumer, specialist, supervisor
):
    with time_machine.travel(datetime(2026, 3, 3, 7, 0, tzinfo=UTC), tick=False):
        appeal_assign(actor=supervisor, appeal=appeal, assignee=specialist)
        appeal_note_add(actor=specialist, appeal=appeal, text="Проверить по АСКУЭ.")
        appeal_request_information(
            actor=specialist, appeal=appeal, text="Пришлите фото счётчика."
        )
        appeal_consumer_reply(actor=consumer, appeal=appeal, text="Фото приложила.")
        appeal_answer(actor=specialist, appeal=appeal, text="Счётчик заменим 10.03.")

    public = api_client(consumer).get(f"{BASE}/appeals/{appeal.pk}/events").json()
    assert [(e["action"], e["title"], e["to_status"]) for e in public] == [
        ("received", "Поступило: Личный кабинет", "new"),
        ("registered", f"Зарегистрировано № {appeal.number}", "registered"),
        ("assigned", "Принято в работу", "in_work"),
        ("information_requested", "Запрошены дополнительные сведения", "waiting"),
        ("consumer_replied", "Сообщение от потребителя", "in_work"),
        ("answered", "Дан ответ (Личный кабинет)", "answered"),
    ]
    assert all(e["actor"] is None and e["details"] is None for e in public)

    full = api_client(specialist).get(f"{BASE}/appeals/{appeal.pk}/events").json()
    assert [e["action"] for e in full] == [
        "received",
        "registered",
        "assigned",
        "note_added",
        "information_requested",
        "consumer_replied",
        "answered",
    ]
    assert full[2]["actor"] == {"id": supervisor.pk, "name": "Руководитель Раиса"}
    assert full[2]["details"] == {"assignee": "Специалист Сергей"}
    assert full[3]["at"] == "2026-03-03T10:00:00+03:00"


def test_messages_and_notes(appeal, consumer, specialist):
    with time_machine.travel(datetime(2026, 3, 3, 7, 0, tzinfo=UTC), tick=False):
        appeal_note_add(actor=specialist, appeal=appeal, text="Проверить по АСКУЭ.")
        appeal_request_information(
            actor=specialist, appeal=appeal, text="Пришлите фото счётчика."
        )
    messages = api_client(consumer).get(f"{BASE}/appeals/{appeal.pk}/messages")
    assert messages.json() == [
        {
            "id": appeal.messages.get().pk,
            "direction": "to_consumer",
            "text": "Пришлите фото счётчика.",
            "is_answer": False,
            "created_at": "2026-03-03T10:00:00+03:00",
            "attachments": [],
        }
    ]
    refused = api_client(consumer).get(f"{BASE}/appeals/{appeal.pk}/notes")
    assert refused.status_code == 403
    notes = api_client(specialist).get(f"{BASE}/appeals/{appeal.pk}/notes")
    assert notes.json() == [
        {
            "id": appeal.notes.get().pk,
            "text": "Проверить по АСКУЭ.",
            "author": {"id": specialist.pk, "name": "Специалист Сергей"},
            "created_at": "2026-03-03T10:00:00+03:00",
        }
    ]


def test_codes_are_public_and_complete(db):
    response = ApiClient().get(f"{BASE}/appeals/codes")
    assert response.status_code == 200
    codes = response.json()
    assert [c["code"] for c in codes["channels"]] == [
        "personal_account",
        "internet_reception",
        "mobile_app",
        "chatbot",
        "phone",
        "ivr",
        "office",
        "post",
        "email",
        "social",
        "retailer",
        "other",
    ]
    assert codes["channels"][4] == {
        "code": "phone",
        "label": "Телефон (оператор)",
        "service_form": "phone",
    }
    assert [c["code"] for c in codes["service_forms"]] == [
        "in_person",
        "phone",
        "internet",
        "post",
        "other",
    ]
    assert [c["code"] for c in codes["categories"]] == [
        "transmission",
        "connection",
        "metering",
        "service_quality",
        "maintenance",
        "other",
    ]
    assert codes["kinds"] == [
        {"code": "appeal", "label": "Обращение"},
        {"code": "complaint", "label": "Жалоба"},
        {"code": "service_request", "label": "Заявка на услугу"},
    ]
    assert [c["code"] for c in codes["statuses"]] == [
        "new",
        "registered",
        "in_work",
        "waiting",
        "answered",
        "closed",
        "forwarded",
        "withdrawn",
    ]
    assert {len(codes[k]) for k in ("topics", "answer_channels", "regimes")} == {
        5,
        6,
        7,
    }
