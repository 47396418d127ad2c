"""Telephony over HTTP (mounted at /api/v1/telephony): the PBX-agnostic call-event API
and the voice-menu webhook. Both authenticate the PBX by its key (header
`X-Telephony-Key`), not a user: a PBX acts for nobody. Events are idempotent by
(PBX, event id); menu steps by (call, step)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import APIKeyHeader

from gridcare.api.errors import AuthenticationFailed
from gridcare.api.schemas import errors
from gridcare.telephony.ivr.engine import ivr_session_get, ivr_session_start, ivr_step
from gridcare.telephony.ivr.instruction import Instruction, IvrInput
from gridcare.telephony.models import Call, IvrSession, Pbx
from gridcare.telephony.schemas import (
    CallEventIn,
    CallEventOut,
    CallOut,
    IvrInstructionOut,
    IvrStepIn,
)
from gridcare.telephony.services import CallEventInput, call_event_record, pbx_for_key

KEY_HEADER = "X-Telephony-Key"


class PbxKeyAuth(APIKeyHeader):
    """`X-Telephony-Key: <key of the PBX>`; the PBX is `request.auth`."""

    param_name = KEY_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> Pbx:
        pbx = pbx_for_key(key or "")
        if pbx is None:
            raise AuthenticationFailed(
                "Неверный или отключённый ключ АТС: передайте его в заголовке "
                f"{KEY_HEADER}.",
                code="pbx_key_invalid",
            )
        return pbx


router = Router(tags=["Телефония и IVR"], auth=PbxKeyAuth())


def _call_out(call: Call) -> dict[str, Any]:
    return CallOut(
        call_id=call.external_id,
        status=call.status,
        handled_by=call.handled_by,
        caller=call.caller,
        called=call.called,
        queue=call.queue,
        topic=call.topic,
        operator_id=call.operator_id,
        self_service=call.self_service,
        started_at=call.started_at,
        queued_at=call.queued_at,
        answered_at=call.answered_at,
        ended_at=call.ended_at,
        recording_ref=call.recording_ref,
    ).model_dump(mode="json")


@router.post(
    "/events",
    response={200: CallEventOut, 201: CallEventOut, **errors(400, 401, 422)},
)
def post_call_event(request: HttpRequest, payload: CallEventIn) -> Status:
    """Принять событие звонка от АТС (new, ivr_entered, ivr_left, queue_entered,
    answered, transferred, hangup).

    201 — событие принято; 200 с `duplicate: true` — событие с этим event_id уже
    было принято, ничего не изменилось."""
    pbx: Pbx = request.auth  # type: ignore[attr-defined]
    result = call_event_record(
        pbx=pbx,
        data=CallEventInput(
            event_id=payload.event_id,
            type=str(payload.type.value),  # type: ignore[attr-defined]
            call_id=payload.call_id,
            at=payload.at,
            caller=payload.caller,
            called=payload.called,
            queue=payload.queue,
            operator=payload.operator,
            recording_ref=payload.recording_ref,
            data=payload.data,
        ),
    )
    body = {
        "duplicate": result.duplicate,
        "event_type": result.event.type,
        "call": _call_out(result.call),
    }
    return Status(200 if result.duplicate else 201, body)


def _instruction_out(session: IvrSession, instruction: Instruction) -> dict[str, Any]:
    return {"call_id": session.call.external_id, **instruction.as_dict()}


@router.post(
    "/ivr/step", response={200: IvrInstructionOut, **errors(400, 401, 404, 409, 422)}
)
def post_ivr_step(request: HttpRequest, payload: IvrStepIn) -> Status:
    """Шаг голосового меню: АТС передаёт ввод звонящего и получает, что делать дальше.

    Первый запрос звонка (без `step`) открывает меню и возвращает приветствие; далее
    АТС передаёт `step` из прошлого ответа и нажатые клавиши (`digits`) или
    распознанную речь (`speech`); пустой ввод — звонящий ничего не ввёл. Ответ:
    фраза `say` и одно из: `gather` (ждать ввода), `transfer` (перевести в очередь),
    `hangup` (завершить). Повтор шага с тем же вводом возвращает ту же инструкцию."""
    pbx: Pbx = request.auth  # type: ignore[attr-defined]
    if payload.step is None:
        session, instruction = ivr_session_start(
            pbx=pbx,
            call_id=payload.call_id,
            caller=payload.caller,
            called=payload.called,
            language=payload.language,
        )
        return Status(200, _instruction_out(session, instruction))
    session = ivr_session_get(pbx=pbx, call_id=payload.call_id)
    instruction = ivr_step(
        session=session,
        entry=IvrInput(digits=payload.digits, speech=payload.speech),
        step=payload.step,
    )
    return Status(200, _instruction_out(session, instruction))
