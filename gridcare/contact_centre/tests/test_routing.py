"""The routing engine: skills, the longest-idle ready operator, capacity, overflow and
priority — on a simulated clock, so every figure is exact."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from gridcare.accounts.models import User
from gridcare.contact_centre.models import (
    Interaction,
    OperatorProfile,
    RoutingRule,
)
from gridcare.contact_centre.routing import routing_setting_get
from gridcare.contact_centre.services import (
    interaction_abandoned,
    interaction_answered,
    interaction_ended,
    interaction_enqueue,
    interaction_for_external_id,
    interaction_transferred,
    interaction_wrap_up,
    operator_status_set,
    route_next,
)
from gridcare.contact_centre.tests.conftest import T0, at
from gridcare.core.errors import ApplicationError, ConflictError
from gridcare.outages.models import Outage, OutageArea

pytestmark = pytest.mark.usefixtures("no_overflow")

MakeOperator = Callable[..., User]


def _call(n: int, *, seconds: float = 0, **extra: Any) -> Interaction:
    fields: dict[str, Any] = {
        "external_id": f"call-{n}",
        "caller": f"+7917100{n:04d}",
        "topic": "metering",
        "queued_at": at(seconds),
    }
    fields.update(extra)
    return interaction_enqueue(**fields)


def test_call_goes_to_the_operator_with_topic_segment_and_language(
    make_operator: MakeOperator,
) -> None:
    make_operator("Anna", topics=["connection"], languages=["ru", "tt"], ready_at=0)
    make_operator("Boris", topics=["metering"], segments=["individual"], ready_at=1)
    make_operator("Vera", topics=["metering"], languages=["ru"], ready_at=2)
    right = make_operator(
        "Gulnara", topics=["metering"], languages=["ru", "tt"], ready_at=3
    )

    call = _call(1, seconds=10, segment="legal", language="tt")

    assert call.status == "offered"
    assert call.operator == right
    assert call.offered_at == at(10)


def test_nobody_skilled_means_the_call_waits(make_operator: MakeOperator) -> None:
    make_operator("Anna", topics=["connection"], ready_at=0)

    call = _call(1, seconds=5)

    assert call.status == "queued"
    assert call.operator is None
    assert route_next(call, at=at(3600)) is None


def test_longest_idle_ready_operator_gets_the_next_call(
    make_operator: MakeOperator,
) -> None:
    late = make_operator("Late", ready_at=30)
    early = make_operator("Early", ready_at=10)
    middle = make_operator("Middle", ready_at=20)
    make_operator("Away")  # offline: never offered

    first, second, third, fourth = (_call(n, seconds=40 + n) for n in range(1, 5))

    assert [first.operator, second.operator, third.operator] == [early, middle, late]
    assert fourth.status == "queued"


def test_operator_back_from_wrap_up_is_the_newest_idle(
    make_operator: MakeOperator,
) -> None:
    anna = make_operator("Anna", ready_at=0)
    boris = make_operator("Boris", ready_at=5)
    call = _call(1, seconds=10)
    assert call.operator == anna
    interaction_answered(interaction=call, operator=anna, at=at(12))
    interaction_ended(interaction=call, at=at(70))
    interaction_wrap_up(actor=anna, interaction=call, code="consulted", at=at(80))

    assert _call(2, seconds=90).operator == boris
    assert _call(3, seconds=91).operator == anna


def test_a_freed_operator_takes_the_highest_priority_then_oldest_call(
    make_operator: MakeOperator,
) -> None:
    old = _call(1, seconds=0)
    urgent = _call(2, seconds=30, priority=5)
    newer = _call(3, seconds=40)

    anna = make_operator("Anna", ready_at=50)
    urgent.refresh_from_db()
    assert urgent.operator == anna
    boris = make_operator("Boris", ready_at=60)
    old.refresh_from_db()
    newer.refresh_from_db()
    assert (old.operator, old.offered_at) == (boris, at(60))
    assert newer.status == "queued"


def test_one_call_at_a_time_but_several_chats_and_appeals_by_capacity(
    make_operator: MakeOperator,
) -> None:
    anna = make_operator("Anna", ready_at=0, chat_capacity=2, appeal_capacity=1)
    boris = make_operator("Boris", ready_at=10, chat_capacity=1, appeal_capacity=0)

    calls = [_call(n, seconds=20 + n) for n in (1, 2, 3)]
    chats = [
        interaction_enqueue(
            kind="chat",
            external_id=f"chat-{n}",
            caller="",
            topic="metering",
            queued_at=at(30 + n),
        )
        for n in (1, 2, 3, 4)
    ]
    appeals = [
        interaction_enqueue(
            kind="appeal",
            external_id=f"A-{n}",
            caller="",
            topic="metering",
            queued_at=at(40 + n),
        )
        for n in (1, 2)
    ]

    assert [c.operator for c in calls] == [anna, boris, None]
    # Chats: the one who got a chat least recently, within capacity (2 and 1).
    assert [(c.operator, c.status) for c in chats] == [
        (anna, "active"),
        (boris, "active"),
        (anna, "active"),
        (None, "queued"),
    ]
    assert [(a.operator, a.status) for a in appeals] == [
        (anna, "active"),
        (None, "queued"),
    ]


def test_overflow_widens_the_queue_after_the_waiting_time(
    make_operator: MakeOperator,
) -> None:
    RoutingRule.objects.create(
        topic="metering", after_seconds=60, widen_to_topic="connection"
    )
    RoutingRule.objects.create(topic="", after_seconds=300, any_operator=True)
    tp = make_operator("Timur", topics=["connection"], ready_at=0)
    call = _call(1, seconds=0)
    assert call.status == "queued"

    assert route_next(call, at=at(59)) is None
    assert route_next(call, at=at(60)) == tp

    services = make_operator("Sveta", topics=["services"], ready_at=0)
    other = _call(2, seconds=100)
    assert route_next(other, at=at(399)) is None
    assert route_next(other, at=at(400)) == services


def test_overflow_to_any_language(make_operator: MakeOperator) -> None:
    RoutingRule.objects.create(topic="", after_seconds=120, any_language=True)
    russian = make_operator("Ivan", ready_at=0)

    call = _call(1, seconds=0, language="tt")

    assert route_next(call, at=at(119)) is None
    assert route_next(call, at=at(120)) == russian


def test_a_freed_operator_takes_an_overflowed_call(
    make_operator: MakeOperator,
) -> None:
    RoutingRule.objects.create(topic="", after_seconds=60, widen_to_topic="general")
    call = _call(1, seconds=0, topic="connection")
    general = make_operator("Gena", topics=["general"], ready_at=30)
    call.refresh_from_db()
    assert call.status == "queued"

    operator_status_set(general, "break", at=at(40))
    operator_status_set(general, "ready", at=at(61))

    call.refresh_from_db()
    assert (call.operator, call.offered_at) == (general, at(61))


def test_repeat_caller_priority_within_24_hours_and_7_days() -> None:
    setting = routing_setting_get()
    first = _call(1, seconds=0)
    assert (first.priority, first.priority_reasons) == (0, [])

    same = interaction_enqueue(
        external_id="call-2",
        caller="8 (917) 100-00-01",
        topic="metering",
        queued_at=T0 + timedelta(hours=23),
    )
    week = interaction_enqueue(
        external_id="call-3",
        caller="+79171000001",
        topic="general",
        queued_at=T0 + timedelta(days=3),
    )
    later = interaction_enqueue(
        external_id="call-4",
        caller="+79171000001",
        topic="general",
        queued_at=T0 + timedelta(days=11),
        priority=1,
    )

    assert same.caller == "+79171000001"
    assert (same.priority, same.priority_reasons) == (
        setting.repeat_24h_boost,
        ["repeat_24h"],
    )
    assert (week.priority, week.priority_reasons) == (
        setting.repeat_7d_boost,
        ["repeat_7d"],
    )
    assert (later.priority, later.priority_reasons) == (1, [])


def test_outage_at_the_callers_address_raises_priority(
    consumer: User, branch: Any
) -> None:
    building = consumer.consumer.accounts.first().supply_points.first().building
    outage = Outage.objects.create(
        kind="unplanned",
        status="in_progress",
        cause="equipment_failure",
        cause_text="Повреждение кабеля",
        branch=branch,
        voltage_level="NN",
        started_at=T0 - timedelta(hours=1),
    )
    OutageArea.objects.create(
        outage=outage, settlement=building.settlement, building=building
    )
    setting = routing_setting_get()
    setting.outage_boost = 25
    setting.save()

    from_address = interaction_enqueue(
        external_id="c1", caller=consumer.phone, topic="general", queued_at=T0
    )
    reliability = interaction_enqueue(
        external_id="c2", caller="+79990000000", topic="reliability", queued_at=T0
    )
    other = interaction_enqueue(
        external_id="c3", caller="+79990000001", topic="metering", queued_at=T0
    )

    assert (from_address.priority, from_address.priority_reasons) == (25, ["outage"])
    assert (reliability.priority, reliability.priority_reasons) == (25, ["outage"])
    assert (other.priority, other.priority_reasons) == (0, [])


def test_call_life_cycle_moves_the_operator_status(
    make_operator: MakeOperator,
) -> None:
    anna = make_operator("Anna", ready_at=0)
    call = _call(1, seconds=10)

    interaction_answered(interaction=call, operator=anna, at=at(15))
    assert OperatorProfile.objects.get(user=anna).status == "talking"
    interaction_ended(interaction=call, at=at(100), recording_ref="rec/1.wav")
    assert OperatorProfile.objects.get(user=anna).status == "wrap_up"
    interaction_wrap_up(actor=anna, interaction=call, code="consulted", at=at(120))

    call.refresh_from_db()
    profile = OperatorProfile.objects.get(user=anna)
    assert (call.status, call.wrap_up_code.code, call.recording_ref) == (
        "closed",
        "consulted",
        "rec/1.wav",
    )
    assert (call.answered_at, call.ended_at, call.wrapped_up_at) == (
        at(15),
        at(100),
        at(120),
    )
    assert (profile.status, profile.idle_since) == ("ready", at(120))
    assert list(call.events.values_list("action", "from_status", "to_status")) == [
        ("queued", "", "queued"),
        ("offered", "queued", "offered"),
        ("answered", "offered", "active"),
        ("ended", "active", "wrap_up"),
        ("wrapped_up", "wrap_up", "closed"),
    ]


def test_enqueue_is_idempotent_and_checks_input() -> None:
    first = _call(1)
    again = _call(1, seconds=99, topic="general")
    assert again.pk == first.pk
    assert interaction_for_external_id("call", "call-1") == first
    assert interaction_for_external_id("call", "nope") is None
    with pytest.raises(ApplicationError) as error:
        _call(2, language="de")
    assert error.value.message == "Недопустимое значение поля «язык»: de."
    assert Interaction.objects.count() == 1
    assert _call(3, topic="weather").topic == "general"


def test_abandoned_and_transferred_calls(make_operator: MakeOperator) -> None:
    anna = make_operator("Anna", ready_at=0)
    tp = make_operator("Timur", topics=["connection"], ready_at=1)
    lost = _call(1, seconds=5)
    assert lost.operator == anna
    interaction_abandoned(interaction=lost, at=at(30))
    lost.refresh_from_db()
    assert (lost.status, lost.abandoned_at, lost.operator) == (
        "abandoned",
        at(30),
        None,
    )
    with pytest.raises(ConflictError):
        interaction_answered(interaction=lost, operator=anna, at=at(31))

    call = _call(2, seconds=40)
    interaction_answered(interaction=call, operator=anna, at=at(45))
    moved = interaction_transferred(interaction=call, topic="connection", at=at(90))

    assert (moved.status, moved.topic, moved.operator, moved.queued_at) == (
        "offered",
        "connection",
        tp,
        at(90),
    )
    assert OperatorProfile.objects.get(user=anna).status == "ready"


def test_leaving_returns_the_offered_call_to_the_queue(
    make_operator: MakeOperator,
) -> None:
    anna = make_operator("Anna", ready_at=0)
    call = _call(1, seconds=5)
    assert call.operator == anna
    boris = make_operator("Boris", ready_at=6)

    operator_status_set(anna, "break", at=at(8))

    call.refresh_from_db()
    assert (call.status, call.operator, call.offered_at) == ("offered", boris, at(8))
