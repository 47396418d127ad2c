"""What one demo appeal is: channel, topic, kind, consumer, contacts, routing, texts;
and the Appeal, AppealEvent and AppealMessage rows it becomes."""

import random
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from gridcare.appeals.codes import (
    Category,
    Channel,
    Kind,
    Regime,
    ServiceRequestType,
    Status,
    Topic,
)
from gridcare.appeals.models import AppealEvent, AppealMessage, DeadlineRule
from gridcare.appeals.registration import appeal_search_text, regime_for
from gridcare.consumers.models import ConsumerKind
from gridcare.demo import texts, volumes
from gridcare.demo.appeal_choices import (
    PORTAL_CHANNELS,
    answer_channel,
    category_for,
    external_id,
    intake,
    request_type_for,
    routing,
    who_wrote,
    wording,
)
from gridcare.demo.clock import day_date, moscow_day, to_datetime
from gridcare.demo.consumers import ConsumerRef
from gridcare.demo.lifecycle import Story
from gridcare.demo.loading import Keys
from gridcare.demo.staff import StaffRef

PERSONAL_DATA_SHARE = 0.002
_TOPICS = {
    channel: (list(shares), list(shares.values()))
    for channel, shares in volumes.TOPIC_SHARES.items()
}
_MESSAGE_ACTIONS = {
    "information_requested": True,
    "consumer_replied": False,
    "forwarded": True,
}


@dataclass
class AppealFields:
    channel: str
    topic: str
    kind: str
    category: str
    regime: str
    service_request_type: str
    consumer: ConsumerRef | None
    building_id: int | None
    address_text: str
    contact_name: str
    contact_phone: str
    contact_email: str
    contact_postal_address: str
    answer_channel: str
    subject: str
    text: str
    answer_text: str
    received: float
    branch_id: int | None
    office_id: int | None
    group: tuple[int, str]
    registered_by_id: int | None
    actor_id: int | None  # who filed or registered it (history rows)
    assignee: StaffRef
    assigner_id: int | None
    instant: bool
    can_forward: bool
    contract_kind: str
    external_id: str
    number: str | None = None

    @classmethod
    def draw(
        cls, year: Any, index: int, received: float, channel: str
    ) -> "AppealFields":
        """Decide what the appeal is; `year` is the AppealGenerator at work."""
        rng: random.Random = year.rng
        topics, weights = _TOPICS[channel]
        topic = rng.choices(topics, weights)[0]
        if rng.random() < volumes.COMPLAINT_SHARE.get(channel, 0.0):
            kind = Kind.COMPLAINT
        elif rng.random() < volumes.SERVICE_REQUEST_SHARE.get(channel, 0.0):
            kind = Kind.SERVICE_REQUEST
        else:
            kind = Kind.APPEAL
        who = who_wrote(year, index, channel, topic)
        personal_data = (
            who.consumer is not None
            and who.consumer.kind == ConsumerKind.INDIVIDUAL
            and channel in (Channel.PERSONAL_ACCOUNT, Channel.EMAIL, Channel.POST)
            and rng.random() < PERSONAL_DATA_SHARE
        )
        if personal_data:
            topic, kind = Topic.GENERAL, Kind.APPEAL
        category = category_for(rng, topic, kind)
        regime = (
            Regime.PERSONAL_DATA
            if personal_data
            else regime_for(kind=kind, channel=channel, topic=topic, category=category)
        )
        request_type = (
            request_type_for(rng, topic) if kind == Kind.SERVICE_REQUEST else ""
        )
        office_id, registered_by_id = intake(year, channel, who)
        group, assignee, assigner_id = routing(year, who.branch_id, topic, request_type)
        user_id = who.consumer.user_id if who.consumer else None
        actor_id = registered_by_id
        if actor_id is None and channel in PORTAL_CHANNELS:
            actor_id = user_id
        if personal_data:
            subject, body, answer = texts.PERSONAL_DATA_REQUEST
        else:
            subject, body, answer = wording(rng, kind, topic, request_type)
        body = body.format(
            address=who.address or "мой адрес",
            n=who.consumer.meter_serial
            if who.consumer and topic == Topic.METERING
            else rng.randint(10_000, 99_999),
            kw=rng.choice((15, 30, 50, 100, 150)),
            day=day_date(moscow_day(received)).strftime("%d.%m"),
        )
        return cls(
            channel=channel,
            topic=topic,
            kind=kind,
            category=category,
            regime=regime,
            service_request_type=request_type,
            consumer=who.consumer,
            building_id=who.building_id,
            address_text=who.address,
            contact_name=who.name,
            contact_phone=who.phone,
            contact_email=who.email,
            contact_postal_address=who.postal,
            answer_channel=answer_channel(channel, user_id, who),
            subject=subject,
            text=body,
            answer_text=answer,
            received=received,
            branch_id=who.branch_id,
            office_id=office_id,
            group=group,
            registered_by_id=registered_by_id,
            actor_id=actor_id,
            assignee=assignee,
            assigner_id=assigner_id,
            instant=kind == Kind.APPEAL
            and not personal_data
            and rng.random() < volumes.INSTANT_SHARE.get(channel, 0.0),
            can_forward=topic == Topic.SERVICES
            and category in (Category.TRANSMISSION, Category.OTHER)
            and kind == Kind.APPEAL,
            contract_kind={
                ServiceRequestType.CONNECTION: "connection",
                ServiceRequestType.TRANSMISSION_CONTRACT: "transmission",
            }.get(request_type, ""),
            external_id=external_id(channel, received, index),
        )

    def to_appeal(
        self,
        pk: int,
        registered: float | None,
        story: Story | None,
        deadline: tuple[DeadlineRule, float, float] | None,
        service_form: str,
    ) -> dict[str, object]:
        """The Appeal row as `appeal_receive` and the later services leave it."""
        consumer = self.consumer
        has_point = consumer is not None and self.topic in (
            Topic.CONNECTION,
            Topic.RELIABILITY,
            Topic.METERING,
        )
        row: dict[str, object] = {
            "id": pk,
            "number": self.number,
            "channel": self.channel,
            "service_form": service_form,
            "category": self.category,
            "kind": self.kind,
            "topic": self.topic,
            "regime": self.regime,
            "has_complaint": self.kind == Kind.COMPLAINT,
            "has_service_request": self.kind == Kind.SERVICE_REQUEST,
            "service_request_type": self.service_request_type,
            "consumer_id": consumer.id if consumer else None,
            "consumer_account_id": consumer.account_id if consumer else None,
            "supply_point_id": consumer.supply_point_id if has_point else None,
            "building_id": self.building_id,
            "address_text": self.address_text[:300],
            "office_id": self.office_id,
            "contact_name": self.contact_name,
            "contact_phone": self.contact_phone,
            "contact_email": self.contact_email,
            "contact_postal_address": self.contact_postal_address,
            "answer_channel": self.answer_channel,
            "subject": self.subject,
            "text": self.text,
            "received_at": to_datetime(self.received),
            "branch_id": self.branch_id,
            "registered_by_id": self.registered_by_id,
            "external_id": self.external_id,
            "status": Status.NEW,
        }
        if story is not None and registered is not None:
            row["status"] = story.status
            row["registered_at"] = to_datetime(registered)
            row["group_id"] = self.group[0]
            if deadline is not None:
                row["deadline_rule_id"] = deadline[0].pk
            row["due_at"] = _dt(story.due_at)
            row["due_soon_at"] = _dt(story.due_soon_at)
            row["paused_at"] = _dt(story.paused_at)
            row["answered_at"] = _dt(story.answered_at)
            row["closed_at"] = _dt(story.closed_at)
            row["escalated_at"] = _dt(story.escalated_at)
            row["assignee_id"] = story.assignee_id
            if story.answered_at is not None:
                row["answer_text"] = self.answer_text
                row["answer_sent_via"] = self.answer_channel
            if story.forwarded:
                row["forwarded_to"] = texts.RETAILER
            if story.rating is not None:
                row["rating"] = story.rating
                row["rating_comment"] = texts.RATING_COMMENTS[story.rating]
                row["rated_at"] = _dt(story.rated_at)
            row["complaint_settled"] = story.complaint_settled
            if story.contract:
                row["led_to_connection_contract"] = self.contract_kind == "connection"
                row["led_to_transmission_contract"] = (
                    self.contract_kind == "transmission"
                )
        row["search_text"] = appeal_search_text(SimpleNamespace(**row))  # type: ignore[arg-type]
        return row

    def first_events(
        self,
        pk: int,
        registered: float | None,
        deadline: tuple[DeadlineRule, float, float] | None,
        keys: Keys,
    ) -> list[dict[str, object]]:
        """The `received` and `registered` rows that `appeal_receive` writes."""
        first = keys.allocate(AppealEvent, 2 if registered is not None else 1)
        events: list[dict[str, object]] = [
            {
                "id": first,
                "appeal_id": pk,
                "at": to_datetime(self.received),
                "actor_id": self.actor_id,
                "action": "received",
                "from_status": "",
                "to_status": Status.NEW,
                "details": {"channel": self.channel},
            }
        ]
        if registered is not None:
            details: dict[str, object] = {"number": self.number, "group": self.group[1]}
            if deadline is not None:
                details["due_at"] = to_datetime(deadline[1]).isoformat()
            events.append(
                {
                    "id": first + 1,
                    "appeal_id": pk,
                    "at": to_datetime(registered),
                    "actor_id": self.actor_id,
                    "action": "registered",
                    "from_status": Status.NEW,
                    "to_status": Status.REGISTERED,
                    "details": details,
                }
            )
        return events

    def story_rows(
        self,
        pk: int,
        story: Story,
        events: list[dict[str, object]],
        messages: list[dict[str, object]],
        keys: Keys,
    ) -> None:
        """The history and messages of what happened after registration."""
        by_moment: dict[tuple[float, bool], int] = {}
        if story.messages:
            first = keys.allocate(AppealMessage, len(story.messages))
            for offset, message in enumerate(story.messages):
                direction = (
                    AppealMessage.Direction.TO_CONSUMER
                    if message.to_consumer
                    else AppealMessage.Direction.FROM_CONSUMER
                )
                messages.append(
                    {
                        "id": first + offset,
                        "appeal_id": pk,
                        "direction": direction,
                        "author_id": message.author_id,
                        "text": message.text,
                        "is_answer": message.is_answer,
                        "created_at": to_datetime(message.at),
                    }
                )
                if not message.is_answer:
                    by_moment[(message.at, message.to_consumer)] = first + offset
        if not story.events:
            return
        first = keys.allocate(AppealEvent, len(story.events))
        for offset, event in enumerate(story.events):
            details = dict(event.details)
            if event.action in _MESSAGE_ACTIONS:
                key = (event.at, _MESSAGE_ACTIONS[event.action])
                if key in by_moment:
                    details["message_id"] = by_moment[key]
            events.append(
                {
                    "id": first + offset,
                    "appeal_id": pk,
                    "at": to_datetime(event.at),
                    "actor_id": event.actor_id,
                    "action": event.action,
                    "from_status": event.from_status,
                    "to_status": event.to_status,
                    "details": details,
                }
            )


def _dt(ts: float | None) -> Any:
    return to_datetime(ts) if ts is not None else None
