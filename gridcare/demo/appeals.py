"""A year of demo appeals with their history, built in bulk.

Pass 1 (here): every appeal gets a channel, a moment of receipt (weekday and hour
patterns) and a moment of registration; sorted by registration they take consecutive
numbers per year, as `registration_number_next` would have issued them. Pass 2
(generator.py): every appeal gets its consumer, topic, deadline and life story and
becomes rows, inserted here in batches of BATCH_SIZE, BATCHES_PER_COMMIT batches per
transaction, with its AppealEvent and AppealMessage rows."""

import itertools
import random
import time
from collections.abc import Callable
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction

from gridcare.accounts.models import Role
from gridcare.appeals.codes import DEFAULT_SERVICE_FORM, Channel
from gridcare.appeals.deadlines import DeadlineRuleSet
from gridcare.appeals.models import (
    Appeal,
    AppealEvent,
    AppealMessage,
    ChannelSetting,
    RegistrationCounter,
)
from gridcare.consumers.models import ConsumerKind
from gridcare.demo import volumes
from gridcare.demo.clock import DAY, HOUR, WorkClock, day_date, day_start, moscow_day
from gridcare.demo.company import Company
from gridcare.demo.consumers import ConsumerRef
from gridcare.demo.generator import (
    NOT_YET,
    AppealGenerator,
    Arrival,
    registration_year,
)
from gridcare.demo.loading import BulkLoader, Keys
from gridcare.demo.worker import chunks_in_child

# Registration moments: automatic channels at once, calls and visits during the
# contact, e-mail and letters in the remote centres' working hours.
AUTOMATIC = frozenset(
    {
        Channel.PERSONAL_ACCOUNT,
        Channel.MOBILE_APP,
        Channel.INTERNET_RECEPTION,
        Channel.CHATBOT,
        Channel.IVR,
    }
)
# From this many appeals the generator runs in a child process (worker.py).
IN_CHILD_FROM = 20_000
BATCHES_PER_COMMIT = 10


class AppealYear:
    """Builds `total` appeals received from `first_day` up to `until` (default: now),
    with their history as it stands at `now`."""

    def __init__(
        self,
        *,
        company: Company,
        loader: BulkLoader,
        rng: random.Random,
        now: datetime,
        first_day: date,
        total: int,
        until: datetime | None = None,
        log: Callable[[str], None] = print,
    ) -> None:
        self.company, self.loader, self.rng, self.log = company, loader, rng, log
        self.now = now.timestamp()
        self.until = min(self.now, (until or now).timestamp())
        self.first_day = first_day.toordinal() - date(1970, 1, 1).toordinal()
        self.last_day = moscow_day(self.until)
        self.total = total
        self.region = settings.CALENDAR_REGION
        self.clock = WorkClock(
            first=day_date(self.first_day - 1),
            last=day_date(self.last_day + 400),
            region=self.region,
        )
        self.rules = DeadlineRuleSet.load()  # once: the generator picks from it
        self.service_form = dict(DEFAULT_SERVICE_FORM)
        self.service_form.update(
            ChannelSetting.objects.values_list("channel", "service_form")
        )
        self.counters = dict(RegistrationCounter.objects.values_list("year", "value"))
        remote_ids = {ref.id for ref in company.remote_centres.values()}
        self.in_person = {
            branch: [o for o in offices if o.id not in remote_ids]
            for branch, offices in company.offices_by_branch.items()
        }
        self.pins: dict[int, ConsumerRef] = {}

    # -- pass 1: when appeals arrive -------------------------------------------------

    def _arrivals(self, channel: str, count: int) -> list[Arrival]:
        rng, clock = self.rng, self.clock
        days = list(range(self.first_day, self.last_day + 1))
        weights = []
        for day in days:
            month = day_date(day).month
            weight = volumes.MONTH_WEIGHTS[month - 1]
            if not clock.is_working(day):
                if channel in volumes.WORKING_DAYS_ONLY:
                    weight = 0.0
                elif day_date(day).weekday() == 5:
                    weight *= volumes.SATURDAY_WEIGHT
                else:
                    weight *= volumes.DAY_OFF_WEIGHT
            weights.append(weight)
        hour_weights = volumes.HOUR_WEIGHTS.get(channel, volumes.DEFAULT_HOUR_WEIGHTS)
        picked_days = rng.choices(days, weights, k=count)
        hours = rng.choices(range(24), hour_weights, k=count)
        arrivals = []
        for day, hour in zip(picked_days, hours, strict=True):
            if (
                channel == Channel.OFFICE
                and day_date(day).weekday() == 4
                and hour >= 16
            ):
                hour = rng.randint(8, 15)  # offices close at 16:00 on Fridays
            received = day_start(day) + hour * HOUR + rng.random() * HOUR
            if received > self.until:  # later today: the same hour of a past day
                received -= DAY * rng.randint(1, 6)
            arrivals.append((self._registration(channel, received), received, channel))
        return arrivals

    def _registration(self, channel: str, received: float) -> float:
        rng = self.rng
        if channel in AUTOMATIC:
            registered = received + rng.uniform(1, 20)
        elif channel in (Channel.PHONE, Channel.OFFICE):
            registered = received + rng.uniform(60, 300)
        elif channel in (Channel.EMAIL, Channel.SOCIAL):
            registered = self.clock.open_after(
                received + rng.uniform(600, 4 * HOUR), rng
            )
        else:  # letters are registered during the next working hours
            registered = self.clock.open_after(
                received + rng.uniform(2 * HOUR, 26 * HOUR), rng
            )
        return registered if registered <= self.now else NOT_YET

    def plan(self) -> list[Arrival]:
        """Every appeal's (registered, received, channel), in registration order;
        appeals not registered yet (NOT_YET) come last."""
        window = range(self.first_day, min(self.first_day + 365, self.last_day + 1))
        working = sum(self.clock.is_working(day) for day in window)
        counts = volumes.channel_volumes(self.total, working)
        arrivals: list[Arrival] = []
        for channel, count in counts.items():
            arrivals.extend(self._arrivals(channel, count))
        arrivals.sort()
        self._pin_demo_consumers(arrivals)
        return arrivals

    def _pin_demo_consumers(self, arrivals: list[Arrival]) -> None:
        """Give each demo consumer with a known password a handful of appeals over the
        year, the last ones recent enough to be still open."""
        channels = {
            ConsumerKind.INDIVIDUAL: {
                Channel.PERSONAL_ACCOUNT,
                Channel.MOBILE_APP,
                Channel.PHONE,
                Channel.OFFICE,
            },
            ConsumerKind.ENTREPRENEUR: {Channel.PERSONAL_ACCOUNT, Channel.OFFICE},
            ConsumerKind.LEGAL_ENTITY: {
                Channel.PERSONAL_ACCOUNT,
                Channel.EMAIL,
                Channel.POST,
                Channel.OFFICE,
            },
        }
        registered = [i for i, a in enumerate(arrivals) if a[0] != NOT_YET]
        recent_from = len(registered) - max(1, len(registered) // 50)
        for ref in self.company.demo_consumers:
            allowed = channels[ref.kind]
            candidates = [i for i in registered if arrivals[i][2] in allowed]
            recent = [i for i in candidates if i >= registered[recent_from]]
            picks = self.rng.sample(candidates, min(6, len(candidates)))
            picks += self.rng.sample(recent, min(2, len(recent)))
            for index in picks:
                self.pins.setdefault(index, ref)

    # -- pass 2: what each appeal is and what happened to it -------------------------

    def build(self) -> int:
        """Plan, generate and insert the appeals; set the registration counters."""
        arrivals = self.plan()
        self.log(f"  план: {len(arrivals):,} обращений".replace(",", " "))
        generator = AppealGenerator(
            company=self.company,
            rng=self.rng,
            now=self.now,
            clock=self.clock,
            rules=self.rules,
            region=self.region,
            service_form=self.service_form,
            counters=dict(self.counters),
            keys=Keys(
                {
                    m._meta.label: self.loader.allocate(m, 0)
                    for m in (Appeal, AppealEvent, AppealMessage)
                }
            ),
            pins=self.pins,
            kazan=self.company.branch_by_code["kazan"],
            director=self.company.staff.by_role[Role.SUPERVISOR][0],
            in_person=self.in_person,
        )
        # Tests and small builds run inside the caller's transaction: in-process.
        in_child = len(arrivals) >= IN_CHILD_FROM and not connection.in_atomic_block
        chunks = (
            chunks_in_child(generator, arrivals)
            if in_child
            else generator.chunks(arrivals)
        )
        started = time.perf_counter()
        done, step = 0, max(len(arrivals) // 10, 1)
        batches = iter(chunks)
        taken = BATCHES_PER_COMMIT
        while taken == BATCHES_PER_COMMIT:
            # Several batches per transaction: each commit rewrites every index page
            # it touched, so fewer commits write far less.
            taken = 0
            with transaction.atomic():
                for chunk in itertools.islice(batches, BATCHES_PER_COMMIT):
                    taken += 1
                    self.loader.insert_prepared(Appeal, chunk.appeals)
                    self.loader.insert_prepared(AppealEvent, chunk.events)
                    self.loader.insert_prepared(AppealMessage, chunk.messages)
                    before, done = done, done + chunk.count
                    if before // step != done // step or done == len(arrivals):
                        self._progress(done, len(arrivals), started)
        # The counter holds the last number issued in each year, so that
        # `registration_number_next` continues the sequence.
        for registered, _received, _channel in arrivals:
            if registered != NOT_YET:
                year = registration_year(registered)
                self.counters[year] = self.counters.get(year, 0) + 1
        for year, value in self.counters.items():
            RegistrationCounter.objects.update_or_create(
                year=year, defaults={"value": value}
            )
        return len(arrivals)

    def _progress(self, done: int, total: int, started: float) -> None:
        seconds = time.perf_counter() - started
        rows_per_second = self.loader.total_rows / self.loader.elapsed
        self.log(
            f"  обращения: {done:,} / {total:,} · {done / seconds:,.0f} обращений/с · "
            f"{rows_per_second:,.0f} строк/с".replace(",", " ")
        )
