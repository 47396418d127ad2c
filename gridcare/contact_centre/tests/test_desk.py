"""The operator desk over HTTP: the caller's card pops for the offered call, the call
becomes an appeal (or a note on an open one), wrap-up makes the operator ready again,
call-back tasks; other operators' calls are not found."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gridcare.accounts.models import User
from gridcare.appeals.models import Appeal, AppealNote
from gridcare.conftest import PASSWORD
from gridcare.contact_centre.models import (
    CallbackRequest,
    Interaction,
    OperatorProfile,
)
from gridcare.contact_centre.services import (
    CallbackInput,
    callback_request_create,
    interaction_answered,
    interaction_enqueue,
    operator_status_set,
)
from gridcare.outages.models import Outage, OutageArea

pytestmark = pytest.mark.usefixtures("no_overflow")


def _login(client: Client, user: User) -> Client:
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def ready_operator(operator: User) -> User:
    operator_status_set(operator, "ready")
    return operator


def _call(caller: str, n: int = 1, topic: str = "metering") -> Interaction:
    return interaction_enqueue(external_id=f"desk-{n}", caller=caller, topic=topic)


def test_offered_call_pops_the_callers_card(
    client: Client,
    ready_operator: User,
    consumer: User,
    other_consumer: User,
    make_appeal: Callable[..., Appeal],
    branch: Any,
) -> None:
    appeal = make_appeal(subject="Не работает счётчик")
    other_appeal = make_appeal(user=other_consumer, subject="Чужое обращение")
    building = consumer.consumer.accounts.first().supply_points.first().building
    outage = Outage.objects.create(
        kind="unplanned",
        status="in_progress",
        cause="equipment_failure",
        cause_text="Повреждение кабеля 10 кВ",
        branch=branch,
        voltage_level="NN",
        started_at=timezone.now() - timedelta(hours=1),
    )
    OutageArea.objects.create(
        outage=outage, settlement=building.settlement, building=building
    )

    call = _call("8 917 000-00-01")
    assert (call.status, call.operator) == ("offered", ready_operator)
    html = _login(client, ready_operator).get("/staff/desk/").content.decode()

    assert "Входящий звонок" in html
    assert "Иванова Анна Петровна" in html
    assert "1600000001" in html
    assert f"№ {appeal.number}" in html
    assert "Повреждение кабеля 10 кВ" in html
    assert other_appeal.number not in html
    assert "Петров Олег" not in html
    assert "Принять звонок" in html


def test_register_the_call_as_an_appeal(
    client: Client, ready_operator: User, consumer: User
) -> None:
    call = _call(consumer.phone)
    _login(client, ready_operator)
    client.post(f"/staff/desk/{call.pk}/answer/")
    call.refresh_from_db()
    assert call.status == "active"

    refused = client.post(f"/staff/desk/{call.pk}/appeal/", {"text": "  "}, follow=True)
    assert "Напишите, о чём звонок." in refused.content.decode()
    assert Appeal.objects.count() == 0

    response = client.post(
        f"/staff/desk/{call.pk}/appeal/",
        {"text": "Счётчик не показывает расход\nс понедельника", "topic": "metering"},
        follow=True,
    )

    appeal = Appeal.objects.get()
    call.refresh_from_db()
    assert call.appeal == appeal
    assert (appeal.channel, appeal.topic, appeal.category) == (
        "phone",
        "metering",
        "metering",
    )
    assert appeal.consumer == consumer.consumer
    assert appeal.consumer_account.number == "1600000001"
    assert (appeal.contact_phone, appeal.answer_channel) == ("+79170000001", "phone")
    assert appeal.subject == "Счётчик не показывает расход"
    assert f"Обращение № {appeal.number} зарегистрировано." in response.content.decode()
    again = client.post(f"/staff/desk/{call.pk}/appeal/", {"text": "ещё"}, follow=True)
    assert "уже связан с обращением" in again.content.decode()
    assert Appeal.objects.count() == 1
    assert list(call.events.values_list("action", flat=True)) == [
        "queued",
        "offered",
        "answered",
        "appeal_registered",
    ]


def test_attach_the_call_to_an_open_appeal(
    client: Client,
    ready_operator: User,
    consumer: User,
    make_appeal: Callable[..., Appeal],
) -> None:
    appeal = make_appeal()
    call = _call(consumer.phone)
    interaction_answered(interaction=call, operator=ready_operator)

    _login(client, ready_operator).post(
        f"/staff/desk/{call.pk}/attach/",
        {"appeal": appeal.pk, "text": "Уточняет, когда придёт контролёр"},
    )

    call.refresh_from_db()
    note = AppealNote.objects.get(appeal=appeal)
    assert call.appeal == appeal
    assert note.author == ready_operator
    assert note.text.startswith("Звонок +79170000001, ")
    assert note.text.endswith(": Уточняет, когда придёт контролёр")


def test_wrap_up_makes_the_operator_ready_for_the_next_call(
    client: Client, ready_operator: User, consumer: User
) -> None:
    call = _call(consumer.phone)
    waiting = interaction_enqueue(
        external_id="desk-2", caller="+79990000000", topic="general"
    )
    assert waiting.status == "queued"
    _login(client, ready_operator)
    client.post(f"/staff/desk/{call.pk}/answer/")
    client.post(f"/staff/desk/{call.pk}/end/")
    assert OperatorProfile.objects.get(user=ready_operator).status == "wrap_up"

    missing = client.post(f"/staff/desk/{call.pk}/wrap-up/", {"code": ""}, follow=True)
    assert "Выберите код завершения." in missing.content.decode()
    client.post(f"/staff/desk/{call.pk}/wrap-up/", {"code": "consulted"})

    call.refresh_from_db()
    waiting.refresh_from_db()
    assert (call.status, call.wrap_up_code.code) == ("closed", "consulted")
    assert OperatorProfile.objects.get(user=ready_operator).status == "ready"
    assert (waiting.status, waiting.operator) == ("offered", ready_operator)


def test_another_operators_call_is_not_found(
    client: Client, ready_operator: User, supervisor: User
) -> None:
    call = _call("+79990000001")
    assert call.operator == ready_operator
    _login(client, supervisor)
    for action in ("answer", "end", "appeal", "wrap-up"):
        assert client.post(f"/staff/desk/{call.pk}/{action}/").status_code == 404
    call.refresh_from_db()
    assert call.status == "offered"


def test_consumers_and_analysts_have_no_desk(
    client: Client, consumer: User, analyst: User
) -> None:
    assert _login(client, consumer).get("/staff/desk/").status_code == 403
    assert _login(client, analyst).get("/staff/desk/").status_code == 403


def test_status_buttons_and_time_in_status(client: Client, operator: User) -> None:
    _login(client, operator)
    page = client.get("/staff/desk/").content.decode()
    assert 'data-desk-status="offline"' in page

    client.post("/staff/desk/status/", {"status": "break"})
    assert OperatorProfile.objects.get(user=operator).status == "break"
    bad = client.post("/staff/desk/status/", {"status": "sleeping"}, follow=True)
    assert "Неизвестный статус оператора." in bad.content.decode()
    assert OperatorProfile.objects.get(user=operator).status == "break"
    assert operator.status_periods.count() == 1


def test_call_back_tasks_take_and_complete_with_outcome(
    client: Client, operator: User, supervisor: User, consumer: User
) -> None:
    request = callback_request_create(
        data=CallbackInput(
            topic="metering", name="Иванова", phone=consumer.phone, user=consumer
        )
    )
    assert request.due_at - request.created_at == timedelta(hours=4)
    _login(client, operator)
    page = client.get("/staff/desk/").content.decode()
    assert "Иванова" in page and "Взять себе" in page

    client.post(f"/staff/desk/callbacks/{request.pk}/take/")
    request.refresh_from_db()
    assert (request.status, request.taken_by) == ("taken", operator)

    _login(client, supervisor)
    refused = client.post(
        f"/staff/desk/callbacks/{request.pk}/done/", {"outcome": "чужая"}
    )
    assert refused.status_code == 404

    _login(client, operator)
    client.post(
        f"/staff/desk/callbacks/{request.pk}/done/",
        {"outcome": "Объяснили порядок замены счётчика"},
    )
    request.refresh_from_db()
    assert (request.status, request.done_by, request.outcome) == (
        "done",
        operator,
        "Объяснили порядок замены счётчика",
    )
    assert list(request.events.values_list("action", flat=True)) == [
        "created",
        "taken",
        "done",
    ]
    assert CallbackRequest.objects.filter(status="new").count() == 0
