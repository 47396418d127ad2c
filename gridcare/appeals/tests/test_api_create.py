"""POST /api/v1/appeals: filing, registering on a consumer's behalf, idempotent
retries, refused input."""

import threading
from datetime import UTC, datetime
from unittest import mock

import pytest
import time_machine
from django.db import connection, connections

from gridcare.api import idempotency
from gridcare.api.models import IdempotentRequest
from gridcare.api.testing import BASE, api_client
from gridcare.appeals.models import Appeal, AppealEvent

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday 12:00 in Kazan
URL = f"{BASE}/appeals"


def _body(consumer, **overrides) -> dict:
    point = consumer.consumer.accounts.get().supply_points.get()
    body = {
        "category": "metering",
        "topic": "metering",
        "subject": "Счётчик",
        "text": "Счётчик перестал показывать расход, прошу проверить.",
        "supply_point_id": point.pk,
    }
    body.update(overrides)
    return body


def _counts() -> tuple[int, int, int]:
    return (
        Appeal.objects.count(),
        AppealEvent.objects.count(),
        IdempotentRequest.objects.count(),
    )


def test_consumer_files_an_appeal_and_sees_its_number_at_once(consumer):
    client = api_client(consumer)
    with time_machine.travel(NOW, tick=False):
        response = client.post_json(URL, _body(consumer))
    assert response.status_code == 201
    appeal = Appeal.objects.get()
    account = consumer.consumer.accounts.get()
    assert response.json() == {
        "id": appeal.pk,
        "number": "26-0000001",
        "status": "registered",
        "status_label": "Зарегистрировано",
        "channel": "mobile_app",
        "category": "metering",
        "kind": "appeal",
        "topic": "metering",
        "subject": "Счётчик",
        "contact_name": "Иванова Анна Петровна",
        "received_at": "2026-03-02T12:00:00+03:00",
        "registered_at": "2026-03-02T12:00:00+03:00",
        # 30 days (ЕСКО written appeal), to the end of the Moscow day.
        "due_at": "2026-04-01T23:59:59+03:00",
        "deadline_state": "ok",
        "work": None,
        "service_form": "internet",
        "regime": "written",
        "has_complaint": False,
        "has_service_request": False,
        "service_request_type": None,
        "text": "Счётчик перестал показывать расход, прошу проверить.",
        "consumer_id": consumer.consumer.pk,
        "consumer_account_id": account.pk,
        "supply_point_id": account.supply_points.get().pk,
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
        "attachments": [],
    }
    assert appeal.branch == account.branch
    assert appeal.registered_by is None


def test_consumer_may_file_through_the_personal_account(consumer):
    response = api_client(consumer).post_json(
        URL, _body(consumer, channel="personal_account")
    )
    assert response.status_code == 201
    assert response.json()["channel"] == "personal_account"


def test_retry_with_the_same_key_returns_the_first_answer_and_creates_nothing(
    consumer,
):
    client = api_client(consumer)
    with time_machine.travel(NOW, tick=False):
        first = client.post_json(URL, _body(consumer), HTTP_IDEMPOTENCY_KEY="k-1")
    with time_machine.travel(datetime(2026, 3, 2, 9, 5, tzinfo=UTC), tick=False):
        retry = client.post_json(URL, _body(consumer), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry["Idempotency-Replayed"] == "true"
    assert not first.has_header("Idempotency-Replayed")
    assert _counts() == (1, 2, 1)  # one appeal, received + registered, one key


def test_same_key_with_another_body_is_refused(consumer):
    client = api_client(consumer)
    client.post_json(URL, _body(consumer), HTTP_IDEMPOTENCY_KEY="k-1")
    response = client.post_json(
        URL, _body(consumer, text="Другой текст."), HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "idempotency_key_reused",
            "message": "Этот Idempotency-Key уже использован для другого запроса.",
            "details": None,
        }
    }
    assert _counts() == (1, 2, 1)


def test_keys_belong_to_their_caller(consumer, other_consumer):
    api_client(consumer).post_json(URL, _body(consumer), HTTP_IDEMPOTENCY_KEY="k-1")
    response = api_client(other_consumer).post_json(
        URL, _body(other_consumer), HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert response.status_code == 201
    assert Appeal.objects.count() == 2


def test_refused_request_stores_no_key_and_may_be_retried(consumer):
    client = api_client(consumer)
    refused = client.post_json(
        URL, _body(consumer, text="   "), HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert refused.status_code == 400
    assert _counts() == (0, 0, 0)
    accepted = client.post_json(URL, _body(consumer), HTTP_IDEMPOTENCY_KEY="k-2")
    assert accepted.status_code == 201


def test_double_submit_that_passes_the_key_check_together_creates_one_appeal(
    consumer,
):
    """The second request looked for the key before the first one committed: its
    insert of the key fails, its appeal is rolled back and it answers as the first."""
    client = api_client(consumer)
    first = client.post_json(URL, _body(consumer), HTTP_IDEMPOTENCY_KEY="k-1")
    real_stored = idempotency._stored
    lookups: list[dict] = []

    def stored_not_yet_committed(**kwargs):
        lookups.append(kwargs)
        return None if len(lookups) == 1 else real_stored(**kwargs)

    with mock.patch.object(idempotency, "_stored", stored_not_yet_committed):
        second = client.post_json(URL, _body(consumer), HTTP_IDEMPOTENCY_KEY="k-1")
    assert len(lookups) == 2  # missed, then read the first answer after the conflict
    assert second.status_code == 201
    assert second.content == first.content
    assert _counts() == (1, 2, 1)
    # The rolled-back registration did not use up a number.
    assert client.post_json(URL, _body(consumer)).json()["number"] == "26-0000002"


# serialized_rollback: the flush after the test keeps the seeded reference data
# intact for later transactional tests (no post_migrate re-creation).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel writers need a server database"
)
def test_parallel_double_submit_creates_one_appeal(consumer):
    client = api_client(consumer)
    barrier = threading.Barrier(2)
    responses = []

    def submit() -> None:
        try:
            barrier.wait()
            responses.append(
                client.post_json(URL, _body(consumer), HTTP_IDEMPOTENCY_KEY="k-1")
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].content == responses[1].content
    assert Appeal.objects.count() == 1


def test_operator_registers_a_call_on_the_consumers_behalf(operator, consumer):
    with time_machine.travel(NOW, tick=False):
        response = api_client(operator).post_json(
            URL,
            {
                "channel": "phone",
                "category": "transmission",
                "topic": "reliability",
                "text": "Со вчерашнего вечера нет света в квартире.",
                "consumer_id": consumer.consumer.pk,
                "answer_channel": "phone",
            },
        )
    assert response.status_code == 201
    body = response.json()
    assert body["channel"] == "phone"
    assert body["service_form"] == "phone"
    assert body["regime"] == "phone_callback"
    assert body["consumer_id"] == consumer.consumer.pk
    assert (body["contact_name"], body["contact_phone"]) == (
        "Иванова Анна Петровна",
        "+79170000001",
    )
    assert body["work"]["registered_by_id"] == operator.pk


def test_operator_registers_an_anonymous_letter_received_yesterday(operator):
    response = api_client(operator).post_json(
        URL,
        {
            "channel": "post",
            "category": "other",
            "topic": "general",
            "text": "Прошу разъяснить порядок замены счётчика.",
            "contact_name": "Сидоров Павел",
            "contact_postal_address": "420111, г. Казань, ул. Баумана, д. 5, кв. 3",
            "answer_channel": "post",
            "received_at": "2026-03-01T10:00:00+03:00",
        },
    )
    assert response.status_code == 201
    assert response.json()["received_at"] == "2026-03-01T10:00:00+03:00"
    assert response.json()["consumer_id"] is None


def test_consumer_may_not_use_staff_channels(consumer):
    response = api_client(consumer).post_json(URL, _body(consumer, channel="phone"))
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "channel_not_allowed",
        "message": "Потребитель подаёт обращение только через личный кабинет, "
        "мобильное приложение или чат-бот.",
        "details": None,
    }
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "field", ["consumer_id", "consumer_account_id", "supply_point_id"]
)
def test_consumer_cannot_file_about_another_consumers_objects(
    consumer, other_consumer, field
):
    theirs = other_consumer.consumer
    account = theirs.accounts.get()
    ids = {
        "consumer_id": theirs.pk,
        "consumer_account_id": account.pk,
        "supply_point_id": account.supply_points.get().pk,
    }
    response = api_client(consumer).post_json(
        URL, _body(consumer, **{"supply_point_id": None, field: ids[field]})
    )
    assert response.status_code == 404
    assert _counts() == (0, 0, 0)


def test_analyst_cannot_register_and_nothing_is_written(analyst):
    response = api_client(analyst).post_json(
        URL,
        {
            "channel": "phone",
            "category": "other",
            "topic": "general",
            "text": "Звонок.",
            "contact_name": "Абонент",
            "contact_phone": "+79170000009",
            "answer_channel": "phone",
        },
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "forbidden",
        "message": "Недостаточно прав для этого действия.",
        "details": None,
    }
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "status", "code", "message"),
    [
        (
            {"text": None},
            422,
            "validation_error",
            "Поле «text»: обязательное поле.",
        ),
        ({"text": "  "}, 400, "text_required", "Напишите текст обращения."),
        (
            {"channel": "pigeon"},
            422,
            "validation_error",
            "Поле «channel»: недопустимое значение; допустимы: 'personal_account', "
            "'internet_reception', 'mobile_app', 'chatbot', 'phone', 'ivr', "
            "'office', 'post', 'email', 'social', 'retailer', 'other'.",
        ),
        (
            {"contact_phone": "12345"},
            400,
            "phone_invalid",
            "Телефон указан неверно: нужен российский номер из 10 цифр после +7.",
        ),
        (
            {"contact_email": "не-почта"},
            400,
            "email_invalid",
            "Адрес электронной почты указан неверно.",
        ),
        (
            {"text": "я" * 20_001},
            422,
            "validation_error",
            "Поле «text»: не длиннее 20000 символов.",
        ),
        (
            {"received_at": "2026-03-01T10:00:00+03:00"},
            400,
            "field_not_allowed",
            "Дату поступления указывает только сотрудник.",
        ),
    ],
)
def test_bad_input_gets_a_russian_4xx_and_writes_nothing(
    consumer, overrides, status, code, message
):
    body = {k: v for k, v in _body(consumer, **overrides).items() if v is not None}
    response = api_client(consumer).post_json(URL, body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"] == message
    assert _counts() == (0, 0, 0)


def test_naive_datetime_is_refused(operator):
    response = api_client(operator).post_json(
        URL,
        {
            "channel": "post",
            "category": "other",
            "topic": "general",
            "text": "Письмо.",
            "contact_name": "Сидоров Павел",
            "contact_postal_address": "Казань",
            "answer_channel": "post",
            "received_at": "2026-03-01T10:00:00",
        },
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        "Поле «received_at»: нужны дата и время с часовым поясом, например "
        "2026-03-02T10:00:00+03:00."
    )
    assert _counts() == (0, 0, 0)
