"""The day simulation: calls through the voice menu and the call events, operators in
shifts, the figures printed."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gridcare.contact_centre.models import Interaction
from gridcare.telephony.models import Call, HandledBy
from gridcare.telephony.selectors import call_day_figures
from gridcare.telephony.simulation import SIM_PBX, simulation_plan

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 16)


def test_plan_splits_calls_like_the_seed_and_peaks_in_the_morning(db: object) -> None:
    plan = simulation_plan(
        day=DAY, calls=1914, seed=1, operators=4, night=1, accounts=[]
    )
    to_operators = [c for c in plan.calls if c.topic]
    assert len(plan.calls) == 1914
    assert len(to_operators) == 928  # the seed: 928 to operators, 986 in the IVR
    by_hour = [0] * 24
    for call in plan.calls:
        by_hour[call.arrival.hour] += 1
    assert max(range(24), key=by_hour.__getitem__) in (9, 10, 14)
    assert by_hour[10] > 4 * by_hour[3]


def test_command_replays_a_day_and_prints_its_figures() -> None:
    out = StringIO()
    call_command(
        "simulate_calls", "--date=2026-03-16", calls=60, seed=3, operators=3, stdout=out
    )
    calls = Call.objects.filter(pbx__name=SIM_PBX)
    assert calls.count() == 60
    assert not calls.exclude(status="ended").exists()
    figures = call_day_figures(day=DAY).total
    assert figures.calls == 60
    assert figures.automated + figures.queued == 60
    assert figures.answered + figures.abandoned == figures.queued
    assert calls.filter(handled_by=HandledBy.IVR).count() == figures.automated
    interactions = Interaction.objects.filter(kind="call")
    assert interactions.count() == figures.queued
    # Operators closed their calls with a wrap-up code through the contact centre.
    assert interactions.filter(status="closed").count() == figures.answered
    assert interactions.filter(status="abandoned").count() == figures.abandoned
    text = out.getvalue()
    assert "Звонков: 60" in text
    assert f"Обслужено автоматически (IVR): {figures.automated} " in text
    assert "Уровень обслуживания 80/20:" in text
    assert "| Итого | 60 |" in text


def test_refuses_to_repeat_a_day_without_replace() -> None:
    call_command(
        "simulate_calls", "--date=2026-03-16", calls=5, operators=1, stdout=StringIO()
    )
    with pytest.raises(CommandError, match="уже есть; укажите --replace"):
        call_command("simulate_calls", "--date=2026-03-16", calls=5, stdout=StringIO())
    call_command(
        "simulate_calls",
        "--date=2026-03-16",
        calls=7,
        operators=1,
        replace=True,
        stdout=StringIO(),
    )
    assert Call.objects.filter(pbx__name=SIM_PBX).count() == 7
