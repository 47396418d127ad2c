"""The Asterisk Manager Interface (AMI) bridge: an asyncio client that logs in to
Asterisk's manager port, reads its event stream and turns call events into the
PBX-agnostic call events (`services.call_event_record`, in-process).

AMI is a text protocol: a banner line, then blocks of `Key: Value` lines ended by a
blank line (`\\r\\n`). The bridge sends `Action: Login` and maps (a call is its
`Linkedid`, the oldest channel's Uniqueid):

| AMI event | call event |
| --- | --- |
| `Newchannel` of the first channel (Uniqueid = Linkedid) | `new` (caller, dialled number) |
| `QueueCallerJoin` | `queue_entered` (Queue) |
| `AgentConnect` | `answered` (MemberName, else Interface) |
| `BlindTransfer` | `transferred` (Extension) |
| `VarSet` of `MIXMONITOR_FILENAME` | remembered as the recording |
| `Hangup` of the first channel | `hangup` (with the recording) |

Other events (agent channels, Newexten, peer status, …) are ignored. The event id
is built from the event name, channel and Asterisk's `Timestamp` (enable
`timestampevents=yes` in manager.conf), so a replayed stream changes nothing."""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from asgiref.sync import sync_to_async

from gridcare.telephony.models import Pbx
from gridcare.telephony.services import CallEventInput, call_event_record

logger = logging.getLogger("gridcare.telephony.ami")

AmiEvent = dict[str, str]


class AmiLoginFailed(Exception):
    """Asterisk refused the manager login."""


def parse_block(lines: list[str]) -> AmiEvent:
    block: AmiEvent = {}
    for line in lines:
        key, sep, value = line.partition(":")
        if sep:
            block[key.strip()] = value.strip()
    return block


def _at(event: AmiEvent) -> datetime | None:
    stamp = event.get("Timestamp", "")
    try:
        return datetime.fromtimestamp(float(stamp), tz=UTC)
    except ValueError:
        return None


class EventMapper:
    """Turns AMI events into call events; remembers recordings per call."""

    def __init__(self) -> None:
        self.recordings: dict[str, str] = {}
        self.sequence = 0

    def _input(self, event: AmiEvent, kind: str, **fields: str) -> CallEventInput:
        self.sequence += 1
        linked = event.get("Linkedid", "") or event.get("Uniqueid", "")
        stamp = event.get("Timestamp") or f"seq{self.sequence}"
        return CallEventInput(
            event_id=f"ami:{event.get('Event')}:{event.get('Uniqueid', '')}:{stamp}",
            type=kind,
            call_id=linked,
            at=_at(event),
            **fields,
        )

    def map(self, event: AmiEvent) -> CallEventInput | None:
        name = event.get("Event", "")
        first_channel = event.get("Uniqueid") and event.get("Uniqueid") == event.get(
            "Linkedid"
        )
        if name == "Newchannel" and first_channel:
            return self._input(
                event,
                "new",
                caller=event.get("CallerIDNum", ""),
                called=event.get("Exten", ""),
            )
        if name == "QueueCallerJoin":
            return self._input(event, "queue_entered", queue=event.get("Queue", ""))
        if name == "AgentConnect":
            return self._input(
                event,
                "answered",
                queue=event.get("Queue", ""),
                operator=event.get("MemberName") or event.get("Interface", ""),
            )
        if name == "BlindTransfer":
            call = event.get("TransfereeLinkedid") or event.get("TransfererLinkedid")
            mapped = self._input(event, "transferred", queue=event.get("Extension", ""))
            mapped.call_id = call or mapped.call_id
            return mapped
        if name == "VarSet" and event.get("Variable") == "MIXMONITOR_FILENAME":
            self.recordings[event.get("Linkedid", "")] = event.get("Value", "")
            return None
        if name == "Hangup" and first_channel:
            linked = event.get("Linkedid", "")
            return self._input(
                event, "hangup", recording_ref=self.recordings.pop(linked, "")
            )
        return None


class AmiBridge:
    """One connection to Asterisk's manager interface, feeding the call events."""

    def __init__(
        self,
        *,
        pbx: Pbx,
        host: str,
        port: int,
        username: str,
        secret: str,
        record: Callable[..., Any] = call_event_record,
    ) -> None:
        self.pbx = pbx
        self.host = host
        self.port = port
        self.username = username
        self.secret = secret
        self.record = sync_to_async(record)
        self.mapper = EventMapper()
        self.recorded = 0

    async def _block(self, reader: asyncio.StreamReader) -> AmiEvent | None:
        lines: list[str] = []
        while True:
            raw = await reader.readline()
            if not raw:
                return parse_block(lines) if lines else None
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                if lines:
                    return parse_block(lines)
                continue
            lines.append(line)

    async def run(self) -> int:
        """Connect, log in and process events until Asterisk closes the connection;
        return how many call events were recorded."""
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            banner = (await reader.readline()).decode("utf-8", "replace").strip()
            logger.info("AMI: %s", banner)
            writer.write(
                (
                    "Action: Login\r\n"
                    f"Username: {self.username}\r\n"
                    f"Secret: {self.secret}\r\n"
                    "Events: call,agent\r\n"
                    "ActionID: gridcare-login\r\n\r\n"
                ).encode()
            )
            await writer.drain()
            response = await self._block(reader)
            if not response or response.get("Response") != "Success":
                raise AmiLoginFailed((response or {}).get("Message", "no response"))
            while True:
                event = await self._block(reader)
                if event is None:
                    return self.recorded
                await self.handle(event)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def handle(self, event: AmiEvent) -> None:
        data = self.mapper.map(event)
        if data is None or not data.call_id:
            return
        try:
            await self.record(pbx=self.pbx, data=data)
            self.recorded += 1
        except Exception:
            logger.exception("AMI event %s not recorded", data.event_id)
