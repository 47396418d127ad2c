"""Wallboard figures on a hand-made day and operators' time per status: exact service
level (80/20), abandoned calls, AHT, longest wait."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from gridcare.accounts.models import User
from gridcare.conftest import PASSWORD
from gridcare.contact_centre.desk_selectors import operator_status_times
from gridcare.contact_centre.models import Interaction
from gridcare.contact_centre.services import (
    interaction_abandoned,
    interaction_answered,
    interaction_ended,
    interaction_enqueue,
    interaction_wrap_up,
    operator_status_set,
)
from gridcare.contact_centre.services.interactions import interaction_close
from gridcare.contact_centre.tests.conftest import T0, at
from gridcare.contact_centre.wallboard import wallboard_get, wallboard_payload

pytestmark = pytest.mark.usefixtures("no_overflow")


def _call(n: int, queued: float, topic: str = "metering") -> Interaction:
    return interaction_enqueue(
        external_id=f"c{n}",
        caller=f"+7917200{n:04d}",
        topic=topic,
        queued_at=at(queued),
    )


def _handled(
    n: int,
    operator: User,
    *,
    queued: float,
    answered: float,
    ended: float,
    wrapped: float,
) -> None:
    call = _call(n, queued)
    interaction_answered(interaction=call, operator=operator, at=at(answered))
    interaction_ended(interaction=call, at=at(ended))
    interaction_wrap_up(
        actor=operator, interaction=call, code="consulted", at=at(wrapped)
    )


@pytest.fixture
def day(make_operator: Callable[..., User]) -> dict[str, Any]:
    """A hand-made morning: 4 calls answered (3 within 20 s), 1 abandoned, 2 waiting.

    answered after 5 s, 20 s, 21 s, 10 s; handled (answer → wrap-up) 100, 200, 300,
    400 s → AHT 250 s; service level 3 / (4 + 1) = 60 %."""
    anna = make_operator("Anna", ready_at=0)
    _handled(1, anna, queued=100, answered=105, ended=180, wrapped=205)
    _handled(2, anna, queued=300, answered=320, ended=500, wrapped=520)
    _handled(3, anna, queued=600, answered=621, ended=900, wrapped=921)
    lost = _call(4, 1000, topic="connection")
    interaction_abandoned(interaction=lost, at=at(1040))
    _handled(5, anna, queued=1100, answered=1110, ended=1500, wrapped=1510)
    operator_status_set(anna, "break", at=at(1600))
    _call(6, 1700)
    _call(7, 1750, topic="connection")
    make_operator("Boris", ready_at=1760, topics=["services"])
    make_operator("Vera")
    return {"anna": anna}


def test_wallboard_figures_of_a_hand_made_day(day: dict[str, Any]) -> None:
    board = wallboard_get(at=at(1800))

    assert board.day == T0.date()
    total = board.total
    assert (total.waiting, total.longest_wait) == (2, 100)
    assert (total.answered, total.answered_in_time, total.abandoned) == (4, 3, 1)
    assert total.service_level == 60.0
    assert total.aht == 250
    assert board.meets_target is False
    assert board.operators == {
        "ready": 1,
        "talking": 0,
        "wrap_up": 0,
        "break": 1,
        "offline": 1,
    }
    by_queue = {q.topic: q for q in board.queues}
    assert (by_queue["metering"].service_level, by_queue["metering"].aht) == (75.0, 250)
    assert (
        by_queue["connection"].waiting,
        by_queue["connection"].abandoned,
        by_queue["connection"].service_level,
        by_queue["connection"].aht,
    ) == (1, 1, 0.0, None)
    assert by_queue["general"].service_level is None


def test_wallboard_payload_is_plain_json(day: dict[str, Any]) -> None:
    payload = wallboard_payload(wallboard_get(at=at(1800)))

    assert payload["total"] == {
        "topic": "",
        "label": "Все очереди",
        "waiting": 2,
        "longest_wait": 100,
        "offered": 5,
        "answered": 4,
        "answered_in_time": 3,
        "abandoned": 1,
        "handled": 4,
        "handle_seconds": 1000,
        "service_level": 60.0,
        "aht": 250,
        "chats": {"waiting": 0, "longest_wait": 0, "handled": 0},
        "written": {"waiting": 0, "longest_wait": 0, "handled": 0},
    }
    assert (payload["threshold"], payload["target"], payload["meets_target"]) == (
        20,
        80,
        False,
    )
    assert payload["at"] == "2026-03-16T09:30:00+03:00"


def test_chats_and_written_appeals_per_queue(
    make_operator: Callable[..., User],
) -> None:
    """Chats and written appeals: waiting now (a written one from yesterday too),
    the longest of those waits, handled today."""
    anna = make_operator("Anna", topics=["metering"], ready_at=0)
    operator_status_set(anna, "break", at=at(1))
    interaction_enqueue(
        kind="appeal",
        external_id="w-old",
        caller="",
        topic="metering",
        queued_at=at(-86400),
    )
    interaction_enqueue(
        kind="chat", external_id="ch-1", caller="", topic="metering", queued_at=at(100)
    )
    interaction_enqueue(
        kind="chat", external_id="ch-2", caller="", topic="metering", queued_at=at(200)
    )
    handled = interaction_enqueue(
        kind="chat",
        external_id="ch-3",
        caller="",
        topic="connection",
        queued_at=at(300),
    )
    interaction_answered(interaction=handled, operator=anna, at=at(310))
    interaction_close(interaction=handled, at=at(400))

    board = wallboard_get(at=at(1000))

    assert (board.total.chats.waiting, board.total.chats.longest_wait) == (2, 900)
    assert board.total.chats.handled == 1
    assert (board.total.written.waiting, board.total.written.longest_wait) == (
        1,
        86400 + 1000,
    )
    by_queue = {q.topic: q for q in board.queues}
    assert (
        by_queue["metering"].chats.waiting,
        by_queue["connection"].chats.handled,
    ) == (
        2,
        1,
    )
    assert board.total.waiting == 0  # calls only
    payload = wallboard_payload(board)
    assert payload["total"]["written"] == {
        "waiting": 1,
        "longest_wait": 87400,
        "handled": 0,
    }


def test_other_days_are_not_counted(day: dict[str, Any]) -> None:
    board = wallboard_get(day=(T0 + timedelta(days=1)).date(), at=at(90000))
    assert (board.total.answered, board.total.abandoned, board.total.waiting) == (
        0,
        0,
        0,
    )


def test_time_per_status_of_the_day(day: dict[str, Any]) -> None:
    times = operator_status_times(operator=day["anna"], now=at(1800))

    # ready from 0; talking / wrap-up around each call; break from 1600.
    assert times == {
        "ready": 0 + 105 + (320 - 205) + (621 - 520) + (1110 - 921) + (1600 - 1510),
        "talking": 75 + 180 + 279 + 390,
        "wrap_up": 25 + 20 + 21 + 10,
        "break": 200,
        "offline": 0,
    }
    assert sum(times.values()) == 1800


def test_wallboard_page_for_supervisors_only(
    client: Client, supervisor: User, operator: User, day: dict[str, Any]
) -> None:
    client.login(email=operator.email, password=PASSWORD)
    assert client.get("/staff/wallboard/").status_code == 403
    client.login(email=supervisor.email, password=PASSWORD)
    with time_machine.travel(at(1800), tick=False):
        page = client.get("/staff/wallboard/")
        panel = client.get("/staff/wallboard/panel/").content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    assert "Табло контакт-центра" in html
    assert 'data-figure="abandoned">1<' in html
    assert 'data-figure="answered">4<' in panel
    assert 'data-figure="service_level">60,0 %<' in panel
    assert 'data-figure="chats_waiting">0<' in panel
