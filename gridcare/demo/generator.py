"""Pass 2 of the appeal year: planned arrivals become prepared rows of Appeal,
AppealEvent and AppealMessage, a batch at a time.

The generator writes nothing and reads only the production calendar (through
`due_at`), so a large build runs it in a separate process while the parent inserts
(worker.py); small builds and tests run it in-process. Either way one random
generator is consumed in the same order, so a seed gives the same data."""

import random
from collections.abc import Iterator
from dataclasses import dataclass

from gridcare.appeals.codes import AnswerChannel, Kind, Regime
from gridcare.appeals.deadlines import DeadlineRuleSet
from gridcare.appeals.models import Appeal, AppealEvent, AppealMessage, DeadlineRule
from gridcare.appeals.registration import registration_number_format
from gridcare.calendars.terms import TermUnit, due_at, extend_for_pause
from gridcare.demo import texts
from gridcare.demo.appeal_fields import AppealFields
from gridcare.demo.clock import DAY, WorkClock, day_date, moscow_day, to_datetime
from gridcare.demo.company import Company, OfficeRef
from gridcare.demo.consumers import ConsumerRef
from gridcare.demo.lifecycle import Plan, Story, unfold
from gridcare.demo.loading import BATCH_SIZE, Keys, TableWriter
from gridcare.demo.staff import StaffRef

NOT_YET = float("inf")  # planned registration after now: the appeal stays new
WRITTEN_ANSWER = frozenset(
    {AnswerChannel.PERSONAL_ACCOUNT, AnswerChannel.EMAIL, AnswerChannel.POST}
)
Arrival = tuple[float, float, str]  # (registered or NOT_YET, received, channel)


def registration_number(year: int, value: int) -> str:
    """The format of `registration_number_next`: '26-0000123'."""
    return registration_number_format(year=year, value=value)


def registration_year(registered: float) -> int:
    """The year whose counter numbers an appeal (Moscow date of registration)."""
    return day_date(moscow_day(registered)).year


@dataclass
class Chunk:
    count: int
    appeals: list[list[object]]
    events: list[list[object]]
    messages: list[list[object]]


@dataclass
class AppealGenerator:
    """Everything pass 2 needs, picklable."""

    company: Company
    rng: random.Random
    now: float
    clock: WorkClock
    rules: DeadlineRuleSet
    region: str
    service_form: dict[str, str]
    counters: dict[int, int]
    keys: Keys
    pins: dict[int, ConsumerRef]
    kazan: int
    director: StaffRef
    in_person: dict[int, list[OfficeRef]]

    def chunks(self, arrivals: list[Arrival]) -> Iterator[Chunk]:
        self._rule_cache: dict[tuple, DeadlineRule | None] = {}
        self._due_cache: dict[tuple[int, int], float] = {}
        writers = {m: TableWriter(m) for m in (Appeal, AppealEvent, AppealMessage)}
        for start in range(0, len(arrivals), BATCH_SIZE):
            chunk = Chunk(0, [], [], [])
            appeal_rows = writers[Appeal].row
            event_rows = writers[AppealEvent].row
            message_rows = writers[AppealMessage].row
            for offset, (registered, received, channel) in enumerate(
                arrivals[start : start + BATCH_SIZE]
            ):
                appeal, events, messages = self._appeal(
                    start + offset, registered, received, channel
                )
                chunk.appeals.append(appeal_rows(appeal))
                chunk.events.extend(event_rows(e) for e in events)
                chunk.messages.extend(message_rows(m) for m in messages)
                chunk.count += 1
            yield chunk

    def _appeal(
        self, index: int, registered: float, received: float, channel: str
    ) -> tuple[dict[str, object], list[dict[str, object]], list[dict[str, object]]]:
        fields = AppealFields.draw(self, index, received, channel)
        pk = self.keys.allocate(Appeal)
        story: Story | None = None
        deadline = None
        at = None if registered == NOT_YET else registered
        if at is not None:
            year = registration_year(at)
            self.counters[year] = self.counters.get(year, 0) + 1
            fields.number = registration_number(year, self.counters[year])
            deadline = self._deadline(
                regime=fields.regime,
                kind=fields.kind,
                channel=channel,
                topic=fields.topic,
                start=at,
            )
            story = self._story(fields, at, deadline)
        appeal = fields.to_appeal(pk, at, story, deadline, self.service_form[channel])
        events = fields.first_events(pk, at, deadline, self.keys)
        messages: list[dict[str, object]] = []
        if story is not None:
            fields.story_rows(pk, story, events, messages, self.keys)
        return appeal, events, messages

    def _deadline(
        self, *, regime: str, kind: str, channel: str, topic: str, start: float
    ) -> tuple[DeadlineRule, float, float] | None:
        """DeadlineRuleSet's rule and the calendars' `due_at`, cached per Moscow day for
        day-based units (their deadline does not depend on the hour)."""
        day = moscow_day(start)
        key = (regime, kind, channel, topic, day)
        if key not in self._rule_cache:
            self._rule_cache[key] = self.rules.pick(
                regime=regime, kind=kind, channel=channel, topic=topic, on=day_date(day)
            )
        rule = self._rule_cache[key]
        if rule is None:
            return None
        due_key = (rule.pk, day)
        due = self._due_cache.get(due_key)
        if due is None:
            due = due_at(
                start=to_datetime(start),
                amount=rule.amount,
                unit=rule.unit,
                region=self.region,
            ).timestamp()
            if rule.unit != TermUnit.WORKING_HOURS:
                self._due_cache[due_key] = due
        # As DeadlineRuleSet.deadline: «срок истекает» after a share of the term.
        soon = start + (due - start) * float(rule.due_soon_share)
        return rule, due, soon

    def _story(
        self,
        fields: AppealFields,
        registered: float,
        deadline: tuple[DeadlineRule, float, float] | None,
    ) -> Story:
        if deadline is None:  # no rule matched: no deadline, a month to work
            rule, due, soon = None, registered + 30 * DAY, registered + 24 * DAY
        else:
            rule, due, soon = deadline
        unit = rule.unit if rule else TermUnit.CALENDAR_DAYS

        def extend_due(old: float, paused_from: float, paused_to: float) -> float:
            return extend_for_pause(
                due=to_datetime(old),
                paused_from=to_datetime(paused_from),
                paused_to=to_datetime(paused_to),
                unit=unit,
                region=self.region,
            ).timestamp()

        plan = Plan(
            registered=registered,
            due=due,
            due_soon=soon,
            instant=fields.instant,
            answerer_id=fields.registered_by_id if fields.instant else None,
            assignee_id=fields.assignee.id,
            assignee_name=fields.assignee.name,
            assigner_id=fields.assigner_id,
            consumer_user_id=fields.consumer.user_id if fields.consumer else None,
            identified=fields.consumer is not None,
            pauses=bool(rule and rule.pauses_while_waiting),
            is_complaint=fields.kind == Kind.COMPLAINT,
            can_forward=fields.can_forward,
            contract_kind=fields.contract_kind,
            answer_via=fields.answer_channel,
            written_answer=fields.answer_channel in WRITTEN_ANSWER,
            answer_text=fields.answer_text,
            callback=fields.regime == Regime.PHONE_CALLBACK,
        )
        return unfold(
            plan,
            rng=self.rng,
            clock=self.clock,
            now=self.now,
            extend_due=extend_due,
            texts=(texts.INFORMATION_REQUESTS, texts.CONSUMER_REPLIES),
        )
