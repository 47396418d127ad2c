"""Live updates of the staff queue: a back-office page subscribes and is told when an
appeal of its branch changes, so it can refresh (services push after commit)."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.urls import path

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals.notices import queue_group


class StaffQueueSocket(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not has_right(user, Right.APPEAL_VIEW_QUEUE):
            await self.close(code=4403)
            return
        self.group = queue_group(user.branch_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def appeal_changed(self, event: dict[str, object]) -> None:
        await self.send_json(
            {
                "type": "appeal_changed",
                "appeal_id": event["appeal_id"],
                "status": event["status"],
            }
        )


websocket_urlpatterns = [path("ws/staff/queue/", StaffQueueSocket.as_asgi())]
