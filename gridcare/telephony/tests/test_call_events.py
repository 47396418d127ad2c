"""The call-event API: a PBX posts new / queue / answered / hang-up events with its
key; every event is stored once per (PBX, event id) and moves the call."""

from typing import Any

import pytest

from gridcare.contact_centre import services as centre
from gridcare.telephony.models import Call, CallEvent, OperatorExtension, Pbx
from gridcare.telephony.services import pbx_create
from gridcare.telephony.tests.conftest import PbxClient

pytestmark = pytest.mark.django_db

T0 = "2026-03-16T09:00:00+03:00"


def _new(client: PbxClient, call_id: str = "1710572400.1", **extra: Any) -> Any:
    return client.event(
        event_id=f"{call_id}:new",
        type="new",
        call_id=call_id,
        at=T0,
        caller="8 (917) 000-00-01",
        called="88002000878",
        **extra,
    )


def test_refuses_missing_or_wrong_key_and_stores_nothing(pbx: Pbx) -> None:
    for client in (PbxClient(""), PbxClient("not-a-key")):
        response = _new(client)
        assert response.status_code == 401
        assert response.json() == {
            "error": {
                "code": "pbx_key_invalid",
                "message": "Неверный или отключённый ключ АТС: передайте его в "
                "заголовке X-Telephony-Key.",
                "details": None,
            }
        }
    assert Call.objects.count() == 0


def test_refuses_key_of_disabled_pbx(pbx_and_key: tuple[Pbx, str]) -> None:
    pbx, key = pbx_and_key
    pbx.is_active = False
    pbx.save(update_fields=["is_active"])
    assert _new(PbxClient(key)).status_code == 401
    assert Call.objects.count() == 0


def test_new_call_is_recorded_and_a_repeat_changes_nothing(
    pbx_client: PbxClient,
) -> None:
    first = _new(pbx_client)
    assert first.status_code == 201
    expected_call = {
        "call_id": "1710572400.1",
        "status": "ringing",
        "handled_by": "",
        "caller": "+79170000001",
        "called": "+78002000878",
        "queue": "",
        "topic": "",
        "operator_id": None,
        "self_service": "",
        "started_at": "2026-03-16T09:00:00+03:00",
        "queued_at": None,
        "answered_at": None,
        "ended_at": None,
        "recording_ref": "",
    }
    assert first.json() == {
        "duplicate": False,
        "event_type": "new",
        "call": expected_call,
    }
    again = _new(pbx_client)
    assert again.status_code == 200
    assert again.json() == {
        "duplicate": True,
        "event_type": "new",
        "call": expected_call,
    }
    assert Call.objects.count() == 1
    assert CallEvent.objects.count() == 1


def test_operator_call_moves_through_queue_answer_and_hangup(
    pbx: Pbx, pbx_client: PbxClient, operator: Any
) -> None:
    OperatorExtension.objects.create(pbx=pbx, extension="SIP/101", user=operator)
    call_id = "1710572400.2"
    _new(pbx_client, call_id)
    queued = pbx_client.event(
        event_id="e2",
        type="queue_entered",
        call_id=call_id,
        queue="600",
        at="2026-03-16T09:00:40+03:00",
    )
    assert queued.status_code == 201
    assert queued.json()["call"]["topic"] == "metering"
    assert queued.json()["call"]["status"] == "queued"
    answered = pbx_client.event(
        event_id="e3",
        type="answered",
        call_id=call_id,
        operator="SIP/101",
        at="2026-03-16T09:00:55+03:00",
    )
    assert answered.json()["call"]["operator_id"] == operator.pk
    ended = pbx_client.event(
        event_id="e4",
        type="hangup",
        call_id=call_id,
        recording_ref="monitor/2026/03/16/1710572400.2.wav",
        at="2026-03-16T09:04:10+03:00",
    )
    assert ended.status_code == 201
    assert ended.json()["call"] == {
        "call_id": call_id,
        "status": "ended",
        "handled_by": "operator",
        "caller": "+79170000001",
        "called": "+78002000878",
        "queue": "600",
        "topic": "metering",
        "operator_id": operator.pk,
        "self_service": "",
        "started_at": "2026-03-16T09:00:00+03:00",
        "queued_at": "2026-03-16T09:00:40+03:00",
        "answered_at": "2026-03-16T09:00:55+03:00",
        "ended_at": "2026-03-16T09:04:10+03:00",
        "recording_ref": "monitor/2026/03/16/1710572400.2.wav",
    }
    call = Call.objects.get(external_id=call_id)
    assert call.wait_seconds == 15
    assert call.talk_seconds == 195
    assert list(call.events.values_list("type", "from_status", "to_status")) == [
        ("new", "ringing", "ringing"),
        ("queue_entered", "ringing", "queued"),
        ("answered", "queued", "talking"),
        ("hangup", "talking", "ended"),
    ]


def test_caller_hanging_up_in_queue_is_abandoned(pbx_client: PbxClient) -> None:
    _new(pbx_client, "c3")
    pbx_client.event(event_id="q", type="queue_entered", call_id="c3", queue="general")
    response = pbx_client.event(event_id="h", type="hangup", call_id="c3")
    assert response.json()["call"]["handled_by"] == "abandoned"


def test_call_ending_in_the_menu_is_handled_automatically(
    pbx_client: PbxClient,
) -> None:
    _new(pbx_client, "c4")
    pbx_client.event(event_id="i", type="ivr_entered", call_id="c4")
    response = pbx_client.event(event_id="h", type="hangup", call_id="c4")
    assert response.json()["call"]["handled_by"] == "ivr"


def test_events_after_hangup_are_kept_but_move_nothing(pbx_client: PbxClient) -> None:
    _new(pbx_client, "c5")
    pbx_client.event(event_id="h", type="hangup", call_id="c5")
    late = pbx_client.event(event_id="late", type="answered", call_id="c5")
    assert late.status_code == 201
    assert late.json()["call"]["status"] == "ended"
    assert late.json()["call"]["answered_at"] is None
    assert CallEvent.objects.filter(call__external_id="c5").count() == 3


def test_same_event_id_of_another_pbx_is_another_event(pbx_client: PbxClient) -> None:
    _pbx, other_key = pbx_create(name="Облачная АТС")
    assert _new(pbx_client).status_code == 201
    assert _new(PbxClient(other_key)).status_code == 201
    assert Call.objects.count() == 2


def test_rejects_unknown_event_type_with_russian_message(
    pbx_client: PbxClient,
) -> None:
    response = pbx_client.event(event_id="x", type="ringing", call_id="c6")
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "validation_error"
    assert "недопустимое значение" in str(body["error"]["details"])
    assert Call.objects.count() == 0


def test_rejects_time_without_offset(pbx_client: PbxClient) -> None:
    response = pbx_client.event(
        event_id="x", type="new", call_id="c7", at="2026-03-16T09:00:00"
    )
    assert response.status_code == 422
    assert Call.objects.count() == 0


@pytest.mark.skipif(
    not hasattr(centre, "interaction_enqueue"),
    reason="contact_centre has no interactions yet (contract in telephony.md)",
)
def test_queue_and_hangup_feed_the_contact_centre_interaction(
    pbx_client: PbxClient, operator: Any, pbx: Pbx
) -> None:
    OperatorExtension.objects.create(pbx=pbx, extension="101", user=operator)
    _new(pbx_client, "c8")
    pbx_client.event(event_id="q", type="queue_entered", call_id="c8", queue="600")
    call = Call.objects.get(external_id="c8")
    assert call.interaction_id is not None
    interaction = centre.interaction_for_external_id("call", f"call-{call.pk}")
    assert interaction is not None
    assert interaction.topic == "metering"
    pbx_client.event(event_id="a", type="answered", call_id="c8", operator="101")
    pbx_client.event(event_id="h", type="hangup", call_id="c8")
    interaction.refresh_from_db()
    assert interaction.operator_id == operator.pk
