"""Idempotency-Key handling for create (and every other POST) endpoints.

The first request with a key runs inside a transaction that also stores its response;
a retry with the same key and body gets that stored response (same status, same body);
the same key with a different body or on another operation is refused with 422.
Concurrent duplicates wait on the unique index and then read the stored answer.
Only successful answers are stored: a refused request may be retried with its key."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel

from gridcare.api.models import IdempotentRequest
from gridcare.core.errors import ApplicationError

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotency-Replayed"
KEY_MAX_LENGTH = 128


class IdempotencyKeyReused(ApplicationError):
    """The key was already used for a different request (IETF draft
    httpapi-idempotency-key-header: 422)."""

    status_code = 422

    def __init__(self) -> None:
        super().__init__(
            "Этот Idempotency-Key уже использован для другого запроса.",
            code="idempotency_key_reused",
        )


def idempotency_openapi() -> dict[str, Any]:
    """`openapi_extra` of an operation that honours the Idempotency-Key header."""
    return {
        "parameters": [
            {
                "in": "header",
                "name": KEY_HEADER,
                "required": False,
                "schema": {"type": "string", "maxLength": KEY_MAX_LENGTH},
                "description": "Ключ повтора, например UUID. Повтор с тем же ключом и "
                "телом возвращает первый ответ (тот же код и тело) и ничего не "
                "меняет; тот же ключ с другим телом — ошибка 422.",
            }
        ]
    }


def _scope(request: HttpRequest) -> tuple[object | None, str]:
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return user, ""
    return None, request.META.get("REMOTE_ADDR", "")[:64]


def _as_json(body: Any) -> Any:
    return body.model_dump(mode="json") if isinstance(body, BaseModel) else body


def _body_hash(payload: Any) -> str:
    raw = json.dumps(_as_json(payload), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def _stored(
    *, user: object | None, scope: str, key: str, operation: str, body_hash: str
) -> tuple[int, str] | None:
    """The answer stored for this key, None if there is none; refuse a different
    request under the same key."""
    record = IdempotentRequest.objects.filter(user=user, scope=scope, key=key).first()
    if record is None:
        return None
    if record.operation != operation or record.request_hash != body_hash:
        raise IdempotencyKeyReused()
    return record.status_code, record.response


def _render(request: HttpRequest, status: int, body: Any) -> str:
    from gridcare.api.v1 import api  # the API imports the routers that call this

    if status == 204:
        return ""  # "No Content" carries no body, not even `null`
    return str(api.renderer.render(request, _as_json(body), response_status=status))


def _run(
    request: HttpRequest,
    *,
    operation: str,
    payload: Any,
    create: Callable[[], tuple[int, Any]],
) -> tuple[int, str, bool]:
    """Return (status, rendered JSON body, whether it is a replay)."""
    key = request.headers.get(KEY_HEADER, "").strip()
    if not key:
        with transaction.atomic():
            status, body = create()
        return status, _render(request, status, body), False
    if len(key) > KEY_MAX_LENGTH:
        raise ApplicationError(
            f"Idempotency-Key длиннее {KEY_MAX_LENGTH} символов.",
            code="idempotency_key_invalid",
        )
    user, scope = _scope(request)
    lookup = {
        "user": user,
        "scope": scope,
        "key": key,
        "operation": operation,
        "body_hash": _body_hash(payload),
    }
    previous = _stored(**lookup)
    if previous is not None:
        return (*previous, True)
    try:
        with transaction.atomic():
            status, body = create()
            text = _render(request, status, body)
            IdempotentRequest.objects.create(
                user=user,  # type: ignore[misc]
                scope=scope,
                key=key,
                operation=operation,
                request_hash=lookup["body_hash"],
                status_code=status,
                response=text,
            )
            return status, text, False
    except IntegrityError:
        # A concurrent request with the same key committed first: this one's work was
        # rolled back with the failed insert; answer as the first one did.
        previous = _stored(**lookup)
        if previous is None:
            raise
        return (*previous, True)


def run_idempotent(
    request: HttpRequest,
    *,
    operation: str,
    payload: Any,
    create: Callable[[], tuple[int, Any]],
) -> tuple[int, Any]:
    """Run `create` once per (caller, Idempotency-Key); return (status, JSON body).

    `payload` is everything that identifies the request (path ids and the body);
    `create` returns (status, schema or JSON-ready body) and runs in a transaction."""
    status, text, _replayed = _run(
        request, operation=operation, payload=payload, create=create
    )
    return status, json.loads(text) if text else None


def idempotent_response(
    request: HttpRequest,
    *,
    operation: str,
    payload: Any,
    create: Callable[[], tuple[int, Any]],
) -> HttpResponse:
    """`run_idempotent` rendered as the response: the first answer and every replay
    are the same bytes; a replay carries `Idempotency-Replayed: true`."""
    status, text, replayed = _run(
        request, operation=operation, payload=payload, create=create
    )
    response = HttpResponse(
        text, status=status, content_type="application/json; charset=utf-8"
    )
    if replayed:
        response[REPLAYED_HEADER] = "true"
    return response
