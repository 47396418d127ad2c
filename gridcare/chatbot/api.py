"""The chat with Алсу over HTTP (mounted at /api/v1/chat): what the mobile app and the
portal widget use. Anonymous callers are let through: a conversation's token is the
visitor's key; a logged-in person's conversation opens only for them (404 otherwise).
Every POST takes an Idempotency-Key, so a retried message is answered once."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router

from gridcare.api.auth import optional_auth
from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.chatbot.messages import message_payload
from gridcare.chatbot.models import Conversation
from gridcare.chatbot.schemas import (
    CallbackIn,
    CallbackOut,
    ChatMessageOut,
    ConversationOut,
    ConversationStartIn,
    MessageIn,
    MessagePageOut,
    NewMessagesOut,
)
from gridcare.chatbot.selectors import conversation_get_for_user, conversation_messages
from gridcare.chatbot.services import (
    conversation_callback,
    conversation_close,
    conversation_post,
    conversation_start,
)
from gridcare.contact_centre.selectors import queue_position

router = Router(tags=["Чат-бот"], auth=optional_auth)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _conversation_out(conversation: Conversation) -> dict[str, Any]:
    chat = conversation.live_chat
    return {
        "token": conversation.token,
        "channel": conversation.channel,
        "state": conversation.state,
        "queue_position": queue_position(chat) if chat else None,
        "appeal_number": conversation.appeal.number if conversation.appeal_id else None,
        "messages": [
            message_payload(m)
            for m in conversation.messages.order_by("created_at", "pk")
        ],
    }


@router.post(
    "/conversations",
    response={201: ConversationOut, **errors(400, 422)},
    operation_id="start_conversation",
    openapi_extra=idempotency_openapi(),
)
def start_conversation(
    request: HttpRequest, payload: ConversationStartIn
) -> HttpResponse:
    """Начать разговор с Алсу; ответ содержит ключ разговора и приветствие."""

    def create() -> tuple[int, Any]:
        conversation = conversation_start(user=_user(request), channel=payload.channel)
        return 201, _conversation_out(conversation)

    return idempotent_response(
        request, operation="start_conversation", payload=payload, create=create
    )


@router.get(
    "/conversations/{token}",
    response={200: ConversationOut, **errors(404)},
    operation_id="get_conversation",
)
def get_conversation(request: HttpRequest, token: str) -> dict[str, Any]:
    """Разговор целиком: состояние, место в очереди, сообщения."""
    return _conversation_out(
        conversation_get_for_user(user=_user(request), token=token)
    )


@router.get(
    "/conversations/{token}/messages",
    response={200: MessagePageOut, **errors(404, 422)},
    operation_id="list_messages",
)
def list_messages(
    request: HttpRequest, token: str, page: Query[PageIn], after: int = 0
) -> dict[str, Any]:
    """Сообщения после `after` (id последнего полученного) — для опроса без websocket."""
    conversation = conversation_get_for_user(user=_user(request), token=token)
    result = paginate(conversation_messages(conversation, after_id=after), page)
    result["items"] = [message_payload(m) for m in result["items"]]
    return result


@router.post(
    "/conversations/{token}/messages",
    response={201: NewMessagesOut, **errors(400, 404, 409, 422)},
    operation_id="post_message",
    openapi_extra=idempotency_openapi(),
)
def post_message(request: HttpRequest, token: str, payload: MessageIn) -> HttpResponse:
    """Отправить сообщение: ответ содержит его и ответы бота (или уходит специалисту)."""
    conversation = conversation_get_for_user(user=_user(request), token=token)

    def create() -> tuple[int, Any]:
        new = conversation_post(conversation=conversation, text=payload.text)
        return 201, {"items": [message_payload(m) for m in new]}

    return idempotent_response(
        request,
        operation=f"post_message:{token}",
        payload=payload,
        create=create,
    )


@router.post(
    "/conversations/{token}/callback",
    response={201: CallbackOut, **errors(400, 404, 409, 422)},
    operation_id="request_callback",
    openapi_extra=idempotency_openapi(),
)
def request_callback(
    request: HttpRequest, token: str, payload: CallbackIn
) -> HttpResponse:
    """Заказать обратный звонок вместо ожидания: перезвоним в течение 4 часов."""
    conversation = conversation_get_for_user(user=_user(request), token=token)

    def create() -> tuple[int, Any]:
        callback = conversation_callback(
            conversation=conversation,
            name=payload.name,
            phone=payload.phone,
            preferred_time=payload.preferred_time,
        )
        return 201, {
            "id": callback.pk,
            "phone": callback.phone,
            "due_at": timezone.localtime(callback.due_at).isoformat(timespec="seconds"),
            "appeal_number": callback.appeal.number if callback.appeal_id else None,
        }

    return idempotent_response(
        request, operation=f"request_callback:{token}", payload=payload, create=create
    )


@router.post(
    "/conversations/{token}/close",
    response={200: ConversationOut, **errors(404)},
    operation_id="close_conversation",
)
def close_conversation(request: HttpRequest, token: str) -> dict[str, Any]:
    """Завершить разговор (и чат со специалистом, если он идёт)."""
    conversation = conversation_get_for_user(user=_user(request), token=token)
    conversation = conversation_close(conversation=conversation)
    return _conversation_out(
        conversation_get_for_user(user=_user(request), token=conversation.token)
    )


__all__ = ["ChatMessageOut", "router"]
