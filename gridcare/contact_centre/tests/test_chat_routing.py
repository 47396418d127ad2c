"""Live chats through the routing engine: each hand-off is an interaction of kind
chat given by skills (queue, segment), chat capacity per operator, priority then the
longest waiting, and overflow after the configured wait."""

from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from gridcare.accounts.models import User
from gridcare.contact_centre.models import (
    Interaction,
    LiveChat,
    OperatorProfile,
    RoutingRule,
)
from gridcare.contact_centre.services import (
    HandoffInput,
    chat_close,
    chat_handoff,
    interaction_enqueue,
    specialist_presence_change,
)
from gridcare.contact_centre.services.interactions import interactions_route_waiting
from gridcare.contact_centre.tests.conftest import at

pytestmark = pytest.mark.usefixtures("no_overflow")

MakeOperator = Callable[..., User]


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(at(0), tick=False) as traveller:
        yield traveller


def _chat(n: int, topic: str = "metering") -> LiveChat:
    return chat_handoff(
        data=HandoffInput(
            topic=topic,
            question=f"Вопрос {n}",
            contact_name=f"Посетитель {n}",
            contact_phone=f"+7917300{n:04d}",
        )
    )


def _interaction(chat: LiveChat) -> Interaction:
    return Interaction.objects.get(kind="chat", external_id=f"livechat-{chat.pk}")


def test_a_chat_goes_to_the_operator_with_the_queue_skill(
    make_operator: MakeOperator, clock: Any
) -> None:
    make_operator("Anna", topics=["connection"], ready_at=0)
    boris = make_operator("Boris", topics=["metering"], ready_at=0)

    chat = _chat(1)

    chat.refresh_from_db()
    assert (chat.status, chat.specialist) == ("active", boris)
    interaction = _interaction(chat)
    assert (interaction.status, interaction.operator) == ("active", boris)


def test_a_chat_of_a_legal_entity_needs_the_legal_segment(
    make_operator: MakeOperator, clock: Any, consumer: User
) -> None:
    consumer.consumer.kind = "legal_entity"
    consumer.consumer.save(update_fields=["kind"])
    make_operator("Anna", topics=["metering"], segments=["individual"], ready_at=0)
    legal = make_operator("Boris", topics=["metering"], segments=["legal"], ready_at=0)

    chat = chat_handoff(
        data=HandoffInput(topic="metering", question="?", user=consumer)
    )

    chat.refresh_from_db()
    assert chat.specialist == legal
    assert _interaction(chat).segment == "legal"


def test_capacity_full_the_chat_waits_and_comes_when_one_is_closed(
    make_operator: MakeOperator, clock: Any
) -> None:
    boris = make_operator("Boris", topics=["metering"], chat_capacity=2, ready_at=0)
    first, second, third = _chat(1), _chat(2), _chat(3)
    for chat in (first, second, third):
        chat.refresh_from_db()
    assert [c.specialist for c in (first, second, third)] == [boris, boris, None]
    assert third.status == "waiting"
    assert _interaction(third).status == "queued"

    chat_close(chat=first, actor=boris)

    third.refresh_from_db()
    assert (third.status, third.specialist) == ("active", boris)
    assert _interaction(first).status == "closed"
    assert _interaction(third).operator == boris


def test_a_waiting_chat_left_by_the_person_is_abandoned(
    make_operator: MakeOperator, clock: Any
) -> None:
    chat = _chat(1)
    chat_close(chat=chat, actor=None, by_person=True)
    assert _interaction(chat).status == "abandoned"


def test_higher_priority_then_the_longest_waiting_chat_first(
    make_operator: MakeOperator, clock: Any
) -> None:
    # The person of chat 3 called 10 minutes ago: a repeat contact is raised.
    interaction_enqueue(external_id="call-x", caller="+79173000003", topic="general")
    clock.shift(600)
    first, second, third = _chat(1), _chat(2), _chat(3)
    assert _interaction(third).priority > _interaction(first).priority
    boris = make_operator("Boris", topics=["metering"], chat_capacity=1)

    specialist_presence_change(user=boris, online=True)  # opens the chat console

    for chat in (first, second, third):
        chat.refresh_from_db()
    assert [c.status for c in (first, second, third)] == [
        "waiting",
        "waiting",
        "active",
    ]
    chat_close(chat=third, actor=boris)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.specialist, second.specialist) == (boris, None)


def test_overflow_after_the_configured_wait(
    make_operator: MakeOperator, clock: Any
) -> None:
    anna = make_operator("Anna", topics=["connection"], ready_at=0)
    RoutingRule.objects.create(
        topic="metering", after_seconds=60, widen_to_topic="connection"
    )
    chat = _chat(1)
    assert interactions_route_waiting(at=at(59)) == []
    chat.refresh_from_db()
    assert chat.status == "waiting"

    given = interactions_route_waiting(at=at(61))

    assert [i.external_id for i in given] == [f"livechat-{chat.pk}"]
    chat.refresh_from_db()
    assert (chat.status, chat.specialist) == ("active", anna)


def test_the_timer_command_moves_an_overflowed_chat(
    make_operator: MakeOperator, clock: Any
) -> None:
    """`gridcare interactions_route` (a timer every minute) applies the overflow."""
    anna = make_operator("Anna", topics=["connection"], ready_at=0)
    RoutingRule.objects.create(
        topic="metering", after_seconds=60, widen_to_topic="connection"
    )
    chat = _chat(1)
    clock.move_to(at(61))
    out = StringIO()

    call_command("interactions_route", stdout=out)

    assert out.getvalue().strip() == "Распределено: 1"
    chat.refresh_from_db()
    assert (chat.status, chat.specialist) == ("active", anna)


def test_a_specialist_closing_the_console_gets_no_new_chats(
    specialist: User, clock: Any
) -> None:
    specialist_presence_change(user=specialist, online=True)
    profile = OperatorProfile.objects.get(user=specialist)
    assert (profile.status, profile.call_capacity) == ("ready", 0)
    specialist_presence_change(user=specialist, online=False)
    profile.refresh_from_db()
    assert profile.status == "offline"
    chat = _chat(1)
    chat.refresh_from_db()
    assert chat.status == "waiting"


def test_queue_positions_follow_the_engine_order(clock: Any) -> None:
    """The place a waiting person is told is the order the engine gives chats out:
    a higher priority (e.g. an outage at their address) goes first."""
    from gridcare.contact_centre.selectors import queue_position, waiting_chats

    first, second = _chat(1), _chat(2)
    assert [queue_position(first), queue_position(second)] == [1, 2]

    Interaction.objects.filter(pk=_interaction(second).pk).update(priority=10)

    assert [c.pk for c in waiting_chats("metering")] == [second.pk, first.pk]
    assert [queue_position(first), queue_position(second)] == [2, 1]
