"""API v1 of written_channels (mounted at /api/v1/written-channels): the partner API
of energy retailers. Authentication is the partner's API key in `X-Api-Key` (only its
hash is stored); a partner sees only the appeals it forwarded (404 for any other)."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.security import APIKeyHeader

from gridcare.api.idempotency import (
    KEY_HEADER,
    KEY_MAX_LENGTH,
    REPLAYED_HEADER,
    IdempotencyKeyReused,
    idempotency_openapi,
)
from gridcare.api.schemas import errors
from gridcare.core.errors import ApplicationError
from gridcare.written_channels.models import PartnerRequest, RetailPartner
from gridcare.written_channels.schemas import PartnerAppealIn, PartnerAppealOut
from gridcare.written_channels.services.partners import (
    PartnerAppealInput,
    partner_appeal_get_for_partner,
    partner_appeal_submit,
    partner_authenticate,
)

router = Router(tags=["Письменные каналы"])


class PartnerKeyAuth(APIKeyHeader):
    """`X-Api-Key: <ключ партнёра>`."""

    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> object | None:
        partner = partner_authenticate(key=key or "")
        if partner is not None:
            request.partner = partner  # type: ignore[attr-defined]
        return partner


PARTNER_AUTH = PartnerKeyAuth()


def _json(status: int, body: Any) -> tuple[int, str]:
    data = body.model_dump(mode="json") if hasattr(body, "model_dump") else body
    return status, json.dumps(data, ensure_ascii=False)


def _respond(status: int, text: str, *, replayed: bool = False) -> HttpResponse:
    response = HttpResponse(
        text, status=status, content_type="application/json; charset=utf-8"
    )
    if replayed:
        response[REPLAYED_HEADER] = "true"
    return response


def _partner_idempotent(
    request: HttpRequest,
    *,
    partner: RetailPartner,
    operation: str,
    payload: Any,
    create: Callable[[], tuple[int, Any]],
) -> HttpResponse:
    """Like the API's Idempotency-Key helper, scoped to the partner (a partner is not
    a user): a retry with the same key and body returns the first answer."""
    key = request.headers.get(KEY_HEADER, "").strip()
    if not key:
        return _respond(*_json(*create()))
    if len(key) > KEY_MAX_LENGTH:
        raise ApplicationError(
            f"Idempotency-Key длиннее {KEY_MAX_LENGTH} символов.",
            code="idempotency_key_invalid",
        )
    body_hash = hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()

    def stored() -> HttpResponse | None:
        record = PartnerRequest.objects.filter(partner=partner, key=key).first()
        if record is None:
            return None
        if record.operation != operation or record.request_hash != body_hash:
            raise IdempotencyKeyReused()
        return _respond(record.status_code, record.response, replayed=True)

    previous = stored()
    if previous is not None:
        return previous
    try:
        with transaction.atomic():
            status, text = _json(*create())
            PartnerRequest.objects.create(
                partner=partner,
                key=key,
                operation=operation,
                request_hash=body_hash,
                status_code=status,
                response=text,
            )
    except IntegrityError:
        previous = stored()
        if previous is None:
            raise
        return previous
    return _respond(status, text)


@router.post(
    "/partner/appeals",
    auth=PARTNER_AUTH,
    response={
        200: PartnerAppealOut,
        201: PartnerAppealOut,
        **errors(400, 401, 422),
    },
    openapi_extra=idempotency_openapi(),
)
def create_partner_appeal(
    request: HttpRequest, payload: PartnerAppealIn
) -> HttpResponse:
    """Передать обращение клиента энергосбыта

    Канал — «Энергосбытовая организация». Ответ 201 — обращение зарегистрировано;
    повтор с тем же `external_id` возвращает уже зарегистрированное (200) и ничего не
    создаёт. Изменения статуса приходят на адрес уведомлений партнёра (POST с
    подписью HMAC-SHA256 в заголовке X-Gridcare-Signature, см. docs/domains/written_channels.md)."""
    partner: RetailPartner = request.auth  # type: ignore[attr-defined]
    body = payload.model_dump(mode="json")

    def create() -> tuple[int, Any]:
        link, created = partner_appeal_submit(
            partner=partner, data=PartnerAppealInput(**body)
        )
        return (201 if created else 200), PartnerAppealOut.from_link(link)

    return _partner_idempotent(
        request,
        partner=partner,
        operation="create_partner_appeal",
        payload=body,
        create=create,
    )


@router.get(
    "/partner/appeals/{appeal_id}",
    auth=PARTNER_AUTH,
    response={200: PartnerAppealOut, **errors(401, 404)},
)
def get_partner_appeal(request: HttpRequest, appeal_id: int) -> PartnerAppealOut:
    """Состояние переданного обращения

    Только обращения, переданные этим партнёром; чужие — 404."""
    link = partner_appeal_get_for_partner(
        partner=request.auth,  # type: ignore[arg-type]
        appeal_id=appeal_id,
    )
    return PartnerAppealOut.from_link(link)
