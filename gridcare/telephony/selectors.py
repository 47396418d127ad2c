"""Reads of telephony: what the voice menu may tell a caller, call statistics."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gridcare.appeals.models import Appeal
from gridcare.core.text import normalize_phone
from gridcare.telephony.models import Call, HandledBy, Pbx

MOSCOW = ZoneInfo("Europe/Moscow")


def appeal_for_caller(*, number: str, caller: str) -> Appeal | None:
    """The registered appeal `number` if the caller's number is the appeal's contact
    phone or its consumer's phone; None otherwise (never telling which). A hidden or
    foreign caller ID hears nothing: the status of an appeal is personal data."""
    phone = normalize_phone(caller)
    if not phone:
        return None
    appeal = (
        Appeal.objects.select_related("consumer").filter(number=number.strip()).first()
    )
    if appeal is None:
        return None
    phones = {normalize_phone(appeal.contact_phone)}
    if appeal.consumer is not None:
        phones.add(normalize_phone(appeal.consumer.phone))
    return appeal if phone in phones else None


@dataclass
class CallFigures:
    """Figures of a set of calls: how many, handled how, service level, waits."""

    label: str
    calls: int = 0
    automated: int = 0
    queued: int = 0
    answered: int = 0
    abandoned: int = 0
    answered_in_target: int = 0
    wait_total: float = 0.0
    talk_total: float = 0.0

    @property
    def automated_share(self) -> float | None:
        return self.automated / self.calls if self.calls else None

    @property
    def service_level(self) -> float | None:
        """Answered within the target over answered plus abandoned (abandoned calls
        count against the level whatever their wait)."""
        offered = self.answered + self.abandoned
        return self.answered_in_target / offered if offered else None

    @property
    def average_wait(self) -> float | None:
        return self.wait_total / self.answered if self.answered else None

    @property
    def average_talk(self) -> float | None:
        return self.talk_total / self.answered if self.answered else None

    def add(self, call: Call, target_seconds: int) -> None:
        self.calls += 1
        if call.handled_by == HandledBy.IVR:
            self.automated += 1
        if call.queued_at is not None:
            self.queued += 1
        if call.handled_by == HandledBy.ABANDONED:
            self.abandoned += 1
        if call.answered_at is not None:
            self.answered += 1
            wait = call.wait_seconds or 0.0
            self.wait_total += wait
            self.talk_total += call.talk_seconds or 0.0
            if wait <= target_seconds:
                self.answered_in_target += 1


@dataclass
class CallDay:
    day: date
    total: CallFigures
    hours: list[CallFigures] = field(default_factory=list)


def call_day_figures(
    *, day: date, pbx: Pbx | None = None, target_seconds: int = 20
) -> CallDay:
    """Figures of the calls that started on `day` (Moscow time), in total and per
    hour: calls, handled automatically, answered, abandoned, service level
    (answered within `target_seconds`), average wait and talk time."""
    start = datetime.combine(day, time(0, 0), tzinfo=MOSCOW)
    calls = Call.objects.filter(
        started_at__gte=start, started_at__lt=start + timedelta(days=1)
    )
    if pbx is not None:
        calls = calls.filter(pbx=pbx)
    result = CallDay(
        day=day,
        total=CallFigures("Итого"),
        hours=[CallFigures(f"{h:02d}:00") for h in range(24)],
    )
    for call in calls.only(
        "started_at", "handled_by", "queued_at", "answered_at", "ended_at"
    ).iterator():
        hour = call.started_at.astimezone(MOSCOW).hour
        result.total.add(call, target_seconds)
        result.hours[hour].add(call, target_seconds)
    return result
