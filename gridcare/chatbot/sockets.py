"""The person's side of a conversation: `ws/chat/<token>/` delivers Алсу's replies,
the specialist's messages and the place in the queue; a message sent through it is
the same as POSTing it. Services push after commit through the channel layer."""

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.urls import path

from gridcare.chatbot.selectors import conversation_get_for_user
from gridcare.chatbot.services import conversation_post
from gridcare.contact_centre.notices import conversation_group
from gridcare.core.errors import ApplicationError


def _post(user: Any, token: str, text: str) -> None:
    conversation = conversation_get_for_user(user=user, token=token)
    conversation_post(conversation=conversation, text=text)


class ConversationSocket(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.token = str(self.scope["url_route"]["kwargs"]["token"])
        self.user = self.scope.get("user")
        try:
            await database_sync_to_async(conversation_get_for_user)(
                user=self.user, token=self.token
            )
        except ApplicationError:
            await self.close(code=4404)
            return
        self.group = conversation_group(self.token)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "message":
            return
        try:
            await database_sync_to_async(_post)(
                self.user, self.token, str(content.get("text") or "")
            )
        except ApplicationError as exc:
            await self.send_json({"type": "error", "message": exc.message})

    async def chat_event(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])


websocket_urlpatterns = [path("ws/chat/<str:token>/", ConversationSocket.as_asgi())]
