"""A FastAGI server for Asterisk running the voice menu with the same engine as the
webhook (`ivr.engine`).

Asterisk's dialplan hands a call over with `AGI(agi://gridcare:4573/ivr)`; the
server reads the `agi_*` variables (up to a blank line), opens the menu for
`agi_uniqueid` (the caller's channel, the call id of the AMI bridge too) and then,
for every instruction:

* say — `SET VARIABLE GRIDCARE_PROMPT "<text>"`, and `EXEC <tts app> "<text>"` when a
  speech-synthesis application is configured (`--tts-app`, e.g. a RHVoice or MRCP
  application); without one the dialplan may play the variable itself;
* gather — `GET DATA beep <timeout ms> <max digits>` (the caller ends with «#»);
  `200 result=<digits>`, an empty result after the timeout, `result=-1` on hang-up;
* transfer — `SET VARIABLE GRIDCARE_QUEUE "<topic>"` and the AGI ends: the dialplan
  continues with `Queue(${GRIDCARE_QUEUE})`;
* hangup — `HANGUP`.

A caller who hangs up inside the menu is recorded as a hang-up event (handled
automatically). Speech input is not used over AGI (keypad only)."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from asgiref.sync import sync_to_async

from gridcare.telephony.ivr.engine import ivr_session_start, ivr_step
from gridcare.telephony.ivr.instruction import Instruction, IvrInput
from gridcare.telephony.models import IvrSession, Pbx
from gridcare.telephony.services import CallEventInput, call_event_record

logger = logging.getLogger("gridcare.telephony.fastagi")

PROMPT_VARIABLE = "GRIDCARE_PROMPT"
QUEUE_VARIABLE = "GRIDCARE_QUEUE"


class CallerHungUp(Exception):
    """The channel is gone (result=-1, a HANGUP notice or a closed socket)."""


@dataclass
class AgiResult:
    code: int
    result: str
    data: str = ""


def parse_response(line: str) -> AgiResult:
    """`200 result=123 (timeout)` → AgiResult(200, "123", "timeout")."""
    code_text, _, rest = line.strip().partition(" ")
    result, data = "", ""
    if rest.startswith("result="):
        value, _, tail = rest[len("result=") :].partition(" ")
        result = value
        data = tail.strip().strip("()")
    return AgiResult(int(code_text) if code_text.isdigit() else 0, result, data)


def quote(text: str) -> str:
    """An AGI argument in double quotes (quotes and backslashes are not allowed)."""
    cleaned = " ".join(text.replace('"', "'").replace("\\", "/").split())
    return f'"{cleaned}"'


class AgiChannel:
    """The command channel of one AGI session."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.reader = reader
        self.writer = writer

    async def environment(self) -> dict[str, str]:
        env: dict[str, str] = {}
        while True:
            raw = await self.reader.readline()
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not raw or not line:
                return env
            key, _, value = line.partition(":")
            env[key.strip()] = value.strip()

    async def command(self, text: str) -> AgiResult:
        self.writer.write((text + "\n").encode())
        await self.writer.drain()
        while True:
            raw = await self.reader.readline()
            if not raw:
                raise CallerHungUp()
            line = raw.decode("utf-8", "replace").strip()
            if line.upper().startswith("HANGUP"):
                raise CallerHungUp()
            if line:
                break
        response = parse_response(line)
        if response.result == "-1":
            raise CallerHungUp()
        return response


class FastAgiServer:
    """Serves the voice menu of one PBX over FastAGI."""

    def __init__(self, *, pbx: Pbx, tts_app: str = "") -> None:
        self.pbx = pbx
        self.tts_app = tts_app

    async def handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        channel = AgiChannel(reader, writer)
        call_id = ""
        try:
            env = await channel.environment()
            call_id = env.get("agi_uniqueid", "")
            if not call_id:
                logger.warning("AGI session without agi_uniqueid")
                return
            session, instruction = await sync_to_async(ivr_session_start)(
                pbx=self.pbx,
                call_id=call_id,
                caller=env.get("agi_callerid", ""),
                called=env.get("agi_dnid", "") or env.get("agi_extension", ""),
                language=env.get("agi_language", "ru")[:2],
            )
            await self.run(channel, session, instruction)
        except CallerHungUp:
            if call_id:
                await sync_to_async(self._hung_up)(call_id)
        except Exception:
            logger.exception("FastAGI session %s failed", call_id)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def run(
        self, channel: AgiChannel, session: IvrSession, instruction: Instruction
    ) -> None:
        while True:
            await self.say(channel, instruction.say)
            if instruction.transfer_queue:
                await channel.command(
                    f"SET VARIABLE {QUEUE_VARIABLE} {quote(instruction.transfer_queue)}"
                )
                return
            if instruction.hangup or instruction.gather is None:
                await channel.command("HANGUP")
                return
            gather = instruction.gather
            response = await channel.command(
                f"GET DATA beep {gather.timeout_seconds * 1000} {gather.max_digits}"
            )
            digits = "" if response.data == "timeout" else response.result
            instruction = await sync_to_async(ivr_step)(
                session=session,
                entry=IvrInput(digits=digits),
                step=instruction.step,
            )

    async def say(self, channel: AgiChannel, text: str) -> None:
        await channel.command(f"SET VARIABLE {PROMPT_VARIABLE} {quote(text)}")
        if self.tts_app:
            await channel.command(f"EXEC {self.tts_app} {quote(text)}")

    def _hung_up(self, call_id: str) -> None:
        call_event_record(
            pbx=self.pbx,
            data=CallEventInput(
                event_id=f"agi:{call_id}:hangup", type="hangup", call_id=call_id
            ),
        )


async def serve(
    *, pbx: Pbx, host: str = "0.0.0.0", port: int = 4573, tts_app: str = ""
) -> asyncio.Server:
    """Start listening; the caller runs the loop (`server.serve_forever()`)."""
    server = FastAgiServer(pbx=pbx, tts_app=tts_app)
    return await asyncio.start_server(server.handle, host, port)
