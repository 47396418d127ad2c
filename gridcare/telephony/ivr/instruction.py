"""What the PBX is told to do at a step of the voice menu, and what the caller did."""

import re
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Gather:
    """Collect keypad digits (or a speech result) after the prompt."""

    max_digits: int = 1
    timeout_seconds: int = 6
    # The caller ends a longer entry with «#» (it is not part of the digits).
    finish_on_key: str = "#"
    speech: bool = True


@dataclass(frozen=True)
class Instruction:
    """Say `say`; then gather input, or transfer to an operator queue (a topic), or
    hang up. `step` numbers the instruction within the call's menu session."""

    say: str
    gather: Gather | None = None
    transfer_queue: str = ""
    hangup: bool = False
    step: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "say": self.say,
            "gather": asdict(self.gather) if self.gather else None,
            "transfer": {"queue": self.transfer_queue} if self.transfer_queue else None,
            "hangup": self.hangup,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Instruction":
        gather = data.get("gather")
        transfer = data.get("transfer") or {}
        return cls(
            say=data.get("say", ""),
            gather=Gather(**gather) if gather else None,
            transfer_queue=transfer.get("queue", ""),
            hangup=bool(data.get("hangup")),
            step=int(data.get("step", 0)),
        )


@dataclass(frozen=True)
class IvrInput:
    """What the caller did: keypad digits, a speech-recognition result, or nothing
    before the timeout (both empty)."""

    digits: str = ""
    speech: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"digits": self.digits, "speech": self.speech}

    @property
    def number(self) -> str:
        """The digits entered (keypad, else the digits of the speech result); «*» is
        kept for a decimal separator."""
        if self.digits:
            return re.sub(r"[^0-9*]", "", self.digits)
        return re.sub(r"[^0-9*]", "", self.speech.replace(",", "*").replace(".", "*"))

    @property
    def is_empty(self) -> bool:
        return not self.digits.strip() and not self.speech.strip()
