"""Hand-off over websockets: Алсу hands the conversation over, a specialist of that
topic receives the chat (one without the skill does not), messages flow both ways, and
closing it counts the conversation in the registry. With REDIS_URL set, the consumer
and the specialist are served by two separately built ASGI applications with their own
Redis channel-layer connections, as two server processes would be."""

import os
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.routing import URLRouter
from django.urls import path

from gridcare.appeals.models import Appeal
from gridcare.chatbot.models import Conversation
from gridcare.chatbot.services import conversation_start
from gridcare.chatbot.sockets import ConversationSocket
from gridcare.chatbot.tests.fakes import fake_matcher  # noqa: F401
from gridcare.chatbot.tests.socket_client import WebsocketClient
from gridcare.contact_centre.models import LiveChat
from gridcare.contact_centre.sockets import StaffChatSocket

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fake_matcher"),
]

QUESTION = "Счётчик крутится, когда всё выключено"
TIMEOUT = 30


def application(alias: str = "default") -> Any:
    """A freshly built websocket application bound to one channel-layer alias."""

    class Staff(StaffChatSocket):
        channel_layer_alias = alias

    class Person(ConversationSocket):
        channel_layer_alias = alias

    return URLRouter(
        [
            path("ws/staff/chats/", Staff.as_asgi()),
            path("ws/chat/<str:token>/", Person.as_asgi()),
        ]
    )


async def _connect(app: Any, url: str, user: Any) -> WebsocketClient:
    communicator = WebsocketClient(app, url, user)
    connected, _code = await communicator.connect(timeout=TIMEOUT)
    assert connected
    return communicator


async def _until(
    communicator: WebsocketClient, done: Callable[[dict[str, Any]], bool]
) -> list[dict[str, Any]]:
    """Every frame received up to and including the first one `done` accepts."""
    frames = []
    while True:
        frame = await communicator.receive_json_from(timeout=TIMEOUT)
        frames.append(frame)
        if done(frame):
            return frames


def _is_message(author: str) -> Callable[[dict[str, Any]], bool]:
    return lambda f: f.get("type") == "message" and f["message"]["author"] == author


async def _scenario(
    person_app: Any, staff_app: Any, consumer: Any, specialist: Any, other: Any
) -> dict[str, Any]:
    conversation = await database_sync_to_async(conversation_start)(
        user=consumer, channel="portal"
    )
    console = await _connect(staff_app, "/ws/staff/chats/", specialist)
    stranger = await _connect(staff_app, "/ws/staff/chats/", other)
    person = await _connect(person_app, f"/ws/chat/{conversation.token}/", consumer)

    # The bot is unsure and hands over: the «учёт» specialist gets the chat.
    await person.send_json_to({"type": "message", "text": QUESTION})
    assigned = (await _until(console, lambda f: f["type"] == "chat_assigned"))[-1]
    assert assigned["chat"]["topic"] == "metering"
    assert assigned["chat"]["status"] == "active"
    assert assigned["chat"]["specialist_id"] == specialist.pk
    person_frames = await _until(person, lambda f: f.get("state") == "live")
    kinds = [
        (f["message"]["author"], f["message"]["kind"])
        for f in person_frames
        if f["type"] == "message"
    ]
    assert kinds == [("user", ""), ("bot", "handoff"), ("system", "live")]
    chat_id = assigned["chat"]["id"]
    # The specialist without the skill («ТП») hears nothing of it.
    assert await stranger.receive_nothing(timeout=0.5)

    # Specialist → person.
    await console.send_json_to(
        {
            "type": "message",
            "chat_id": chat_id,
            "text": "Здравствуйте! Проверим счётчик.",
        }
    )
    to_person = (await _until(person, _is_message("specialist")))[-1]
    assert to_person["message"]["text"] == "Здравствуйте! Проверим счётчик."
    echo = (await _until(console, lambda f: f["type"] == "chat_message"))[-1]
    assert echo["message"]["author"] == "specialist"

    # Person → specialist.
    await person.send_json_to({"type": "message", "text": "Спасибо, жду"})
    from_person = (await _until(console, lambda f: f["type"] == "chat_message"))[-1]
    assert (from_person["chat_id"], from_person["message"]["author"]) == (
        chat_id,
        "person",
    )
    assert from_person["message"]["text"] == "Спасибо, жду"

    # Closing counts the conversation once as an answered chat-bot appeal.
    await console.send_json_to({"type": "close", "chat_id": chat_id})
    closed = (await _until(console, lambda f: f["type"] == "chat_closed"))[-1]
    assert closed["chat"]["status"] == "closed"
    await _until(person, lambda f: f.get("state") == "closed")
    assert await stranger.receive_nothing(timeout=0.3)
    for communicator in (console, stranger, person):
        await communicator.disconnect()
    return {"conversation_id": conversation.pk, "chat_id": chat_id}


def _check_registry(ids: dict[str, Any], consumer: Any, specialist: Any) -> None:
    chat = LiveChat.objects.get(pk=ids["chat_id"])
    conversation = Conversation.objects.get(pk=ids["conversation_id"])
    appeal = Appeal.objects.get()
    assert (chat.status, chat.specialist, chat.appeal) == ("closed", specialist, appeal)
    assert (conversation.state, conversation.appeal) == ("bot", appeal)
    assert (appeal.channel, appeal.topic, appeal.status) == (
        "chatbot",
        "metering",
        "closed",
    )
    assert appeal.consumer == consumer.consumer
    assert (
        QUESTION in appeal.text
        and "Специалист: Здравствуйте! Проверим счётчик." in appeal.text
    )
    assert (
        appeal.answer_text
        == "Ответ дан специалистом в чате:\nЗдравствуйте! Проверим счётчик."
    )
    assert [(m.author, m.kind) for m in conversation.messages.order_by("pk")] == [
        ("bot", "smalltalk"),
        ("user", ""),
        ("bot", "handoff"),
        ("system", "live"),
        ("specialist", "live"),
        ("user", ""),
        ("system", "live"),
    ]
    assert [e.action for e in chat.events.order_by("pk")] == [
        "handed_off",
        "assigned",
        "closed",
        "counted",
    ]


def test_hand_off_on_the_in_memory_layer(consumer, specialist, other_specialist):
    app = application()
    ids = async_to_sync(_scenario)(app, app, consumer, specialist, other_specialist)
    _check_registry(ids, consumer, specialist)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="нет REDIS_URL")
def test_two_server_processes_on_redis_see_the_same_chat(
    consumer, specialist, other_specialist, settings
):
    layer = settings.CHANNEL_LAYERS["default"]
    assert layer["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    settings.CHANNEL_LAYERS = {"default": layer, "second": dict(layer)}
    channel_layers.backends = {}
    try:
        person_app = application("default")
        staff_app = application("second")  # its own connections: another "process"
        ids = async_to_sync(_scenario)(
            person_app, staff_app, consumer, specialist, other_specialist
        )
    finally:
        channel_layers.backends = {}
    assert channel_layers["default"] is not channel_layers["second"]
    _check_registry(ids, consumer, specialist)
