"""The contact centre's side of a call: its interaction (queue, routing, wallboard).

The contract with `contact_centre.services` (docs/domains/telephony.md): a call that
enters an operator queue becomes an interaction (`interaction_enqueue`), and the
PBX's answered / transferred / hang-up events move it. Until the contact centre
provides a function, the call is still recorded here and the step is skipped. A
refusal of the contact centre (e.g. an interaction already ended) never loses the
call event: it is logged."""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from gridcare.contact_centre import services as centre
from gridcare.core.errors import ApplicationError
from gridcare.telephony.models import Call

logger = logging.getLogger("gridcare.telephony")


def _fn(name: str) -> Callable[..., Any] | None:
    return getattr(centre, name, None)


def interaction_key(call: Call) -> str:
    """The interaction's external id: unique over every PBX."""
    return f"call-{call.pk}"


def _guarded(name: str, **kwargs: Any) -> Any:
    fn = _fn(name)
    if fn is None:
        return None
    try:
        return fn(**kwargs)
    except ApplicationError as error:
        logger.warning("contact centre refused %s: %s", name, error.message)
        return None


def _interaction(call: Call) -> Any:
    lookup = _fn("interaction_for_external_id")
    if lookup is None:
        return None
    return lookup("call", interaction_key(call))


def call_enqueue(
    *, call: Call, topic: str, at: datetime, segment: str = "individual"
) -> None:
    """Put the call into the operator queue of `topic` (once; later a transfer)."""
    if call.interaction_id is not None:
        call_transfer(call=call, topic=topic, at=at)
        return
    interaction = _guarded(
        "interaction_enqueue",
        kind="call",
        external_id=interaction_key(call),
        caller=call.caller,
        topic=topic,
        segment=segment,
        queued_at=at,
    )
    if interaction is not None:
        call.interaction_id = interaction.pk
        call.save(update_fields=["interaction_id"])


def call_transfer(*, call: Call, topic: str, at: datetime) -> None:
    interaction = _interaction(call)
    if interaction is not None:
        _guarded("interaction_transferred", interaction=interaction, topic=topic, at=at)


def call_answer(*, call: Call, at: datetime) -> None:
    interaction = _interaction(call)
    if interaction is not None and call.operator is not None:
        _guarded(
            "interaction_answered",
            interaction=interaction,
            operator=call.operator,
            at=at,
        )


def call_end(*, call: Call, at: datetime, abandoned: bool) -> None:
    interaction = _interaction(call)
    if interaction is None:
        return
    if abandoned:
        _guarded("interaction_abandoned", interaction=interaction, at=at)
    else:
        _guarded(
            "interaction_ended",
            interaction=interaction,
            at=at,
            recording_ref=call.recording_ref,
        )


def call_route_next(*, call: Call, at: datetime | None = None) -> Any:
    """The operator the contact centre gives the call to now (or None: it waits)."""
    fn = _fn("route_next")
    interaction = _interaction(call)
    if fn is None or interaction is None:
        return None
    try:
        return fn(interaction, at=at)
    except ApplicationError as error:
        logger.warning("contact centre refused route_next: %s", error.message)
        return None


def call_wrap_up(*, call: Call, at: datetime, code: str) -> bool:
    """Close the call's interaction with a wrap-up code as its operator (the
    simulation's operators do this after the wrap-up time); False if not possible."""
    interaction = _interaction(call)
    if interaction is None or call.operator is None:
        return False
    done = _guarded(
        "interaction_wrap_up",
        actor=call.operator,
        interaction=interaction,
        code=code,
        at=at,
    )
    return done is not None
