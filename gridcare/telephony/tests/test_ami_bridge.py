"""The AMI bridge on a recorded event stream: a fake Asterisk manager (a TCP server
started by the test) greets, checks the login and plays `fixtures/ami_stream.txt`;
the bridge turns it into calls and call events."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from gridcare.telephony.ami import AmiBridge, AmiLoginFailed, EventMapper, parse_block
from gridcare.telephony.models import Call, CallEvent, OperatorExtension, Pbx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STREAM = (Path(__file__).parent / "fixtures" / "ami_stream.txt").read_bytes()


class FakeManager:
    """Asterisk's manager interface for one connection: banner, login, the stream."""

    def __init__(self, *, username: str = "gridcare", secret: str = "s3cret") -> None:
        self.username = username
        self.secret = secret
        self.login: dict[str, str] = {}

    async def handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        writer.write(b"Asterisk Call Manager/9.0.0\r\n")
        await writer.drain()
        lines = []
        while True:
            line = (await reader.readline()).decode().rstrip("\r\n")
            if not line:
                break
            lines.append(line)
        self.login = parse_block(lines)
        if (self.login.get("Username"), self.login.get("Secret")) != (
            self.username,
            self.secret,
        ):
            writer.write(
                b"Response: Error\r\nActionID: gridcare-login\r\n"
                b"Message: Authentication failed\r\n\r\n"
            )
        else:
            writer.write(
                b"Response: Success\r\nActionID: gridcare-login\r\n"
                b"Message: Authentication accepted\r\n\r\n" + STREAM
            )
        await writer.drain()
        writer.close()


def _replay(pbx: Pbx, manager: FakeManager, secret: str = "s3cret") -> int:
    async def scenario() -> int:
        server = await asyncio.start_server(manager.handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            bridge = AmiBridge(
                pbx=pbx, host="127.0.0.1", port=port, username="gridcare", secret=secret
            )
            try:
                return await asyncio.wait_for(bridge.run(), timeout=60)
            finally:
                # The ORM ran in sync_to_async's thread: close its connection.
                await sync_to_async(connections.close_all)()

    return asyncio.run(scenario())


def test_recorded_stream_becomes_calls_and_events(pbx: Pbx, operator: Any) -> None:
    OperatorExtension.objects.create(pbx=pbx, extension="101", user=operator)
    manager = FakeManager()
    recorded = _replay(pbx, manager)
    assert manager.login["Action"] == "Login"
    assert recorded == 9
    calls = {c.external_id: c for c in Call.objects.all()}
    assert sorted(calls) == ["1773640800.101", "1773640800.102", "1773640800.104"]

    ivr = calls["1773640800.101"]
    assert (ivr.caller, ivr.status, ivr.handled_by) == ("+79170000001", "ended", "ivr")

    answered = calls["1773640800.102"]
    assert (answered.handled_by, answered.topic, answered.queue) == (
        "operator",
        "metering",
        "600",
    )
    assert answered.operator == operator
    assert answered.wait_seconds == 15
    assert answered.talk_seconds == 195
    assert answered.recording_ref == (
        "/var/spool/asterisk/monitor/2026/03/16/1773640800.102.wav"
    )
    assert answered.started_at.isoformat() == "2026-03-16T06:00:05+00:00"
    assert list(answered.events.values_list("type", flat=True)) == [
        "new",
        "queue_entered",
        "answered",
        "hangup",
    ]

    abandoned = calls["1773640800.104"]
    assert (abandoned.handled_by, abandoned.topic, abandoned.caller) == (
        "abandoned",
        "general",
        "+74951234567",
    )


def test_replaying_the_same_stream_changes_nothing(pbx: Pbx) -> None:
    _replay(pbx, FakeManager())
    before = list(CallEvent.objects.order_by("id").values_list("event_id", "type"))
    _replay(pbx, FakeManager())
    after = list(CallEvent.objects.order_by("id").values_list("event_id", "type"))
    assert after == before
    assert Call.objects.count() == 3


def test_refused_login_stops_the_bridge_and_stores_nothing(pbx: Pbx) -> None:
    with pytest.raises(AmiLoginFailed, match="Authentication failed"):
        _replay(pbx, FakeManager(), secret="wrong")
    assert Call.objects.count() == 0


def test_mapper_ignores_agent_channels_and_unrelated_events() -> None:
    mapper = EventMapper()
    agent = {"Event": "Newchannel", "Uniqueid": "2.1", "Linkedid": "1.1"}
    assert mapper.map(agent) is None
    assert mapper.map({"Event": "PeerStatus", "Peer": "PJSIP/101"}) is None
    first = mapper.map(
        {"Event": "Newchannel", "Uniqueid": "1.1", "Linkedid": "1.1", "Exten": "100"}
    )
    assert first is not None
    assert (first.type, first.call_id, first.called, first.at) == (
        "new",
        "1.1",
        "100",
        None,
    )
