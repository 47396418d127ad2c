"""A realistic day of calls replayed through the call-event service and the voice
menu, with a simulated clock (nothing waits unless `speed` asks for it).

Arrivals follow the hourly profile below (a morning peak, a quieter afternoon) plus
a spike after an emergency outage at 14:00; about 51.5 % of callers end in the voice
menu (the seed's 986 of 1 914) and the rest press 0 (or 5 for grid connection) and
wait for an operator. Operators (demo users created by the run) work in shifts; the
router gives a waiting call to the longest-idle ready operator with the queue's skill
— the contact centre's rule — and callers give up after a random patience.

Self-service in the simulation uses only flows without side effects on the registry:
the outage lookup and the appeal status (call-back requests and meter readings would
create real appeals and readings)."""

import contextlib
import heapq
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from gridcare.accounts.models import Role, User
from gridcare.contact_centre import services as centre_services
from gridcare.contact_centre.models import ChatTopic, WrapUpCode
from gridcare.core.errors import ApplicationError
from gridcare.telephony.centre import call_route_next, call_wrap_up
from gridcare.telephony.ivr.engine import ivr_session_start, ivr_step
from gridcare.telephony.ivr.instruction import Instruction, IvrInput
from gridcare.telephony.models import Call, IvrSession, Pbx
from gridcare.telephony.services import CallEventInput, call_event_record, pbx_create

MOSCOW = ZoneInfo("Europe/Moscow")
SIM_PBX = "Симуляция"
SELF_SERVICE_SHARE = 986 / 1914
# Share of the day's calls arriving in each hour (Moscow time): night trickle,
# the morning peak 9–11, lunch dip, the evening tail.
HOURLY = [
    0.4,
    0.3,
    0.2,
    0.2,
    0.2,
    0.4,
    1.0,
    2.6,
    6.0,
    9.4,
    9.8,
    8.6,
    7.2,
    6.4,
    6.6,
    6.2,
    5.8,
    5.4,
    4.4,
    3.4,
    2.4,
    1.6,
    1.0,
    0.6,
]
SPIKE_START = dtime(14, 0)  # the emergency outage of the day
SPIKE_SHARE = 0.08  # of the day's calls, within 90 minutes of it
OPERATOR_TOPICS = [(ChatTopic.GENERAL, "0", 0.82), (ChatTopic.CONNECTION, "5", 0.18)]
TALK_MEAN, WRAP_UP, RING = 190.0, 30.0, 4.0
PATIENCE_MEAN = 95.0
SERVICE_LEVEL_SECONDS = 20


@dataclass
class Agent:
    user: User
    topics: list[str]
    shift_start: datetime
    shift_end: datetime
    busy: bool = False
    idle_since: datetime | None = None

    def ready(self, at: datetime) -> bool:
        return not self.busy and self.shift_start <= at < self.shift_end


@dataclass
class SimCall:
    index: int
    call_id: str
    caller: str
    arrival: datetime
    presses: list[tuple[float, str]]  # (seconds after arrival, keys)
    topic: str = ""
    patience: float = 0.0
    session: IvrSession | None = None
    step: int = 0
    queued_at: datetime | None = None
    agent: Agent | None = None


@dataclass
class Plan:
    day: date
    calls: list[SimCall]
    agents: list[Agent]


@dataclass
class Simulator:
    """Runs a plan: a heap of timed actions, processed in time order."""

    pbx: Pbx
    plan: Plan
    rng: random.Random
    speed: float = 0.0
    heap: list[tuple[datetime, int, str, Any]] = field(default_factory=list)
    waiting: list[SimCall] = field(default_factory=list)
    counter: int = 0
    clock: datetime | None = None
    wrap_up_code: str = ""

    def schedule(self, at: datetime, kind: str, payload: Any) -> None:
        self.counter += 1
        heapq.heappush(self.heap, (at, self.counter, kind, payload))

    def run(self) -> None:
        for call in self.plan.calls:
            self.schedule(call.arrival, "arrive", call)
        for agent in self.plan.agents:
            self.schedule(agent.shift_start, "shift", agent)
        while self.heap:
            at, _n, kind, payload = heapq.heappop(self.heap)
            if self.speed > 0 and self.clock is not None:
                time.sleep(max(0.0, (at - self.clock).total_seconds() / self.speed))
            self.clock = at
            getattr(self, f"on_{kind}")(at, payload)

    # ---- callers ----------------------------------------------------------------

    def on_arrive(self, at: datetime, call: SimCall) -> None:
        call.session, instruction = ivr_session_start(
            pbx=self.pbx, call_id=call.call_id, caller=call.caller, at=at
        )
        call.step = instruction.step
        self._next_press(call, instruction, at)

    def _next_press(
        self, call: SimCall, instruction: Instruction, at: datetime
    ) -> None:
        if instruction.transfer_queue:
            call.queued_at = at
            self.waiting.append(call)
            self.schedule(at + timedelta(seconds=call.patience), "give_up", call)
            self.dispatch(at)
            return
        if instruction.hangup:
            return
        if not call.presses:
            self.schedule(at + timedelta(seconds=8), "hang_up_in_menu", call)
            return
        delay, keys = call.presses.pop(0)
        self.schedule(at + timedelta(seconds=delay), "press", (call, keys))

    def on_press(self, at: datetime, payload: tuple[SimCall, str]) -> None:
        call, keys = payload
        assert call.session is not None
        instruction = ivr_step(
            session=call.session, entry=IvrInput(digits=keys), step=call.step, at=at
        )
        call.step = instruction.step
        self._next_press(call, instruction, at)

    def on_hang_up_in_menu(self, at: datetime, call: SimCall) -> None:
        self._event(call, "hangup", at, "menu")

    def on_give_up(self, at: datetime, call: SimCall) -> None:
        if call in self.waiting:
            self.waiting.remove(call)
            self._event(call, "hangup", at, "abandon")

    # ---- operators --------------------------------------------------------------

    def on_shift(self, at: datetime, agent: Agent) -> None:
        agent.idle_since = at
        _status(agent.user, "ready", at)
        self.schedule(agent.shift_end, "shift_end", agent)
        self.dispatch(at)

    def on_shift_end(self, at: datetime, agent: Agent) -> None:
        if not agent.busy:
            _status(agent.user, "offline", at)

    def on_answer(self, at: datetime, call: SimCall) -> None:
        assert call.agent is not None
        self._event(call, "answered", at, "answer", operator=call.agent.user.email)
        talk = self.rng.lognormvariate(0, 0.6) * TALK_MEAN * 0.84
        self.schedule(at + timedelta(seconds=max(talk, 20)), "end", call)

    def on_end(self, at: datetime, call: SimCall) -> None:
        self._event(call, "hangup", at, "end", recording_ref=f"sim/{call.call_id}.wav")
        self.schedule(at + timedelta(seconds=WRAP_UP), "wrapped_up", call)

    def on_wrapped_up(self, at: datetime, call: SimCall) -> None:
        """The operator closes the call with a wrap-up code (the contact centre makes
        them ready again) and goes offline when the shift is over."""
        agent = call.agent
        assert agent is not None
        agent.busy = False
        agent.idle_since = at
        record = (
            Call.objects.select_related("operator")
            .filter(pbx=self.pbx, external_id=call.call_id)
            .first()
        )
        wrapped = bool(
            record
            and self.wrap_up_code
            and call_wrap_up(call=record, at=at, code=self.wrap_up_code)
        )
        if at >= agent.shift_end:
            _status(agent.user, "offline", at)
        elif not wrapped:
            _status(agent.user, "ready", at)
        self.dispatch(at)

    def dispatch(self, at: datetime) -> None:
        """Give waiting calls (oldest first) to the longest-idle ready operator with
        the queue's skill."""
        for call in list(self.waiting):
            free = [
                a for a in self.plan.agents if a.ready(at) and call.topic in a.topics
            ]
            if not free:
                continue
            agent = self._centre_choice(call, free, at) or min(
                free, key=lambda a: a.idle_since or a.shift_start
            )
            agent.busy = True
            call.agent = agent
            self.waiting.remove(call)
            self.schedule(at + timedelta(seconds=RING), "answer", call)

    def _centre_choice(
        self, call: SimCall, free: list[Agent], at: datetime
    ) -> Agent | None:
        """The operator the contact centre's routing engine gives the call, when it
        is one of the free simulated operators."""
        record = Call.objects.filter(pbx=self.pbx, external_id=call.call_id).first()
        operator = call_route_next(call=record, at=at) if record else None
        if operator is None:
            return None
        return next((a for a in free if a.user.pk == operator.pk), None)

    def _event(
        self, call: SimCall, kind: str, at: datetime, suffix: str, **extra: str
    ) -> None:
        call_event_record(
            pbx=self.pbx,
            data=CallEventInput(
                event_id=f"{call.call_id}:{suffix}",
                type=kind,
                call_id=call.call_id,
                at=at,
                **extra,
            ),
        )


def _status(user: User, status: str, at: datetime) -> None:
    """Mirror the operator's status into the contact centre (wallboard) if it
    offers the service."""
    setter: Callable[..., Any] | None = getattr(
        centre_services, "operator_status_set", None
    )
    if setter is None:
        return
    # A refused status costs the wallboard one status; the simulation goes on.
    with contextlib.suppress(ApplicationError):
        setter(user, status, at)


def _wrap_up_code() -> str:
    """The first active wrap-up code of the contact centre («консультация»)."""
    return (
        WrapUpCode.objects.filter(is_active=True)
        .order_by("order", "id")
        .values_list("code", flat=True)
        .first()
        or ""
    )


# ---- planning ---------------------------------------------------------------------


def _arrivals(day: date, count: int, rng: random.Random) -> list[datetime]:
    midnight = datetime.combine(day, dtime(0, 0), tzinfo=MOSCOW)
    spike = round(count * SPIKE_SHARE)
    hours = rng.choices(range(24), weights=HOURLY, k=count - spike)
    times = [midnight + timedelta(hours=h, seconds=rng.uniform(0, 3600)) for h in hours]
    spike_at = datetime.combine(day, SPIKE_START, tzinfo=MOSCOW)
    # Calls after an outage come at once and thin out over about 90 minutes.
    times += [
        spike_at + timedelta(seconds=min(rng.expovariate(1 / 1500), 5400))
        for _ in range(spike)
    ]
    return sorted(times)


def _self_service_presses(
    rng: random.Random, accounts: list[str]
) -> list[tuple[float, str]]:
    kind = rng.random()
    if kind < 0.6:  # is there an outage; by account when the caller ID is unknown
        presses = [(rng.uniform(8, 25), "1")]
        if accounts:
            presses.append((12.0, rng.choice(accounts)))
        return [*presses, (rng.uniform(15, 30), "9")]
    if kind < 0.8:  # the status of an appeal (a wrong number: told it is not found)
        number = "".join(rng.choice("0123456789") for _ in range(9))
        return [(20.0, "3"), (15.0, number), (10.0, number), (10.0, number), (8, "9")]
    return []  # listened to the greeting and hung up


def _agents(day: date, operators: int, night: int) -> list[Agent]:
    users = []
    for n in range(1, operators + 1):
        user = User.objects.filter(email=f"sim-operator-{n:02d}@gridcare.test").first()
        if user is None:
            user = User.objects.create_user(
                email=f"sim-operator-{n:02d}@gridcare.test",
                password=None,
                role=Role.OPERATOR,
                full_name=f"Оператор симуляции {n:02d}",
            )
        users.append(user)
    start = datetime.combine(day, dtime(0, 0), tzinfo=MOSCOW)
    agents = []
    for n, user in enumerate(users):
        topics = [ChatTopic.GENERAL.value]
        if n % 3 == 0:
            topics.append(ChatTopic.CONNECTION.value)
        hours = [(0, 8), (20, 24)] if n < night else [(8, 20)]
        for begin, end in hours:
            agents.append(
                Agent(
                    user,
                    topics,
                    start + timedelta(hours=begin),
                    start + timedelta(hours=end),
                )
            )
    return agents


def simulation_plan(
    *, day: date, calls: int, seed: int, operators: int, night: int, accounts: list[str]
) -> Plan:
    """Plan a day: arrivals, what each caller does, operators' shifts."""
    rng = random.Random(seed)
    planned = []
    # Exactly the seed's share ends in the menu (986 of 1 914), the callers drawn
    # at random over the day.
    automated = set(rng.sample(range(calls), round(calls * SELF_SERVICE_SHARE)))
    for i, arrival in enumerate(_arrivals(day, calls, rng)):
        caller = f"+79{rng.randrange(10**9):09d}"
        call = SimCall(
            index=i,
            call_id=f"sim-{day:%Y%m%d}-{seed}-{i:05d}",
            caller=caller,
            arrival=arrival,
            presses=[],
        )
        if i in automated:
            call.presses = _self_service_presses(rng, accounts)
        else:
            roll, total = rng.random(), 0.0
            for topic, key, share in OPERATOR_TOPICS:
                total += share
                if roll <= total:
                    call.topic, digit = topic, key
                    break
            else:
                call.topic, digit = ChatTopic.GENERAL, "0"
            call.presses = [(rng.uniform(10, 30), digit)]
            call.patience = max(rng.expovariate(1 / PATIENCE_MEAN), 5.0)
        planned.append(call)
    return Plan(day=day, calls=planned, agents=_agents(day, operators, night))


def simulation_run(
    *,
    day: date,
    calls: int = 1914,
    seed: int = 1,
    operators: int = 14,
    night: int = 4,
    speed: float = 0.0,
    replace: bool = False,
) -> Pbx:
    """Replay a planned day through the voice menu and the call-event service."""
    pbx = Pbx.objects.filter(name=SIM_PBX).first() or pbx_create(name=SIM_PBX)[0]
    existing = Call.objects.filter(
        pbx=pbx, external_id__startswith=f"sim-{day:%Y%m%d}-"
    )
    if existing.exists():
        if not replace:
            raise ApplicationError(
                f"Симуляция за {day:%d.%m.%Y} уже есть; укажите --replace, чтобы "
                "заменить её.",
                code="simulation_exists",
            )
        existing.delete()
    from gridcare.consumers.models import ConsumerAccount

    accounts = list(ConsumerAccount.objects.values_list("number", flat=True)[:200])
    with transaction.atomic():
        plan = simulation_plan(
            day=day,
            calls=calls,
            seed=seed,
            operators=operators,
            night=min(night, operators),
            accounts=accounts,
        )
    Simulator(
        pbx=pbx,
        plan=plan,
        rng=random.Random(seed + 1),
        speed=speed,
        wrap_up_code=_wrap_up_code(),
    ).run()
    return pbx
