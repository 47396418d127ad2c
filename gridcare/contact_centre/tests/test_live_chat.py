"""Live chat without sockets: queues by competence, capacity, the longest-idle
specialist, registering a chat as an appeal, and the console page's refusals."""

from typing import Any

import pytest
from django.test import Client

from gridcare.accounts.models import Competence, Role, User
from gridcare.appeals.models import Appeal
from gridcare.conftest import PASSWORD
from gridcare.contact_centre.models import ChatSetting, LiveChat
from gridcare.contact_centre.services import (
    HandoffInput,
    chat_accept,
    chat_handoff,
    chat_message_post,
    chat_to_appeal,
    specialist_presence_change,
)
from gridcare.core.errors import ConflictError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def _handoff(
    consumer: Any, topic: str = "metering", question: str = "Вопрос"
) -> LiveChat:
    return chat_handoff(
        data=HandoffInput(topic=topic, question=question, user=consumer)
    )


def _login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_waiting_chat_goes_to_a_specialist_of_the_topic_who_comes_online(
    consumer, specialist, other_specialist
):
    chat = _handoff(consumer)
    assert chat.status == "waiting" and chat.specialist is None
    specialist_presence_change(user=other_specialist, online=True)  # «ТП» only
    chat.refresh_from_db()
    assert chat.status == "waiting"
    specialist_presence_change(user=specialist, online=True)
    chat.refresh_from_db()
    assert (chat.status, chat.specialist) == ("active", specialist)


def test_the_longest_idle_specialist_with_free_capacity_gets_the_next_chat(
    consumer, specialist, branch
):
    second = User.objects.create_user(
        email="second@gridcare.test",
        password=PASSWORD,
        role=Role.SPECIALIST,
        branch=branch,
        competences=[Competence.METERING],
    )
    ChatSetting.objects.update_or_create(pk=1, defaults={"max_chats_per_specialist": 1})
    specialist_presence_change(user=specialist, online=True)
    specialist_presence_change(user=second, online=True)
    first_chat, second_chat, third_chat = (_handoff(consumer) for _ in range(3))
    assert {first_chat.specialist, second_chat.specialist} == {specialist, second}
    assert (third_chat.status, third_chat.specialist) == ("waiting", None)
    with pytest.raises(ConflictError):
        chat_accept(actor=specialist, chat=third_chat)


def test_a_specialist_cannot_take_a_chat_outside_their_queues(
    consumer, other_specialist
):
    chat = _handoff(consumer)
    with pytest.raises(PermissionDeniedError):
        chat_accept(actor=other_specialist, chat=chat)
    chat.refresh_from_db()
    assert chat.status == "waiting"


def test_register_the_chat_as_an_appeal_once(consumer, specialist):
    chat = _handoff(consumer, question="Не приходит счёт")
    chat_accept(actor=specialist, chat=chat)
    chat_message_post(chat=chat, author="person", text="Счёт не пришёл за март")
    appeal = chat_to_appeal(actor=specialist, chat=chat, text="Проверить начисления")
    assert (appeal.channel, appeal.topic, appeal.status, appeal.registered_by) == (
        "chatbot",
        "metering",
        "registered",
        specialist,
    )
    assert appeal.text.startswith("Проверить начисления\n\n")
    assert "Потребитель: Счёт не пришёл за март" in appeal.text
    assert (
        chat.messages.last().text
        == f"Ваше обращение зарегистрировано, номер {appeal.number}."
    )
    with pytest.raises(ConflictError):
        chat_to_appeal(actor=specialist, chat=chat)
    assert Appeal.objects.count() == 1


def test_console_shows_own_chats_and_refuses_others(
    consumer, specialist, other_specialist, analyst
):
    chat = _handoff(consumer, question="Счётчик гудит")
    page = _login(specialist).get(f"/staff/chats/?chat={chat.pk}")
    assert page.status_code == 200
    assert (
        "Счётчик гудит" in page.content.decode()
        or "Принять чат" in page.content.decode()
    )
    assert (
        _login(other_specialist).get(f"/staff/chats/?chat={chat.pk}").status_code == 404
    )
    assert _login(analyst).get("/staff/chats/").status_code == 403
    assert _login(consumer).get("/staff/chats/").status_code == 403


def test_console_accept_and_reply_by_plain_forms(consumer, specialist):
    chat = _handoff(consumer)
    client = _login(specialist)
    client.post(f"/staff/chats/{chat.pk}/accept/")
    response = client.post(f"/staff/chats/{chat.pk}/message/", {"text": "Добрый день!"})
    assert response.status_code == 302
    chat.refresh_from_db()
    assert chat.status == "active"
    assert list(chat.messages.values_list("author", "text")) == [
        ("specialist", "Добрый день!")
    ]
    refused = client.post(
        f"/staff/chats/{chat.pk}/message/", {"text": "  "}, follow=True
    )
    assert "Напишите сообщение." in refused.content.decode()
    assert chat.messages.count() == 1
