"""Writes of telephony: PBX keys and the call-event service every interface uses (the
HTTP call-event API, the Asterisk AMI bridge, the IVR engine, the simulation).

`call_event_record` stores each event once per (PBX, event id), moves the call's
status (`CALL_TRANSITIONS`), writes the event row as the call's history and feeds the
contact centre (`centre.py`)."""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.models import User
from gridcare.contact_centre.models import ChatTopic
from gridcare.core.errors import ApplicationError
from gridcare.core.text import normalize_phone
from gridcare.telephony import centre
from gridcare.telephony.models import (
    Call,
    CallEvent,
    CallEventType,
    CallStatus,
    HandledBy,
    OperatorExtension,
    Pbx,
)

logger = logging.getLogger("gridcare.telephony")

# Which status each event moves the call to; an event of an ended call is stored in
# the history but moves nothing (PBXs send stragglers after the hang-up).
EVENT_STATUS: dict[str, str] = {
    CallEventType.NEW: CallStatus.RINGING,
    CallEventType.IVR_ENTERED: CallStatus.IVR,
    CallEventType.IVR_LEFT: CallStatus.RINGING,
    CallEventType.QUEUE_ENTERED: CallStatus.QUEUED,
    CallEventType.ANSWERED: CallStatus.TALKING,
    CallEventType.TRANSFERRED: CallStatus.QUEUED,
    CallEventType.HANGUP: CallStatus.ENDED,
}


# ---- PBX keys --------------------------------------------------------------------


def pbx_create(
    *, name: str, queue_topics: dict[str, str] | None = None
) -> tuple[Pbx, str]:
    """Register a PBX and return it with its key (shown once; only the hash is kept)."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Укажите название АТС."), code="name_required")
    if Pbx.objects.filter(name=name).exists():
        raise ApplicationError(
            _("АТС «%(name)s» уже зарегистрирована.") % {"name": name},
            code="pbx_exists",
        )
    key = Pbx.generate_key()
    pbx = Pbx.objects.create(
        name=name,
        key_hash=Pbx.hash_key(key),
        key_prefix=key[:8],
        queue_topics=queue_topics or {},
    )
    return pbx, key


def pbx_for_key(key: str) -> Pbx | None:
    """The active PBX with this key, or None."""
    if not key:
        return None
    return Pbx.objects.filter(key_hash=Pbx.hash_key(key), is_active=True).first()


# ---- call events -------------------------------------------------------------------


@dataclass
class CallEventInput:
    """A call event as any PBX reports it."""

    event_id: str
    type: str
    call_id: str
    at: datetime | None = None
    caller: str = ""
    called: str = ""
    queue: str = ""
    operator: str = ""
    recording_ref: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class CallEventResult:
    call: Call
    event: CallEvent
    duplicate: bool


def topic_for_queue(pbx: Pbx, queue: str) -> str:
    """The contact-centre topic of a PBX queue name (unknown → «general»)."""
    queue = (queue or "").strip()
    if queue in ChatTopic.values:
        return queue
    topic = (pbx.queue_topics or {}).get(queue, "")
    return topic if topic in ChatTopic.values else ChatTopic.GENERAL


def _operator_for(pbx: Pbx, operator: str) -> User | None:
    operator = (operator or "").strip()
    if not operator:
        return None
    link = (
        OperatorExtension.objects.select_related("user")
        .filter(pbx=pbx, extension=operator)
        .first()
    )
    if link is not None:
        return link.user
    return User.objects.filter(email__iexact=operator, is_active=True).first()


def _clean(data: CallEventInput) -> None:
    if data.type not in CallEventType.values:
        raise ApplicationError(
            _("Неизвестный тип события: %(type)s.") % {"type": data.type},
            code="event_type_invalid",
        )
    data.event_id = (data.event_id or "").strip()
    data.call_id = (data.call_id or "").strip()
    if not data.event_id or len(data.event_id) > 128:
        raise ApplicationError(
            _("Нужен идентификатор события (до 128 символов)."),
            code="event_id_invalid",
        )
    if not data.call_id or len(data.call_id) > 64:
        raise ApplicationError(
            _("Нужен идентификатор звонка (до 64 символов)."), code="call_id_invalid"
        )
    if data.at is not None and timezone.is_naive(data.at):
        raise ApplicationError(
            _("Время события нужно с часовым поясом."), code="at_naive"
        )


def _number(raw: str) -> str:
    return normalize_phone(raw) or (raw or "").strip()[:32]


def _call_for(pbx: Pbx, data: CallEventInput, at: datetime) -> Call:
    call, _created = Call.objects.select_for_update().get_or_create(
        pbx=pbx,
        external_id=data.call_id,
        defaults={
            "caller": _number(data.caller),
            "called": _number(data.called),
            "started_at": at,
        },
    )
    return call


def _apply(pbx: Pbx, call: Call, data: CallEventInput, at: datetime) -> list[str]:
    """Move the call by the event; return the changed fields."""
    kind = data.type
    changed: list[str] = []
    if call.status == CallStatus.ENDED:
        return changed
    if not call.caller and data.caller:
        call.caller = _number(data.caller)
        changed.append("caller")
    if kind in (CallEventType.QUEUE_ENTERED, CallEventType.TRANSFERRED):
        call.queue = (data.queue or "")[:64]
        call.topic = topic_for_queue(pbx, data.queue)
        # The wait is counted from the first queue; a transfer keeps it.
        call.queued_at = call.queued_at or at
        if kind == CallEventType.TRANSFERRED:
            call.operator = None
        changed += ["queue", "topic", "queued_at", "operator"]
    elif kind == CallEventType.ANSWERED:
        call.operator = _operator_for(pbx, data.operator) or call.operator
        call.answered_at = call.answered_at or at
        changed += ["operator", "answered_at"]
    elif kind == CallEventType.HANGUP:
        call.ended_at = at
        call.recording_ref = (data.recording_ref or call.recording_ref)[:255]
        call.handled_by = _handled_by(call)
        changed += ["ended_at", "recording_ref", "handled_by"]
    call.status = EVENT_STATUS[kind]
    changed.append("status")
    return changed


def _handled_by(call: Call) -> str:
    """How the call ended: an operator answered it; it left an operator queue
    unanswered; otherwise it ended in the voice menu — handled automatically."""
    if call.answered_at is not None:
        return HandledBy.OPERATOR
    if call.queued_at is not None:
        return HandledBy.ABANDONED
    return HandledBy.IVR


def _feed_centre(call: Call, kind: str, at: datetime) -> None:
    if kind in (CallEventType.QUEUE_ENTERED, CallEventType.TRANSFERRED):
        centre.call_enqueue(call=call, topic=call.topic, at=at)
    elif kind == CallEventType.ANSWERED:
        centre.call_answer(call=call, at=at)
    elif kind == CallEventType.HANGUP:
        centre.call_end(
            call=call, at=at, abandoned=call.handled_by == HandledBy.ABANDONED
        )


def call_event_record(*, pbx: Pbx, data: CallEventInput) -> CallEventResult:
    """Record one call event from `pbx`: store it once per (PBX, event id), move the
    call and feed the contact centre. A repeated event id returns the first result and
    changes nothing."""
    _clean(data)
    previous = _previous(pbx, data.event_id)
    if previous is not None:
        return previous
    at = data.at or timezone.now()
    try:
        with transaction.atomic():
            call = _call_for(pbx, data, at)
            from_status = call.status
            ended_before = from_status == CallStatus.ENDED
            changed = _apply(pbx, call, data, at)
            if changed:
                call.save(update_fields=sorted(set(changed)))
            event = CallEvent.objects.create(
                pbx=pbx,
                call=call,
                event_id=data.event_id,
                type=data.type,
                at=at,
                from_status=from_status,
                to_status=call.status,
                data=_event_data(data),
            )
            if not ended_before:
                _feed_centre(call, data.type, at)
    except IntegrityError:
        # The same event posted twice at once: the other request stored it first.
        previous = _previous(pbx, data.event_id)
        if previous is None:
            raise
        return previous
    return CallEventResult(call=call, event=event, duplicate=False)


def _previous(pbx: Pbx, event_id: str) -> CallEventResult | None:
    event = (
        CallEvent.objects.select_related("call")
        .filter(pbx=pbx, event_id=event_id)
        .first()
    )
    if event is None:
        return None
    return CallEventResult(call=event.call, event=event, duplicate=True)


def _event_data(data: CallEventInput) -> dict[str, Any]:
    values = {
        "caller": data.caller,
        "called": data.called,
        "queue": data.queue,
        "operator": data.operator,
        "recording_ref": data.recording_ref,
    }
    result = {k: v for k, v in values.items() if v}
    if data.data:
        result["extra"] = data.data
    return result


def call_mark_self_service(*, call: Call, action: str) -> None:
    """Note the self-service action the voice menu completed for the call."""
    call.self_service = action[:32]
    call.save(update_fields=["self_service"])
