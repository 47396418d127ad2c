"""Websocket handlers of the contact centre: the specialists' chat console, the
operator desk and the supervisors' wallboard.

`ws/staff/chats/` — a specialist joins the groups of their queues (new waiting chats)
and their own group (assigned chats, messages of their chats); they may accept, write
and close through it.

`ws/staff/desk/` — an operator joins their desk group; services send `desk` frames
(a call offered, answered, ended, a status change) and the page reloads its panel.
Accepts `{"type": "status", "status": "ready"|"break"|…}`.

`ws/staff/wallboard/` — supervisors (REPORT_VIEW) get the figures at once and a
`wallboard` frame with new figures after every interaction or status change. Handlers authenticate by session, parse and call one service;
services push after commit, through the channel layer (Redis in production), so every
server process hears the same events."""

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.urls import path

from gridcare.accounts.roles import has_right
from gridcare.contact_centre.models import ChatMessage
from gridcare.contact_centre.notices import (
    WALLBOARD_GROUP,
    desk_group,
    specialist_group,
    topic_group,
)
from gridcare.contact_centre.selectors import (
    CONSOLE_RIGHT,
    chat_topics_for,
    live_chat_get_for_staff,
)
from gridcare.contact_centre.services import (
    chat_accept,
    chat_close,
    chat_message_post,
    operator_status_set,
    specialist_presence_change,
)
from gridcare.contact_centre.wallboard import (
    WALLBOARD_RIGHT,
    wallboard_get,
    wallboard_payload,
)
from gridcare.core.errors import ApplicationError


def _act(user: Any, data: dict[str, Any]) -> None:
    chat = live_chat_get_for_staff(user=user, chat_id=int(data.get("chat_id") or 0))
    action = data.get("type")
    if action == "accept":
        chat_accept(actor=user, chat=chat)
    elif action == "message":
        chat_message_post(
            chat=chat,
            author=ChatMessage.Author.SPECIALIST,
            text=str(data.get("text") or ""),
            user=user,
        )
    elif action == "close":
        chat_close(chat=chat, actor=user)
    else:
        raise ApplicationError("Неизвестное действие.", code="bad_action")


class StaffChatSocket(AsyncJsonWebsocketConsumer):
    groups_joined: list[str]

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not has_right(user, CONSOLE_RIGHT):
            await self.close(code=4403)
            return
        self.user = user
        topics = await database_sync_to_async(chat_topics_for)(user)
        self.groups_joined = [topic_group(t) for t in topics] + [
            specialist_group(user.pk)
        ]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await database_sync_to_async(specialist_presence_change)(user=user, online=True)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        if hasattr(self, "user"):
            await database_sync_to_async(specialist_presence_change)(
                user=self.user, online=False
            )

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        try:
            await database_sync_to_async(_act)(self.user, content)
        except (ApplicationError, ValueError, TypeError) as exc:
            message = getattr(exc, "message", "Некорректный запрос.")
            await self.send_json({"type": "error", "message": message})

    async def chat_event(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])


def _status(user: Any, data: dict[str, Any]) -> None:
    if data.get("type") != "status":
        raise ApplicationError("Неизвестное действие.", code="bad_action")
    operator_status_set(user, str(data.get("status") or ""))


class DeskSocket(AsyncJsonWebsocketConsumer):
    """One operator's desk: `desk` frames from the services; status changes in."""

    group = ""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not has_right(user, CONSOLE_RIGHT):
            await self.close(code=4403)
            return
        self.user = user
        self.group = desk_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        try:
            await database_sync_to_async(_status)(self.user, content)
        except ApplicationError as exc:
            await self.send_json({"type": "error", "message": exc.message})

    async def chat_event(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])


def _board() -> dict[str, Any]:
    return wallboard_payload(wallboard_get())


class WallboardSocket(AsyncJsonWebsocketConsumer):
    """The supervisors' wallboard: the figures now, then after every change."""

    joined = False

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not has_right(user, WALLBOARD_RIGHT):
            await self.close(code=4403)
            return
        await self.channel_layer.group_add(WALLBOARD_GROUP, self.channel_name)
        self.joined = True
        await self.accept()
        board = await database_sync_to_async(_board)()
        await self.send_json({"type": "wallboard", "board": board})

    async def disconnect(self, code: int) -> None:
        if self.joined:
            await self.channel_layer.group_discard(WALLBOARD_GROUP, self.channel_name)

    async def chat_event(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])


websocket_urlpatterns = [
    path("ws/staff/chats/", StaffChatSocket.as_asgi()),
    path("ws/staff/desk/", DeskSocket.as_asgi()),
    path("ws/staff/wallboard/", WallboardSocket.as_asgi()),
]
