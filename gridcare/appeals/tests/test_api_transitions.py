"""Working an appeal over the API: one service per endpoint, refused moves as 409,
files in and out, idempotent retries of a transition."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gridcare.api.testing import BASE, api_client
from gridcare.appeals.models import Appeal, AppealAttachment, AppealEvent
from gridcare.consumers.models import PersonalDataAccess

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def appeal(make_appeal) -> Appeal:
    return make_appeal()


def _url(appeal: Appeal, action: str = "") -> str:
    return f"{BASE}/appeals/{appeal.pk}" + (f"/{action}" if action else "")


def test_full_cycle_through_the_api(appeal, consumer, specialist, supervisor):
    staff, boss, author = (
        api_client(specialist),
        api_client(supervisor),
        api_client(consumer),
    )

    assigned = boss.post_json(_url(appeal, "assign"), {"assignee_id": specialist.pk})
    assert assigned.status_code == 200
    assert assigned.json()["status"] == "in_work"
    assert assigned.json()["work"]["assignee"] == {
        "id": specialist.pk,
        "name": "Специалист Сергей",
    }

    asked = staff.post_json(
        _url(appeal, "request-information"), {"text": "Пришлите фото счётчика."}
    )
    assert asked.json()["status"] == "waiting"
    assert asked.json()["deadline_state"] == "paused"

    reply = author.post_json(_url(appeal, "messages"), {"text": "Высылаю фото."})
    assert reply.status_code == 201
    assert reply.json()["direction"] == "from_consumer"
    assert author.get(_url(appeal)).json()["status"] == "in_work"

    answered = staff.post_json(
        _url(appeal, "answer"), {"text": "Счётчик заменим 10.03.", "via": "email"}
    )
    assert answered.json()["status"] == "answered"
    assert answered.json()["answer_text"] == "Счётчик заменим 10.03."
    assert answered.json()["answer_sent_via"] == "email"

    rated = author.post_json(
        _url(appeal, "rating"), {"rating": 5, "comment": "Быстро."}
    )
    assert (rated.json()["rating"], rated.json()["rating_comment"]) == (5, "Быстро.")

    closed = staff.post_json(_url(appeal, "close"), {})
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"] is not None

    reopened = author.post_json(_url(appeal, "reopen"), {"reason": "Не заменили."})
    assert reopened.json()["status"] == "in_work"

    forwarded = staff.post_json(
        _url(appeal, "forward"), {"to": "АО «Татэнергосбыт»", "text": "Передали."}
    )
    assert forwarded.json()["status"] == "forwarded"
    assert forwarded.json()["forwarded_to"] == "АО «Татэнергосбыт»"

    messages = author.get(_url(appeal, "messages")).json()
    assert [(m["direction"], m["is_answer"]) for m in messages] == [
        ("to_consumer", False),
        ("from_consumer", False),
        ("to_consumer", True),
        ("to_consumer", False),
    ]


def test_specialist_takes_the_appeal_and_returns_it_to_the_queue(appeal, specialist):
    client = api_client(specialist)
    taken = client.post_json(_url(appeal, "assign"), {})
    assert taken.json()["work"]["assignee"]["id"] == specialist.pk
    returned = client.post_json(_url(appeal, "assign"), {"unassign": True})
    assert returned.json()["status"] == "registered"
    assert returned.json()["work"]["assignee"] is None


def test_specialist_cannot_assign_to_others(appeal, specialist, other_specialist):
    response = api_client(specialist).post_json(
        _url(appeal, "assign"), {"assignee_id": other_specialist.pk}
    )
    assert response.status_code == 403


def test_assigning_to_a_consumer_is_404(appeal, supervisor, other_consumer):
    response = api_client(supervisor).post_json(
        _url(appeal, "assign"), {"assignee_id": other_consumer.pk}
    )
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Сотрудник не найден."


def test_refused_move_is_409_and_changes_nothing(appeal, specialist):
    events = AppealEvent.objects.count()
    response = api_client(specialist).post_json(_url(appeal, "close"), {})
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "invalid_transition",
        "message": "Действие невозможно: обращение в статусе «Зарегистрировано».",
        "details": None,
    }
    appeal.refresh_from_db()
    assert appeal.status == "registered"
    assert AppealEvent.objects.count() == events


def test_withdrawn_appeal_is_final(appeal, consumer):
    client = api_client(consumer)
    withdrawn = client.post_json(_url(appeal, "withdraw"), {"reason": "Решилось."})
    assert withdrawn.json()["status"] == "withdrawn"
    again = client.post_json(_url(appeal, "withdraw"), {})
    assert again.status_code == 409


def test_retried_answer_with_its_key_returns_the_first_result(appeal, specialist):
    client = api_client(specialist)
    body = {"text": "Счётчик заменим 10.03."}
    first = client.post_json(_url(appeal, "answer"), body, HTTP_IDEMPOTENCY_KEY="a-1")
    retry = client.post_json(_url(appeal, "answer"), body, HTTP_IDEMPOTENCY_KEY="a-1")
    assert first.status_code == retry.status_code == 200
    assert retry.content == first.content
    assert appeal.events.filter(action="answered").count() == 1
    # Without a key a repeated answer is a refused move, not a second answer.
    assert client.post_json(_url(appeal, "answer"), body).status_code == 409


def test_rating_out_of_range_is_422(appeal, consumer):
    response = api_client(consumer).post_json(_url(appeal, "rating"), {"rating": 6})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Поле «rating»: не больше 5."


def test_rating_before_the_answer_is_409(appeal, consumer):
    response = api_client(consumer).post_json(_url(appeal, "rating"), {"rating": 4})
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "Оценить можно только обращение, на которое дан ответ."
    )


def test_staff_note_is_created_and_hidden_from_the_consumer(
    appeal, consumer, specialist
):
    response = api_client(specialist).post_json(
        _url(appeal, "notes"), {"text": "Проверить по АСКУЭ."}
    )
    assert response.status_code == 201
    assert response.json()["author"] == {
        "id": specialist.pk,
        "name": "Специалист Сергей",
    }
    events = api_client(consumer).get(_url(appeal, "events")).json()
    assert "note_added" not in [e["action"] for e in events]


def test_consumer_uploads_a_file_and_downloads_it(appeal, consumer, specialist):
    client = api_client(consumer)
    response = client.post(
        _url(appeal, "attachments"),
        {"files": [SimpleUploadedFile("фото счётчика.pdf", PDF)], "text": "Фото."},
        HTTP_IDEMPOTENCY_KEY="f-1",
    )
    assert response.status_code == 201
    message = response.json()
    assert (message["direction"], message["text"]) == ("from_consumer", "Фото.")
    [attachment] = message["attachments"]
    assert (attachment["name"], attachment["content_type"], attachment["size"]) == (
        "фото счётчика.pdf",
        "application/pdf",
        len(PDF),
    )

    download = client.get(attachment["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert not PersonalDataAccess.objects.exists()

    assert api_client(specialist).get(attachment["download_url"]).status_code == 200
    assert PersonalDataAccess.objects.get().action == "download_file"

    retry = client.post(
        _url(appeal, "attachments"),
        {"files": [SimpleUploadedFile("фото счётчика.pdf", PDF)], "text": "Фото."},
        HTTP_IDEMPOTENCY_KEY="f-1",
    )
    assert retry.content == response.content
    assert AppealAttachment.objects.count() == 1


def test_bad_file_is_refused_and_nothing_is_stored(appeal, consumer):
    response = api_client(consumer).post(
        _url(appeal, "attachments"),
        {"files": [SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")]},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_type"
    assert "такой тип не принимается" in response.json()["error"]["message"]
    assert not AppealAttachment.objects.exists()
    assert not appeal.messages.exists()


def test_upload_without_files_is_422(appeal, consumer):
    response = api_client(consumer).post(_url(appeal, "attachments"), {"text": "x"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Поле «files»: обязательное поле."
