"""The chat API (/api/v1/chat) as the mobile app uses it: exact JSON, an idempotent
message post, polling since an id, a call-back due in 4 hours, and nobody opens a
logged-in person's conversation but them."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from gridcare.api.testing import BASE, api_client
from gridcare.appeals.models import Appeal
from gridcare.chatbot.models import BotMessage, Conversation
from gridcare.chatbot.tests.fakes import fake_matcher  # noqa: F401
from gridcare.contact_centre.models import CallbackRequest, LiveChat

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_matcher")]

NOW = "2026-03-02T10:00:00+03:00"
URL = f"{BASE}/chat/conversations"


def _message(m: BotMessage) -> dict[str, Any]:
    return {
        "id": m.pk,
        "author": m.author,
        "text": m.text,
        "kind": m.kind,
        "options": m.options,
        "created": "2026-03-02T10:00:00+03:00",
    }


@time_machine.travel(NOW, tick=False)
def test_start_post_and_poll_with_exact_json(consumer):
    client = api_client(consumer)
    response = client.post_json(URL, {"channel": "mobile_app"})
    assert response.status_code == 201
    conversation = Conversation.objects.get()
    greeting = conversation.messages.get()
    assert response.json() == {
        "token": conversation.token,
        "channel": "mobile_app",
        "state": "bot",
        "queue_position": None,
        "appeal_number": None,
        "messages": [_message(greeting)],
    }
    answer = client.post_json(
        f"{URL}/{conversation.token}/messages",
        {"text": "Как оформить техприсоединение?"},
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert answer.status_code == 201
    user_message, reply = conversation.messages.order_by("pk")[1:]
    assert answer.json() == {"items": [_message(user_message), _message(reply)]}
    assert reply.article_id == "connection-apply"

    page = client.get(f"{URL}/{conversation.token}/messages?after={greeting.pk}")
    assert page.json() == {
        "count": 2,
        "limit": 20,
        "offset": 0,
        "items": [_message(user_message), _message(reply)],
    }


def test_a_retried_message_is_answered_once(consumer):
    client = api_client(consumer)
    token = client.post_json(URL, {"channel": "mobile_app"}).json()["token"]
    first = client.post_json(
        f"{URL}/{token}/messages", {"text": "привет"}, HTTP_IDEMPOTENCY_KEY="same"
    )
    retry = client.post_json(
        f"{URL}/{token}/messages", {"text": "привет"}, HTTP_IDEMPOTENCY_KEY="same"
    )
    assert retry.status_code == first.status_code == 201
    assert retry.content == first.content
    assert retry["Idempotency-Replayed"] == "true"
    assert BotMessage.objects.filter(author="user").count() == 1
    other = client.post_json(
        f"{URL}/{token}/messages", {"text": "пока"}, HTTP_IDEMPOTENCY_KEY="same"
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"


def test_anonymous_conversation_opens_with_its_token_only(db):
    client = api_client()
    token = client.post_json(URL, {"channel": "api"}).json()["token"]
    assert client.get(f"{URL}/{token}").status_code == 200
    missing = client.get(f"{URL}/not-a-token")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {
            "code": "not_found",
            "message": "Разговор не найден.",
            "details": None,
        }
    }


def test_a_consumers_conversation_is_hidden_from_others(consumer, other_consumer):
    token = api_client(consumer).post_json(URL, {}).json()["token"]
    for client in (api_client(other_consumer), api_client()):
        assert client.get(f"{URL}/{token}").status_code == 404
        response = client.post_json(f"{URL}/{token}/messages", {"text": "чужое"})
        assert response.status_code == 404
    assert not BotMessage.objects.filter(text="чужое").exists()


def test_empty_message_is_refused_in_russian(consumer):
    client = api_client(consumer)
    token = client.post_json(URL, {}).json()["token"]
    response = client.post_json(f"{URL}/{token}/messages", {"text": ""})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Поле «text»: не короче 1 символов."


@time_machine.travel(NOW, tick=False)
def test_callback_instead_of_waiting_is_due_in_four_hours(db):
    client = api_client()
    token = client.post_json(URL, {}).json()["token"]
    client.post_json(f"{URL}/{token}/messages", {"text": "соедините с оператором"})
    client.post_json(f"{URL}/{token}/messages", {"text": "Олег, +7 917 555-44-33"})
    chat = LiveChat.objects.get()
    assert chat.status == "waiting"
    assert client.get(f"{URL}/{token}").json()["queue_position"] == 1

    response = client.post_json(
        f"{URL}/{token}/callback",
        {"name": "Олег", "phone": "8 917 555 44 33", "preferred_time": "после 18:00"},
        HTTP_IDEMPOTENCY_KEY="cb-1",
    )
    assert response.status_code == 201
    callback = CallbackRequest.objects.get()
    appeal = Appeal.objects.get()
    assert response.json() == {
        "id": callback.pk,
        "phone": "+79175554433",
        "due_at": "2026-03-02T14:00:00+03:00",
        "appeal_number": appeal.number,
    }
    assert callback.due_at - callback.created_at == timedelta(hours=4)
    assert (appeal.channel, appeal.regime, appeal.contact_phone) == (
        "chatbot",
        "phone_callback",
        "+79175554433",
    )
    chat.refresh_from_db()
    assert chat.status == "closed" and callback.live_chat == chat
    conversation = Conversation.objects.get()
    assert (conversation.state, conversation.appeal) == ("bot", appeal)
    assert [e.action for e in chat.events.order_by("pk")] == [
        "handed_off",
        "left_for_callback",
    ]
    # The conversation is counted once: asking again registers no second appeal.
    client.post_json(
        f"{URL}/{token}/callback", {"name": "Олег", "phone": "+79175554433"}
    )
    assert Appeal.objects.count() == 1 and CallbackRequest.objects.count() == 2


def test_callback_with_a_bad_phone_changes_nothing(db):
    client = api_client()
    token = client.post_json(URL, {}).json()["token"]
    response = client.post_json(
        f"{URL}/{token}/callback", {"name": "Олег", "phone": "12345"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "phone_invalid",
        "message": "Телефон указан неверно: нужен российский номер из 10 цифр после +7.",
        "details": None,
    }
    assert not CallbackRequest.objects.exists() and not Appeal.objects.exists()
    assert timezone.now()
