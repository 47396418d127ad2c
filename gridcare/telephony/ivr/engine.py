"""Execute the voice menu for a call, one step at a time, for any interface (the HTTP
webhook, the FastAGI server, the simulation).

`ivr_session_start` greets a new call; `ivr_step` takes the caller's input for the
current instruction and returns the next one. Each step is logged (`IvrStep`); a PBX
that repeats a step (a lost response) gets the same instruction again and nothing is
done twice. The call's events (new, IVR entered, queue entered, hang-up) go through
the call-event service like any PBX's."""

from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.contact_centre.models import ChatTopic
from gridcare.core.errors import ApplicationError, ConflictError, NotFoundError
from gridcare.telephony.ivr.actions import ACTIONS, Ask, Context, Done
from gridcare.telephony.ivr.instruction import Gather, Instruction, IvrInput
from gridcare.telephony.models import (
    Call,
    CallStatus,
    IvrNode,
    IvrSession,
    IvrStep,
    Pbx,
)
from gridcare.telephony.services import (
    CallEventInput,
    call_event_record,
    call_mark_self_service,
)

MENU_GATHER = Gather(max_digits=1, timeout_seconds=6)


def _prompt(session: IvrSession, node: IvrNode) -> str:
    if session.language == "tt" and node.prompt_tt:
        return node.prompt_tt
    return node.prompt_ru


def _event(call: Call, kind: str, at: datetime, suffix: str = "", **extra: str) -> None:
    call_event_record(
        pbx=call.pbx,
        data=CallEventInput(
            event_id=f"ivr:{call.external_id}:{kind}{suffix}",
            type=kind,
            call_id=call.external_id,
            at=at,
            **extra,
        ),
    )


def ivr_root() -> IvrNode:
    root = IvrNode.objects.filter(is_root=True).first()
    if root is None:
        raise ApplicationError(
            _("Голосовое меню не настроено: нет начального узла."), code="ivr_no_root"
        )
    return root


def ivr_session_start(
    *,
    pbx: Pbx,
    call_id: str,
    caller: str = "",
    called: str = "",
    language: str = "ru",
    at: datetime | None = None,
) -> tuple[IvrSession, Instruction]:
    """Open the voice menu for a call (recording the call if it is new) and return the
    greeting. A repeated start of the same call returns its last instruction."""
    at = at or timezone.now()
    root = ivr_root()
    with transaction.atomic():
        common = {"caller": caller, "called": called}
        call_event_record(
            pbx=pbx,
            data=CallEventInput(
                event_id=f"ivr:{call_id}:new",
                type="new",
                call_id=call_id,
                at=at,
                **common,
            ),
        )
        call = Call.objects.select_for_update().get(pbx=pbx, external_id=call_id)
        session, created = IvrSession.objects.get_or_create(
            call=call,
            defaults={
                "language": language if language in ("ru", "tt") else "ru",
                "started_at": at,
            },
        )
        if not created:
            last = session.steps.order_by("-seq").first()
            if last is not None:
                return session, Instruction.from_dict(last.instruction)
        _event(call, "ivr_entered", at)
        instruction = _enter(session, call, root, at=at)
        return session, _log(session, instruction, node=root, entry=None, at=at)


def ivr_session_get(*, pbx: Pbx, call_id: str) -> IvrSession:
    """The menu session of a call of this PBX (NotFoundError for another PBX's)."""
    session = (
        IvrSession.objects.select_related("call__pbx", "node")
        .filter(call__pbx=pbx, call__external_id=call_id)
        .first()
    )
    if session is None:
        raise NotFoundError(_("Сеанс голосового меню для этого звонка не найден."))
    return session


def ivr_step(
    *,
    session: IvrSession,
    entry: IvrInput,
    step: int | None = None,
    at: datetime | None = None,
) -> Instruction:
    """Answer instruction `step` (default: the last one) with the caller's input and
    return the next instruction."""
    at = at or timezone.now()
    with transaction.atomic():
        session = IvrSession.objects.select_for_update().get(pk=session.pk)
        if step is not None and step < session.step:
            replay = session.steps.filter(seq=step + 1).first()
            if replay is not None and replay.input == entry.as_dict():
                return Instruction.from_dict(replay.instruction)
            raise ConflictError(
                _("Шаг %(step)s голосового меню уже обработан.") % {"step": step},
                code="ivr_step_stale",
            )
        if step is not None and step > session.step:
            raise ConflictError(
                _("Шага %(step)s голосового меню ещё не было.") % {"step": step},
                code="ivr_step_unknown",
            )
        if session.is_finished or session.call.status == CallStatus.ENDED:
            raise ConflictError(
                _("Голосовое меню этого звонка завершено."), code="ivr_finished"
            )
        call = Call.objects.select_related("pbx").get(pk=session.call_id)
        node = session.node
        assert node is not None
        if node.action == IvrNode.Action.MENU:
            instruction = _choose(session, call, node, entry, at)
        else:
            instruction = _act(session, call, node, entry, at)
        return _log(session, instruction, node=node, entry=entry, at=at)


def _log(
    session: IvrSession,
    instruction: Instruction,
    *,
    node: IvrNode,
    entry: IvrInput | None,
    at: datetime,
) -> Instruction:
    session.step += 1
    instruction = replace(instruction, step=session.step)
    session.save(update_fields=["node", "state", "step", "is_finished"])
    IvrStep.objects.create(
        session=session,
        seq=session.step,
        node_code=node.code,
        input=entry.as_dict() if entry else {},
        instruction=instruction.as_dict(),
        at=at,
    )
    return instruction


def _choose(
    session: IvrSession, call: Call, node: IvrNode, entry: IvrInput, at: datetime
) -> Instruction:
    """A menu: the choice by digit, else by a keyword of the speech result."""
    choices = list(node.choices.select_related("target"))
    digit = entry.digits.strip()[:1]
    speech = entry.speech.strip().lower()
    target = next((c.target for c in choices if digit and c.digit == digit), None)
    if target is None and speech:
        target = next(
            (c.target for c in choices if any(w in speech for w in c.keyword_list())),
            None,
        )
    if target is not None:
        return _enter(session, call, target, at=at)
    session.state["retries"] = session.state.get("retries", 0) + 1
    if session.state["retries"] > node.retries:
        return _transfer(
            session,
            call,
            ChatTopic.GENERAL,
            _("Соединяю с оператором, пожалуйста, оставайтесь на линии."),
            at,
        )
    lead = _("Выбор не распознан.") if not entry.is_empty else ""
    return Instruction(
        say=f"{lead} {_prompt(session, node)}".strip(),
        gather=replace(MENU_GATHER, timeout_seconds=node.timeout_seconds),
    )


def _enter(
    session: IvrSession, call: Call, node: IvrNode, *, at: datetime, lead: str = ""
) -> Instruction:
    """Move the caller to `node` and say what it says."""
    session.node = node
    session.state = {}
    prompt = f"{lead} {_prompt(session, node)}".strip()
    action = node.action
    if action == IvrNode.Action.MENU:
        return Instruction(
            say=prompt,
            gather=replace(MENU_GATHER, timeout_seconds=node.timeout_seconds),
        )
    if action == IvrNode.Action.TRANSFER:
        return _transfer(session, call, node.topic or ChatTopic.GENERAL, prompt, at)
    if action == IvrNode.Action.HANGUP:
        session.is_finished = True
        _event(call, "hangup", at)
        return Instruction(say=prompt, hangup=True)
    outcome = ACTIONS[action](Context(call=call, node=node, state=session.state), None)
    return _follow(session, call, node, outcome, at, lead=prompt)


def _act(
    session: IvrSession, call: Call, node: IvrNode, entry: IvrInput, at: datetime
) -> Instruction:
    ctx = Context(call=call, node=node, state=session.state)
    outcome = ACTIONS[node.action](ctx, entry)
    session.state = ctx.state
    return _follow(session, call, node, outcome, at)


def _follow(
    session: IvrSession,
    call: Call,
    node: IvrNode,
    outcome: Ask | Done,
    at: datetime,
    lead: str = "",
) -> Instruction:
    if isinstance(outcome, Ask):
        gather = replace(
            outcome.gather,
            timeout_seconds=max(outcome.gather.timeout_seconds, node.timeout_seconds),
        )
        return Instruction(say=f"{lead} {outcome.say}".strip(), gather=gather)
    if outcome.self_service:
        call_mark_self_service(call=call, action=outcome.self_service)
    said = f"{lead} {outcome.say}".strip()
    if node.next_node is not None:
        return _enter(session, call, node.next_node, at=at, lead=said)
    session.is_finished = True
    _event(call, "hangup", at)
    return Instruction(say=said, hangup=True)


def _transfer(
    session: IvrSession, call: Call, topic: str, say: str, at: datetime
) -> Instruction:
    """Hand the caller to the operator queue of `topic` (the contact centre routes)."""
    session.is_finished = True
    _event(call, "queue_entered", at, suffix=f":{session.step}", queue=topic)
    return Instruction(say=say, transfer_queue=topic)
