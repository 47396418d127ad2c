"""Writes of interactions — calls, chats and written appeals routed to operators.

The contract with telephony (docs/domains/telephony.md): a call entering an operator
queue is `interaction_enqueue`d; the PBX's events move it (`interaction_answered`,
`interaction_transferred`, `interaction_ended`, `interaction_abandoned`);
`route_next` says which operator the engine (routing.py) picks. Every function takes
`at`, so a simulated clock works like the real one.

Each move locks the row, checks `workflow.INTERACTION_TRANSITIONS`, writes an
`InteractionEvent`, moves the operator's status (answered → talking, ended →
wrap-up, wrapped up → ready) and, after commit, pushes to the operator's desk and to
the wallboard."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.models import User
from gridcare.contact_centre.models import (
    ChatTopic,
    Interaction,
    InteractionEvent,
    InteractionKind,
    InteractionStatus,
    Language,
    OperatorProfile,
    OperatorStatus,
    Segment,
    WrapUpCode,
)
from gridcare.contact_centre.notices import (
    WALLBOARD_GROUP,
    desk_group,
    payload_event,
    push_now,
)
from gridcare.contact_centre.routing import (
    held_count,
    interaction_pick_for,
    operator_pick,
    priority_for,
)
from gridcare.contact_centre.services.operators import (
    _lock_profile,
    status_change,
)
from gridcare.contact_centre.workflow import INTERACTION_WAITING
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.core.text import normalize_phone

# ---- pushes ------------------------------------------------------------------------


def push_changes(*operator_ids: int | None, reason: str) -> None:
    """After commit: tell the operators' desks to refresh and the wallboards the new
    figures."""

    def send() -> None:
        from gridcare.contact_centre.wallboard import wallboard_get, wallboard_payload

        for operator_id in {i for i in operator_ids if i}:
            push_now(
                desk_group(operator_id),
                payload_event({"type": "desk", "reason": reason}),
            )
        push_now(
            WALLBOARD_GROUP,
            payload_event(
                {"type": "wallboard", "board": wallboard_payload(wallboard_get())}
            ),
        )

    transaction.on_commit(send)


# ---- helpers -----------------------------------------------------------------------


def _event(
    interaction: Interaction,
    *,
    at: datetime,
    action: str,
    from_status: str = "",
    actor: User | None = None,
    **details: Any,
) -> None:
    InteractionEvent.objects.create(
        interaction=interaction,
        at=at,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=interaction.status,
        details=details,
    )


def _lock(interaction: Interaction) -> Interaction:
    return Interaction.objects.select_for_update().get(pk=interaction.pk)


def _move(interaction: Interaction, to: str) -> str:
    if not interaction.can_move_to(to):
        raise ConflictError(
            _("Обращение уже в статусе «%(status)s».")
            % {"status": interaction.get_status_display()},
            code="invalid_transition",
        )
    old = interaction.status
    interaction.status = to
    return old


def _choice(value: str, choices: list[str], default: str, label: str) -> str:
    value = (value or default).strip()
    if value not in choices:
        raise ApplicationError(
            _("Недопустимое значение поля «%(field)s»: %(value)s.")
            % {"field": label, "value": value},
            code="validation_error",
        )
    return value


# ---- routing -----------------------------------------------------------------------


def _give(interaction: Interaction, operator: User, at: datetime) -> None:
    """Hand a queued interaction to the operator the engine picked: a call is offered
    (the desk rings); a chat or a written appeal is assigned at once."""
    old = interaction.status
    interaction.operator = operator
    if interaction.kind == InteractionKind.CALL:
        interaction.status = InteractionStatus.OFFERED
        interaction.offered_at = at
        fields = ["status", "operator", "offered_at"]
        action = "offered"
    else:
        interaction.status = InteractionStatus.ACTIVE
        interaction.offered_at = interaction.answered_at = at
        fields = ["status", "operator", "offered_at", "answered_at"]
        action = "assigned"
        OperatorProfile.objects.filter(user=operator).update(last_assigned_at=at)
    interaction.save(update_fields=fields)
    _event(interaction, at=at, action=action, from_status=old, operator=operator.pk)
    push_changes(operator.pk, reason=action)
    # The live chat or the written appeal follows its interaction (one path for
    # every assignment, whoever triggered it).
    if interaction.kind == InteractionKind.CHAT:
        from gridcare.contact_centre.services.chat import chat_routed

        chat_routed(interaction, operator)
    elif interaction.kind == InteractionKind.APPEAL:
        from gridcare.contact_centre.services.written import written_routed

        written_routed(interaction, operator)


def _route(interaction: Interaction, at: datetime) -> User | None:
    operator = operator_pick(interaction, at=at)
    if operator is not None:
        _give(interaction, operator, at)
    return operator


def route_next(interaction: Interaction, *, at: datetime | None = None) -> User | None:
    """Return the operator of `interaction`: the one it is offered or assigned to, or
    the one the engine gives a queued interaction now; None when it must wait."""
    at = at or timezone.now()
    with transaction.atomic():
        interaction = _lock(interaction)
        if interaction.status in (InteractionStatus.OFFERED, InteractionStatus.ACTIVE):
            return interaction.operator
        if interaction.status != InteractionStatus.QUEUED:
            return None
        return _route(interaction, at)


def interactions_dispatch(
    *, profile: OperatorProfile, kind: str, at: datetime
) -> list[Interaction]:
    """Give a freed operator the best waiting interactions of `kind` they can take,
    while their capacity allows."""
    given: list[Interaction] = []
    with transaction.atomic():
        while True:
            profile.refresh_from_db(fields=["status"])
            found = interaction_pick_for(profile, kind=kind, at=at)
            if found is None:
                break
            found = _lock(found)
            if found.status != InteractionStatus.QUEUED:
                break
            _give(found, profile.user, at)
            given.append(found)
            if kind == InteractionKind.CALL:
                break
    return given


def interaction_take_next(
    *, profile: OperatorProfile, kind: str, at: datetime | None = None
) -> Interaction | None:
    """The operator asks for the next item of `kind` (the desk's «Взять следующее»):
    the engine's pick for them (priority, then the longest waiting, within their
    skills, overflow and capacity) is given to them; None when there is none."""
    at = at or timezone.now()
    with transaction.atomic():
        found = interaction_pick_for(profile, kind=kind, at=at)
        if found is None:
            return None
        found = _lock(found)
        if found.status != InteractionStatus.QUEUED:
            return None
        _give(found, profile.user, at)
    return found


def interactions_route_waiting(
    *,
    kinds: tuple[str, ...] = (InteractionKind.CHAT, InteractionKind.APPEAL),
    at: datetime | None = None,
) -> list[Interaction]:
    """Try again to give every waiting chat and written appeal to an operator (the
    highest priority, then the longest waiting, first): overflow rules widen the
    queue once their waiting time has passed, so a periodic run moves items on.
    Calls are routed by the PBX (`route_next`), not here."""
    at = at or timezone.now()
    given: list[Interaction] = []
    waiting = Interaction.objects.filter(
        kind__in=kinds, status=InteractionStatus.QUEUED, queued_at__lte=at
    ).order_by("-priority", "queued_at", "pk")
    for interaction in waiting:
        with transaction.atomic():
            interaction = _lock(interaction)
            if interaction.status != InteractionStatus.QUEUED:
                continue
            if _route(interaction, at) is not None:
                given.append(interaction)
    return given


def offered_return_to_queue(*, operator: User, at: datetime) -> None:
    """Put calls offered to `operator` (who is leaving) back into the queue."""
    for interaction in Interaction.objects.select_for_update().filter(
        operator=operator, status=InteractionStatus.OFFERED
    ):
        old = _move(interaction, InteractionStatus.QUEUED)
        interaction.operator = None
        interaction.offered_at = None
        interaction.save(update_fields=["status", "operator", "offered_at"])
        _event(interaction, at=at, action="returned", from_status=old)
        _route(interaction, at)


# ---- the contract with telephony ---------------------------------------------------


def interaction_for_external_id(kind: str, external_id: str) -> Interaction | None:
    """Return the interaction of a source system's id (a PBX call), if any."""
    return Interaction.objects.filter(kind=kind, external_id=external_id).first()


def interaction_enqueue(
    *,
    kind: str = InteractionKind.CALL,
    external_id: str,
    caller: str,
    topic: str,
    segment: str = Segment.INDIVIDUAL,
    language: str = Language.RUSSIAN,
    priority: int = 0,
    queued_at: datetime | None = None,
    route: bool = True,
) -> Interaction:
    """Put a call, a chat or a written appeal into the queue of `topic` and give it
    to an operator at once if the engine finds one (unless `route` is False: another
    router has already given it, the caller records who).

    Idempotent by (kind, external_id): a repeated event returns the first
    interaction. An unknown topic goes to «Общие»; the priority is the given base
    plus the boosts of routing.priority_for."""
    kind = _choice(kind, InteractionKind.values, InteractionKind.CALL, "вид")
    segment = _choice(segment, Segment.values, Segment.INDIVIDUAL, "сегмент")
    language = _choice(language, Language.values, Language.RUSSIAN, "язык")
    external_id = (external_id or "").strip()[:100]
    if not external_id:
        raise ApplicationError(
            _("Не указан внешний идентификатор."), code="external_id_required"
        )
    if topic not in ChatTopic.values:
        topic = ChatTopic.GENERAL
    caller = normalize_phone(caller or "") or (caller or "").strip()[:100]
    at = queued_at or timezone.now()
    existing = interaction_for_external_id(kind, external_id)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            value, reasons = priority_for(
                caller=caller, topic=topic, base=int(priority), at=at
            )
            interaction = Interaction.objects.create(
                kind=kind,
                external_id=external_id,
                caller=caller,
                topic=topic,
                segment=segment,
                language=language,
                priority=value,
                priority_reasons=reasons,
                queued_at=at,
            )
            _event(interaction, at=at, action="queued", priority=value)
            if not route or _route(interaction, at) is None:
                push_changes(reason="queued")
    except IntegrityError:
        # The same event delivered twice at once: the other one created it.
        found = interaction_for_external_id(kind, external_id)
        if found is None:
            raise
        return found
    return interaction


def interaction_answered(
    *, interaction: Interaction, operator: User, at: datetime | None = None
) -> Interaction:
    """The operator answered (a call) or took (a chat, an appeal) the interaction:
    queued/offered → active; a call puts the operator into «Разговор». The operator
    may differ from the one it was offered to (the PBX decides who picks up)."""
    at = at or timezone.now()
    with transaction.atomic():
        interaction = _lock(interaction)
        if (
            interaction.status == InteractionStatus.ACTIVE
            and interaction.operator_id == operator.pk
        ):
            return interaction
        offered_to = interaction.operator_id
        old = _move(interaction, InteractionStatus.ACTIVE)
        interaction.operator = operator
        interaction.answered_at = at
        interaction.offered_at = interaction.offered_at or at
        interaction.save(
            update_fields=["status", "operator", "answered_at", "offered_at"]
        )
        _event(interaction, at=at, action="answered", from_status=old, actor=operator)
        if interaction.kind == InteractionKind.CALL:
            status_change(_lock_profile(operator), OperatorStatus.TALKING, at)
        push_changes(operator.pk, offered_to, reason="answered")
    return interaction


def interaction_ended(
    *, interaction: Interaction, at: datetime | None = None, recording_ref: str = ""
) -> Interaction:
    """The conversation ended: active → wrap-up (the operator records the outcome).
    A call that ends before anyone answered is abandoned."""
    at = at or timezone.now()
    with transaction.atomic():
        interaction = _lock(interaction)
        if interaction.status in (InteractionStatus.QUEUED, InteractionStatus.OFFERED):
            return interaction_abandoned(interaction=interaction, at=at)
        old = _move(interaction, InteractionStatus.WRAP_UP)
        interaction.ended_at = at
        interaction.recording_ref = (recording_ref or "")[:300]
        interaction.save(update_fields=["status", "ended_at", "recording_ref"])
        _event(interaction, at=at, action="ended", from_status=old)
        if interaction.operator_id and interaction.kind == InteractionKind.CALL:
            profile = _lock_profile(interaction.operator)
            if held_count(interaction.operator_id, InteractionKind.CALL) <= 1:
                status_change(profile, OperatorStatus.WRAP_UP, at)
        push_changes(interaction.operator_id, reason="ended")
    return interaction


def interaction_abandoned(
    *, interaction: Interaction, at: datetime | None = None
) -> Interaction:
    """The caller hung up while waiting: queued/offered → abandoned."""
    at = at or timezone.now()
    with transaction.atomic():
        interaction = _lock(interaction)
        offered_to = interaction.operator_id
        old = _move(interaction, InteractionStatus.ABANDONED)
        interaction.abandoned_at = at
        interaction.operator = None
        interaction.save(update_fields=["status", "abandoned_at", "operator"])
        _event(
            interaction, at=at, action="abandoned", from_status=old, operator=offered_to
        )
        push_changes(offered_to, reason="abandoned")
    return interaction


def interaction_close(
    *, interaction: Interaction, at: datetime | None = None
) -> Interaction:
    """Finish a chat or a written appeal (no wrap-up code): waiting → abandoned,
    held → closed; the operator's place is then free for the next one (the caller
    dispatches, after its transaction)."""
    at = at or timezone.now()
    with transaction.atomic():
        interaction = _lock(interaction)
        if interaction.status in INTERACTION_WAITING:
            return interaction_abandoned(interaction=interaction, at=at)
        if interaction.status not in (
            InteractionStatus.ACTIVE,
            InteractionStatus.WRAP_UP,
        ):
            return interaction
        old = _move(interaction, InteractionStatus.CLOSED)
        interaction.ended_at = interaction.ended_at or at
        interaction.wrapped_up_at = at
        interaction.save(update_fields=["status", "ended_at", "wrapped_up_at"])
        _event(interaction, at=at, action="closed", from_status=old)
        push_changes(interaction.operator_id, reason="closed")
    return interaction


def interaction_transferred(
    *, interaction: Interaction, topic: str, at: datetime | None = None
) -> Interaction:
    """Send the interaction to the queue of another topic: it waits there anew
    (queued from `at`) and goes to an operator of that queue; the operator who had
    it becomes free (READY) for the next call."""
    at = at or timezone.now()
    if topic not in ChatTopic.values:
        topic = ChatTopic.GENERAL
    with transaction.atomic():
        interaction = _lock(interaction)
        previous = interaction.operator
        was_talking = interaction.status == InteractionStatus.ACTIVE
        old = _move(interaction, InteractionStatus.QUEUED)
        from_topic = interaction.topic
        interaction.topic = topic
        interaction.operator = None
        interaction.queued_at = at
        interaction.offered_at = interaction.answered_at = None
        interaction.save(
            update_fields=[
                "status",
                "topic",
                "operator",
                "queued_at",
                "offered_at",
                "answered_at",
            ]
        )
        _event(
            interaction,
            at=at,
            action="transferred",
            from_status=old,
            from_topic=from_topic,
            operator=previous.pk if previous else None,
        )
        if previous is not None and was_talking and interaction.kind == "call":
            status_change(_lock_profile(previous), OperatorStatus.READY, at)
        _route(interaction, at)
        push_changes(previous.pk if previous else None, reason="transferred")
    return interaction


# ---- the desk: wrap-up -------------------------------------------------------------


def interaction_wrap_up(
    *,
    actor: User,
    interaction: Interaction,
    code: str,
    at: datetime | None = None,
) -> Interaction:
    """Record the outcome (wrap-up code) of the operator's interaction: wrap-up (or a
    still active one, ended now) → closed; the operator is READY again and takes the
    next waiting call."""
    at = at or timezone.now()
    wrap_up = WrapUpCode.objects.filter(code=code, is_active=True).first()
    if wrap_up is None:
        raise ApplicationError(_("Выберите код завершения."), code="wrap_up_required")
    with transaction.atomic():
        interaction = _lock(interaction)
        if interaction.operator_id != actor.pk:
            raise PermissionDeniedError(_("Это не ваше обращение."))
        old = _move(interaction, InteractionStatus.CLOSED)
        if old not in (InteractionStatus.WRAP_UP, InteractionStatus.ACTIVE):
            raise ConflictError(_("Разговор ещё не начат."), code="invalid_transition")
        interaction.ended_at = interaction.ended_at or at
        interaction.wrapped_up_at = at
        interaction.wrap_up_code = wrap_up
        interaction.save(
            update_fields=["status", "ended_at", "wrapped_up_at", "wrap_up_code"]
        )
        _event(
            interaction,
            at=at,
            action="wrapped_up",
            from_status=old,
            actor=actor,
            code=wrap_up.code,
        )
        profile = _lock_profile(actor)
        if (
            interaction.kind == InteractionKind.CALL
            and profile.status
            in (
                OperatorStatus.WRAP_UP,
                OperatorStatus.TALKING,
            )
            and held_count(actor.pk, InteractionKind.CALL) == 0
        ):
            status_change(profile, OperatorStatus.READY, at)
        push_changes(actor.pk, reason="wrapped_up")
    interactions_dispatch(profile=profile, kind=interaction.kind, at=at)
    return interaction
