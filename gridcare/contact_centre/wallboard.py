"""The supervisors' wallboard: calls waiting, longest wait, service level, abandoned
calls, average handling time and operators by status — for the whole centre and per
queue, for one day (Moscow time).

Definitions (docs/domains/contact_centre.md):

* **service level** — the share of calls queued today that were answered within
  `RoutingSetting.service_level_seconds` (20 s) of all calls queued today that were
  answered or abandoned (still waiting ones are not counted yet); target 80 %;
* **abandoned** — calls queued today whose caller hung up before an answer;
* **AHT** (average handling time) — talk plus wrap-up: from answer to wrap-up code
  (or to the end of the call if not wrapped up yet), over calls answered today that
  have ended;
* **longest wait** — of the calls waiting now (queued or offered).

Chats and written appeals (the same engine) are counted per queue too: waiting now
(whatever day they came), the longest of those waits, and handled (closed) that day.
Operators are counted by status."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from gridcare.accounts.roles import Right
from gridcare.contact_centre.models import (
    ChatTopic,
    Interaction,
    InteractionKind,
    InteractionStatus,
    OperatorProfile,
    OperatorStatus,
)
from gridcare.contact_centre.routing import routing_setting_get
from gridcare.contact_centre.workflow import INTERACTION_WAITING

# Who sees the wallboard: supervisors and analysts (reports), administrators.
WALLBOARD_RIGHT = Right.REPORT_VIEW


@dataclass
class KindFigures:
    """Chats or written appeals of a queue: waiting now, the longest of those waits
    (seconds), handled (closed) on the day."""

    waiting: int = 0
    longest_wait: int = 0
    handled: int = 0


@dataclass
class QueueFigures:
    topic: str
    label: str
    waiting: int = 0
    longest_wait: int = 0  # seconds
    offered: int = 0  # answered + abandoned today
    answered: int = 0
    answered_in_time: int = 0
    abandoned: int = 0
    handled: int = 0
    handle_seconds: int = 0
    chats: KindFigures = field(default_factory=KindFigures)
    written: KindFigures = field(default_factory=KindFigures)

    @property
    def service_level(self) -> float | None:
        """Per cent answered in time, one decimal; None before the first call."""
        if not self.offered:
            return None
        return round(100 * self.answered_in_time / self.offered, 1)

    @property
    def aht(self) -> int | None:
        """Average handling time, whole seconds; None before the first ended call."""
        return round(self.handle_seconds / self.handled) if self.handled else None


@dataclass
class Wallboard:
    day: date
    at: datetime
    threshold: int
    target: int
    total: QueueFigures
    queues: list[QueueFigures] = field(default_factory=list)
    operators: dict[str, int] = field(default_factory=dict)

    @property
    def meets_target(self) -> bool | None:
        level = self.total.service_level
        return None if level is None else level >= self.target


def _add(
    figures: QueueFigures, call: Interaction, at: datetime, threshold: int
) -> None:
    if call.status in INTERACTION_WAITING:
        figures.waiting += 1
        figures.longest_wait = max(
            figures.longest_wait, int((at - call.queued_at).total_seconds())
        )
    if call.answered_at is not None:
        figures.offered += 1
        figures.answered += 1
        if (call.answered_at - call.queued_at).total_seconds() <= threshold:
            figures.answered_in_time += 1
        done = call.wrapped_up_at or call.ended_at
        if done is not None:
            figures.handled += 1
            figures.handle_seconds += int((done - call.answered_at).total_seconds())
    elif call.status == InteractionStatus.ABANDONED:
        figures.offered += 1
        figures.abandoned += 1


def _add_other(
    figures: QueueFigures, item: Interaction, at: datetime, start: datetime
) -> None:
    kind = figures.chats if item.kind == InteractionKind.CHAT else figures.written
    if item.status in INTERACTION_WAITING:
        kind.waiting += 1
        kind.longest_wait = max(
            kind.longest_wait, int((at - item.queued_at).total_seconds())
        )
    elif item.wrapped_up_at is not None and item.wrapped_up_at >= start:
        kind.handled += 1


def wallboard_get(*, day: date | None = None, at: datetime | None = None) -> Wallboard:
    """Return the wallboard figures of `day` (default today) as of `at` (now)."""
    at = at or timezone.now()
    day = day or timezone.localdate(at)
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = start + timedelta(days=1)
    setting = routing_setting_get()
    threshold = setting.service_level_seconds
    total = QueueFigures(topic="", label="Все очереди")
    queues = {
        t: QueueFigures(topic=t, label=str(ChatTopic(t).label))
        for t in ChatTopic.values
    }
    calls = Interaction.objects.filter(
        kind=InteractionKind.CALL, queued_at__gte=start, queued_at__lt=end
    ).only("topic", "status", "queued_at", "answered_at", "ended_at", "wrapped_up_at")
    for call in calls:
        _add(total, call, at, threshold)
        _add(queues[call.topic], call, at, threshold)
    others = (
        Interaction.objects.filter(
            kind__in=[InteractionKind.CHAT, InteractionKind.APPEAL]
        )
        .filter(
            Q(status__in=INTERACTION_WAITING, queued_at__lt=end)
            | Q(
                status=InteractionStatus.CLOSED,
                wrapped_up_at__gte=start,
                wrapped_up_at__lt=end,
            )
        )
        .only("kind", "topic", "status", "queued_at", "wrapped_up_at")
    )
    for item in others:
        _add_other(total, item, at, start)
        _add_other(queues[item.topic], item, at, start)
    operators = {status: 0 for status in OperatorStatus.values}
    for row in (
        OperatorProfile.objects.filter(user__is_active=True)
        .values("status")
        .annotate(n=Count("pk"))
    ):
        operators[row["status"]] = row["n"]
    return Wallboard(
        day=day,
        at=at,
        threshold=threshold,
        target=setting.service_level_target,
        total=total,
        queues=list(queues.values()),
        operators=operators,
    )


def _figures(figures: QueueFigures) -> dict[str, Any]:
    data = asdict(figures)
    data["service_level"] = figures.service_level
    data["aht"] = figures.aht
    return data


def wallboard_payload(board: Wallboard) -> dict[str, Any]:
    """The wallboard as JSON (socket frames, the polling fallback)."""
    return {
        "day": board.day.isoformat(),
        "at": timezone.localtime(board.at).isoformat(timespec="seconds"),
        "threshold": board.threshold,
        "target": board.target,
        "meets_target": board.meets_target,
        "total": _figures(board.total),
        "queues": [_figures(q) for q in board.queues],
        "operators": board.operators,
    }
