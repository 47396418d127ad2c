"""Desk and wallboard sockets: an operator's desk hears of their offered call, the
wallboard gets new figures after each change (after commit), status changes come in
over the desk socket; people without the right are turned away."""

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter

from gridcare.chatbot.tests.socket_client import WebsocketClient
from gridcare.contact_centre.models import OperatorProfile, RoutingRule
from gridcare.contact_centre.services import interaction_enqueue, operator_status_set
from gridcare.contact_centre.sockets import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TIMEOUT = 30


def _app() -> Any:
    return URLRouter(websocket_urlpatterns)


async def _connect(url: str, user: Any) -> WebsocketClient:
    client = WebsocketClient(_app(), url, user)
    connected, _code = await client.connect(timeout=TIMEOUT)
    assert connected
    return client


async def _next(client: WebsocketClient, kind: str) -> dict[str, Any]:
    while True:
        frame = await client.receive_json_from(timeout=TIMEOUT)
        if frame.get("type") == kind:
            return frame


async def _scenario(operator: Any, supervisor: Any) -> dict[str, Any]:
    board = await _connect("/ws/staff/wallboard/", supervisor)
    first = await _next(board, "wallboard")
    desk = await _connect("/ws/staff/desk/", operator)

    await database_sync_to_async(operator_status_set)(operator, "ready")
    on_ready = await _next(desk, "desk")
    after_ready = await _next(board, "wallboard")

    await database_sync_to_async(interaction_enqueue)(
        external_id="sock-1", caller="+79170000009", topic="metering"
    )
    offered = await _next(desk, "desk")
    after_call = await _next(board, "wallboard")

    await desk.send_json_to({"type": "status", "status": "break"})
    on_break = await _next(board, "wallboard")
    await desk.send_json_to({"type": "status", "status": "sleeping"})
    error = await _next(desk, "error")

    # A chat (the same engine) waits while the only operator is on a break.
    await database_sync_to_async(interaction_enqueue)(
        kind="chat", external_id="sock-chat", caller="", topic="metering"
    )
    after_chat = await _next(board, "wallboard")

    await desk.disconnect()
    await board.disconnect()
    return {
        "first": first["board"]["operators"],
        "on_ready": on_ready,
        "after_ready": after_ready["board"]["operators"]["ready"],
        "offered": offered,
        "after_call": after_call["board"]["total"]["waiting"],
        "on_break": on_break["board"]["operators"],
        "error": error,
        "after_chat": after_chat["board"]["total"]["chats"],
    }


def test_desk_and_wallboard_frames(operator: Any, supervisor: Any) -> None:
    RoutingRule.objects.all().delete()

    frames = async_to_sync(_scenario)(operator, supervisor)

    assert frames["first"]["ready"] == 0
    assert frames["on_ready"] == {"type": "desk", "reason": "status"}
    assert frames["after_ready"] == 1
    assert frames["offered"] == {"type": "desk", "reason": "offered"}
    assert frames["after_call"] == 1
    assert (frames["on_break"]["break"], frames["on_break"]["ready"]) == (1, 0)
    assert frames["error"] == {
        "type": "error",
        "message": "Неизвестный статус оператора.",
    }
    assert OperatorProfile.objects.get(user=operator).status == "break"
    assert frames["after_chat"]["waiting"] == 1


async def _refused(url: str, user: Any) -> Any:
    client = WebsocketClient(_app(), url, user)
    connected, code = await client.connect(timeout=TIMEOUT)
    return connected, code


def test_sockets_refuse_people_without_the_right(
    operator: Any, consumer: Any, analyst: Any
) -> None:
    assert async_to_sync(_refused)("/ws/staff/wallboard/", operator) == (False, 4403)
    assert async_to_sync(_refused)("/ws/staff/desk/", consumer) == (False, 4403)
    assert async_to_sync(_refused)("/ws/staff/desk/", analyst) == (False, 4403)
