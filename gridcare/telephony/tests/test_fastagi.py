"""The voice menu over FastAGI: the test plays Asterisk on a client socket (agi_*
variables, then `200 result=…` answers to the server's commands) against the real
server on a free port."""

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from gridcare.contact_centre.models import CallbackRequest
from gridcare.metering.models import Meter, MeterReading
from gridcare.outages.models import Outage
from gridcare.telephony.fastagi import parse_response, quote, serve
from gridcare.telephony.models import Call, Pbx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class FakeAsterisk:
    """An Asterisk channel talking AGI: answers each command from a script of keys."""

    def __init__(self, keys: list[str], hang_up_at: int | None = None) -> None:
        self.keys = list(keys)
        self.commands: list[str] = []
        self.hang_up_at = hang_up_at

    async def call(self, port: int, *, uniqueid: str, callerid: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        env = {
            "agi_network": "yes",
            "agi_request": f"agi://127.0.0.1:{port}/ivr",
            "agi_channel": "PJSIP/trunk-00000001",
            "agi_language": "ru",
            "agi_uniqueid": uniqueid,
            "agi_callerid": callerid,
            "agi_dnid": "88002000878",
            "agi_extension": "s",
        }
        writer.write(("".join(f"{k}: {v}\n" for k, v in env.items()) + "\n").encode())
        await writer.drain()
        while True:
            raw = await reader.readline()
            if not raw:
                break
            command = raw.decode().strip()
            self.commands.append(command)
            if self.hang_up_at is not None and len(self.commands) >= self.hang_up_at:
                writer.write(b"HANGUP\n")
                await writer.drain()
                break
            writer.write((self.answer(command) + "\n").encode())
            await writer.drain()
        writer.close()

    def answer(self, command: str) -> str:
        if command.startswith("GET DATA"):
            if not self.keys:
                return "200 result= (timeout)"
            return f"200 result={self.keys.pop(0)}"
        if command == "HANGUP":
            return "200 result=1"
        return "200 result=0"

    def said(self) -> list[str]:
        prefix = "SET VARIABLE GRIDCARE_PROMPT "
        return [c[len(prefix) + 1 : -1] for c in self.commands if c.startswith(prefix)]


def _converse(pbx: Pbx, asterisk: FakeAsterisk, *, uniqueid: str, caller: str) -> None:
    async def scenario() -> None:
        server = await serve(pbx=pbx, host="127.0.0.1", port=0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            await asyncio.wait_for(
                asyncio.create_task(
                    asterisk.call(port, uniqueid=uniqueid, callerid=caller)
                ),
                timeout=60,
            )
            # Let the server finish its side of the session (the hang-up record).
            for _ in range(100):
                if not [
                    t for t in asyncio.all_tasks() if t is not asyncio.current_task()
                ]:
                    break
                await asyncio.sleep(0.05)
        # The ORM ran in sync_to_async's thread: close its connection.
        await sync_to_async(connections.close_all)()

    asyncio.run(scenario())


def test_parses_agi_responses() -> None:
    assert parse_response("200 result=123").result == "123"
    timeout = parse_response("200 result= (timeout)")
    assert (timeout.code, timeout.result, timeout.data) == (200, "", "timeout")
    assert parse_response("200 result=-1").result == "-1"
    assert quote('Скажите "да"') == "\"Скажите 'да'\""


def test_outage_flow_over_fastagi(
    pbx: Pbx, consumer: Any, make_storm: Callable[[], Outage]
) -> None:
    make_storm()
    asterisk = FakeAsterisk(keys=["1", "9"])
    _converse(pbx, asterisk, uniqueid="1710572400.11", caller="89170000001")
    said = asterisk.said()
    assert said[0].startswith("Здравствуйте! Вы позвонили в контакт-центр")
    assert (
        "аварийное отключение. Причина: Повреждение кабельной линии 10 кВ." in (said[1])
    )
    assert said[2] == "Спасибо за звонок. До свидания!"
    assert [c.split(" ")[0] for c in asterisk.commands] == [
        "SET",
        "GET",
        "SET",
        "GET",
        "SET",
        "HANGUP",
    ]
    assert asterisk.commands[1] == "GET DATA beep 6000 1"
    call = Call.objects.get(external_id="1710572400.11")
    assert (call.status, call.handled_by, call.self_service) == (
        "ended",
        "ivr",
        "outage",
    )


def test_meter_reading_flow_over_fastagi(
    pbx: Pbx, consumer: Any, meter: Meter, in_window: None
) -> None:
    asterisk = FakeAsterisk(keys=["2", "4521*3", "9"])
    _converse(pbx, asterisk, uniqueid="1710572400.12", caller="+79170000001")
    assert asterisk.commands[3] == "GET DATA beep 10000 20"
    assert asterisk.said()[2].startswith("Показания приняты: 4521,30. Спасибо!")
    assert MeterReading.objects.get(meter=meter).source == "ivr"


def test_callback_and_transfer_over_fastagi(pbx: Pbx, consumer: Any) -> None:
    callback = FakeAsterisk(keys=["4"])
    _converse(pbx, callback, uniqueid="c-callback", caller="89170000001")
    assert callback.commands[-1] == "HANGUP"
    assert CallbackRequest.objects.get().phone == "+79170000001"

    transfer = FakeAsterisk(keys=["0"])
    _converse(pbx, transfer, uniqueid="c-transfer", caller="89170000001")
    assert transfer.commands[-1] == 'SET VARIABLE GRIDCARE_QUEUE "general"'
    call = Call.objects.get(external_id="c-transfer")
    assert (call.status, call.topic) == ("queued", "general")


def test_appeal_status_over_fastagi(pbx: Pbx, make_appeal: Callable[..., Any]) -> None:
    appeal = make_appeal()
    asterisk = FakeAsterisk(keys=["3", appeal.number.replace("-", ""), "9"])
    _converse(pbx, asterisk, uniqueid="c-appeal", caller="89170000001")
    assert "Статус: зарегистрировано." in asterisk.said()[2]


def test_caller_hanging_up_in_the_menu_is_handled_automatically(
    pbx: Pbx, consumer: Any
) -> None:
    asterisk = FakeAsterisk(keys=[], hang_up_at=2)
    _converse(pbx, asterisk, uniqueid="c-gone", caller="89170000001")
    call = Call.objects.get(external_id="c-gone")
    assert (call.status, call.handled_by) == ("ended", "ivr")
    assert list(call.events.values_list("type", flat=True)) == [
        "new",
        "ivr_entered",
        "hangup",
    ]
