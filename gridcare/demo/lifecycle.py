"""The life of one demo appeal after registration: who took it, when it was answered,
closed, rated or escalated. The whole story is planned first and then cut at "now",
so recent appeals are still open and the history never runs ahead of the clock."""

import random
from dataclasses import dataclass, field

from gridcare.appeals.codes import Status
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.demo.clock import DAY, HOUR, WorkClock, to_datetime

# Shares of the ways an appeal handled in the back office ends (⚠️ demo estimates).
WITHDRAWN = 0.007
STUCK = 0.004  # never answered: old overdue appeals in the queue
WAITING = 0.05  # the specialist asks the consumer for information
LATE = 0.05
CLOSED_AFTER_ANSWER = 0.85
REOPENED = 0.01
FORWARDED_SERVICES = 0.25  # billing questions go to the retailer


@dataclass
class Event:
    at: float
    action: str
    actor_id: int | None
    from_status: str = ""
    to_status: str = ""
    details: dict[str, object] = field(default_factory=dict)


@dataclass
class Message:
    at: float
    to_consumer: bool
    author_id: int | None
    text: str
    is_answer: bool = False


@dataclass
class Story:
    """Everything that happened to an appeal up to now, and its resulting state."""

    events: list[Event]
    messages: list[Message]
    status: str
    assignee_id: int | None = None
    answered_at: float | None = None
    closed_at: float | None = None
    paused_at: float | None = None
    escalated_at: float | None = None
    due_at: float | None = None
    due_soon_at: float | None = None
    rating: int | None = None
    rated_at: float | None = None
    forwarded: bool = False
    complaint_settled: bool = False
    contract: bool = False


@dataclass
class Plan:
    """What the appeal builder decided before the story unfolds."""

    registered: float
    due: float
    due_soon: float
    instant: bool
    answerer_id: int | None  # answers on the spot (operator, office specialist, bot)
    assignee_id: int | None
    assignee_name: str
    assigner_id: int | None
    consumer_user_id: int | None
    identified: bool
    pauses: bool  # the deadline rule pauses while waiting for the consumer
    is_complaint: bool
    can_forward: bool
    contract_kind: str  # "connection" / "transmission" / ""
    answer_via: str
    written_answer: bool
    answer_text: str
    callback: bool  # a 4-hour phone call-back rather than a written answer


def _rating(rng: random.Random, late: bool) -> int:
    weights = (25, 20, 20, 15, 20) if late else (4, 4, 10, 22, 60)
    return rng.choices((1, 2, 3, 4, 5), weights)[0]


def unfold(
    plan: Plan,
    *,
    rng: random.Random,
    clock: WorkClock,
    now: float,
    extend_due: object,
    texts: tuple[tuple[str, ...], tuple[str, ...]],
) -> Story:
    """Plan the appeal's life after registration and cut it at `now`.

    `extend_due(due, paused_from, paused_to)` moves a deadline by a pause (the
    calendars' `extend_for_pause`); `texts` are (information requests, replies)."""
    events: list[Event] = []
    messages: list[Message] = []
    due, due_soon = plan.due, plan.due_soon
    pause: tuple[float, float] | None = None
    reg = plan.registered
    via = plan.answer_via

    def add(at: float, action: str, actor: int | None, to: str = "", **details):
        from_status = _status_before(events) if to else ""
        events.append(Event(at, action, actor, from_status, to, details))

    if plan.instant:
        answered = reg + (
            rng.uniform(20, 180) if plan.answerer_id is None else rng.uniform(60, 600)
        )
        add(
            answered,
            "answered",
            plan.answerer_id,
            Status.ANSWERED,
            via=plan.answer_via,
            on_time=True,
        )
        add(answered + rng.uniform(5, 60), "closed", plan.answerer_id, Status.CLOSED)
        late = False
        assignee = plan.answerer_id
    else:
        assignee = plan.assignee_id
        if plan.callback:
            assigned = clock.open_after(reg + rng.uniform(120, 1800), rng)
        else:
            assigned = clock.open_after(reg + rng.uniform(600, 6 * HOUR), rng)
        add(
            assigned,
            "assigned",
            plan.assigner_id,
            Status.IN_WORK,
            assignee=plan.assignee_name,
        )
        roll = rng.random()
        last = assigned
        if roll < WITHDRAWN:
            at = assigned + rng.uniform(HOUR, 5 * DAY)
            actor = plan.consumer_user_id or plan.assignee_id
            add(
                at,
                "withdrawn",
                actor,
                Status.WITHDRAWN,
                reason="Вопрос решён, обращение отзываю.",
            )
            return _cut(rng, events, messages, now, assignee, due, due_soon, None)
        if plan.can_forward and rng.random() < FORWARDED_SERVICES:
            at = clock.open_after(assigned + rng.uniform(2 * HOUR, 3 * DAY), rng)
            text = "Вопрос относится к энергосбытовой организации; обращение перенаправлено."
            messages.append(Message(at, True, plan.assignee_id, text))
            add(
                at,
                "forwarded",
                plan.assignee_id,
                Status.FORWARDED,
                forwarded_to="АО «Татэнергосбыт»",
            )
            return _cut(rng, events, messages, now, assignee, due, due_soon, None)
        if roll < WITHDRAWN + STUCK:
            return _cut(rng, events, messages, now, assignee, due, due_soon, None)
        if not plan.callback and plan.identified and rng.random() < WAITING:
            asked = clock.open_after(assigned + rng.uniform(HOUR, 2 * DAY), rng)
            replied = asked + rng.uniform(0.5 * DAY, 7 * DAY)
            messages.append(Message(asked, True, assignee, rng.choice(texts[0])))
            add(asked, "information_requested", assignee, Status.WAITING)
            messages.append(
                Message(replied, False, plan.consumer_user_id, rng.choice(texts[1]))
            )
            add(replied, "consumer_replied", plan.consumer_user_id, Status.IN_WORK)
            pause = (asked, replied)
            if plan.pauses and replied <= now:
                new_due = extend_due(due, asked, replied)
                due_soon += new_due - due
                due = new_due
            last = replied
        late = rng.random() < LATE
        if late:
            answered = clock.open_after(due + rng.uniform(HOUR, 12 * DAY), rng)
        else:
            span = max(due - last, 600)
            answered = clock.open_after(last + span * 0.9 * rng.random() ** 1.4, rng)
        late = answered > due
        if plan.written_answer:
            messages.append(Message(answered, True, assignee, plan.answer_text, True))
        add(
            answered,
            "answered",
            assignee,
            Status.ANSWERED,
            via=plan.answer_via,
            on_time=not late,
        )
        contract = plan.contract_kind and rng.random() < 0.6
        if contract:
            add(
                answered + 1,
                "outcome_set",
                assignee,
                connection_contract=plan.contract_kind == "connection",
                transmission_contract=plan.contract_kind == "transmission",
                complaint_settled=False,
            )
        if rng.random() < CLOSED_AFTER_ANSWER:
            closed = answered + rng.uniform(HOUR, 5 * DAY)
            settled = (
                {"complaint_settled": rng.random() < 0.6} if plan.is_complaint else {}
            )
            add(closed, "closed", assignee, Status.CLOSED, **settled)
            if rng.random() < REOPENED:
                reopened = closed + rng.uniform(DAY, 10 * DAY)
                actor = plan.consumer_user_id or assignee
                reason = "Потребитель не согласен с ответом."
                add(reopened, "reopened", actor, Status.IN_WORK, reason=reason)
                again = clock.open_after(reopened + rng.uniform(DAY, 5 * DAY), rng)
                on_time = again <= due
                add(
                    again,
                    "answered",
                    assignee,
                    Status.ANSWERED,
                    via=via,
                    on_time=on_time,
                )
                add(
                    again + rng.uniform(HOUR, 3 * DAY),
                    "closed",
                    assignee,
                    Status.CLOSED,
                )
    if plan.identified and rng.random() < (0.3 if plan.consumer_user_id else 0.05):
        answered_at = next(e.at for e in events if e.action == "answered")
        rating = _rating(rng, late)
        add(
            answered_at + rng.uniform(600, 3 * DAY),
            "rated",
            plan.consumer_user_id,
            rating=rating,
        )
    events.sort(key=lambda e: e.at)
    return _cut(rng, events, messages, now, assignee, due, due_soon, pause)


def _status_before(events: list[Event]) -> str:
    for event in reversed(events):
        if event.to_status:
            return event.to_status
    return Status.REGISTERED


def _cut(
    rng: random.Random,
    events: list[Event],
    messages: list[Message],
    now: float,
    assignee: int | None,
    due: float,
    due_soon: float,
    pause: tuple[float, float] | None,
) -> Story:
    """Keep what happened by `now`; add the escalation of an overdue open appeal."""
    kept = [e for e in events if e.at <= now]
    story = Story(kept, [m for m in messages if m.at <= now], Status.REGISTERED)
    story.due_at, story.due_soon_at = due, due_soon
    # The escalation job runs hourly: an appeal open and not paused at that moment
    # is marked once.
    escalate_at = due + rng.random() * HOUR
    if escalate_at <= now and _open_at(kept, escalate_at):
        kept.append(
            Event(
                escalate_at,
                "escalated",
                None,
                details={"due_at": to_datetime(due).isoformat()},
            )
        )
        kept.sort(key=lambda e: e.at)
        story.escalated_at = escalate_at
    for event in kept:
        action = event.action
        if event.to_status:
            story.status = event.to_status
        if action == "assigned":
            story.assignee_id = assignee
        elif action == "answered":
            story.answered_at = event.at
            story.assignee_id = assignee
            story.closed_at = None
        elif action in ("closed", "withdrawn"):
            story.closed_at = event.at
            story.complaint_settled = bool(event.details.get("complaint_settled"))
        elif action == "reopened":
            story.closed_at = None
        elif action == "rated":
            story.rating, story.rated_at = int(event.details["rating"]), event.at
        elif action == "forwarded":
            story.forwarded = True
        elif action == "outcome_set":
            story.contract = True
    if story.status == Status.WAITING and pause:
        story.paused_at = pause[0]
    return story


def _open_at(events: list[Event], at: float) -> bool:
    status = Status.REGISTERED
    for event in events:
        if event.at > at:
            break
        if event.to_status:
            status = event.to_status
    return status in OPEN_STATUSES and status != Status.WAITING
