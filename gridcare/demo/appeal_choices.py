"""The random choices that make one demo appeal: its category, who wrote it and
with which contacts, which office took it, who registered it and who will answer."""

import random
from dataclasses import dataclass
from typing import Any

from gridcare.accounts.models import Competence
from gridcare.appeals.codes import (
    AnswerChannel,
    Category,
    Channel,
    Kind,
    ServiceRequestType,
    Topic,
)
from gridcare.consumers.models import ConsumerKind
from gridcare.demo import people, texts, volumes
from gridcare.demo.clock import day_date, moscow_day
from gridcare.demo.consumers import ConsumerRef
from gridcare.demo.staff import StaffRef

BY_REMOTE_CENTRE = frozenset(
    {Channel.POST, Channel.EMAIL, Channel.SOCIAL, Channel.RETAILER, Channel.OTHER}
)
PORTAL_CHANNELS = (Channel.PERSONAL_ACCOUNT, Channel.MOBILE_APP)


def category_for(rng: random.Random, topic: str, kind: str) -> str:
    roll = rng.random()
    if kind == Kind.COMPLAINT and roll < 0.5:
        return Category.SERVICE_QUALITY  # «жалобы на качество обслуживания» [R10]
    if topic == Topic.CONNECTION:
        return Category.CONNECTION
    if topic == Topic.METERING:
        return Category.METERING
    if topic == Topic.RELIABILITY:
        return Category.TRANSMISSION if roll < 0.8 else Category.MAINTENANCE
    if topic == Topic.SERVICES:
        if roll < 0.5:
            return Category.TRANSMISSION
        return Category.OTHER if roll < 0.8 else Category.SERVICE_QUALITY
    return Category.OTHER if roll < 0.8 else Category.SERVICE_QUALITY


def request_type_for(rng: random.Random, topic: str) -> str:
    if topic == Topic.CONNECTION:
        return ServiceRequestType.CONNECTION
    if topic == Topic.METERING:
        return ServiceRequestType.METERING
    if topic == Topic.SERVICES and rng.random() < 0.6:
        return ServiceRequestType.TRANSMISSION_CONTRACT
    return ServiceRequestType.OTHER


@dataclass
class Who:
    """The author of an appeal and where it is about."""

    consumer: ConsumerRef | None
    branch_id: int | None
    building_id: int | None
    address: str
    name: str
    phone: str = ""
    email: str = ""
    postal: str = ""


def who_wrote(year: Any, index: int, channel: str, topic: str) -> Who:
    """A known consumer (a demo login's pinned appeal, else drawn) or a stranger with
    the contacts the channel gives."""
    rng: random.Random = year.rng
    company = year.company
    consumer = year.pins.get(index)
    if consumer is None and rng.random() < volumes.IDENTIFIED_SHARE[channel]:
        pool = company.consumers
        if channel in PORTAL_CHANNELS and company.consumers_with_user:
            pool = company.consumers_with_user
        consumer = rng.choice(pool)
    if consumer is not None:
        return Who(
            consumer,
            consumer.branch_id,
            consumer.building_id,
            consumer.address,
            consumer.name,
            consumer.phone,
            consumer.email,
            consumer.postal_address if channel == Channel.POST else "",
        )
    branch_id = rng.choices(company.branch_ids, company.branch_weights)[0]
    building = None
    if topic == Topic.RELIABILITY or channel == Channel.POST or rng.random() < 0.6:
        building = rng.choice(company.buildings_by_branch[branch_id])
    name = "Не представился" if channel == Channel.IVR else people.full_name(rng)
    who = Who(
        None,
        # Without an address nothing tells which branch a caller belongs to.
        branch_id if building else None,
        building.id if building else None,
        building.address if building else "",
        name,
    )
    if channel in (Channel.PHONE, Channel.IVR, Channel.CHATBOT, Channel.SOCIAL):
        who.phone = people.mobile_phone(5_000_000 + index)
    if channel in (Channel.INTERNET_RECEPTION, Channel.EMAIL, Channel.SOCIAL):
        who.email = f"zayavitel{index}@example.com"
    if channel in (Channel.POST, Channel.RETAILER, Channel.OTHER) or not (
        who.phone or who.email
    ):
        if who.address:
            who.postal = f"Республика Татарстан, {who.address}"
        else:
            who.phone = people.mobile_phone(5_000_000 + index)
    return who


def intake(year: Any, channel: str, who: Who) -> tuple[int | None, int | None]:
    """The office that took the appeal and the staff member who registered it (none
    for self-service channels); sets the branch from the office if still unknown."""
    rng: random.Random = year.rng
    company = year.company
    staff = company.staff
    if channel == Channel.OFFICE:
        office = rng.choice(year.in_person[who.branch_id or year.kazan])
        who.branch_id = who.branch_id or office.branch_id
        return office.id, rng.choice(staff.office_staff[office.id]).id
    if channel == Channel.PHONE:
        return None, rng.choice(staff.operators).id
    if channel in BY_REMOTE_CENTRE:
        is_company = who.consumer is not None and who.consumer.kind != (
            ConsumerKind.INDIVIDUAL
        )
        centre = company.remote_centres["companies" if is_company else "individuals"]
        who.branch_id = who.branch_id or centre.branch_id
        return centre.id, rng.choice(staff.office_staff[centre.id]).id
    return None, None


def routing(
    year: Any, branch_id: int | None, topic: str, request_type: str
) -> tuple[tuple[int, str], StaffRef, int | None]:
    """The work group (as `work_group_for`), the specialist who will answer and who
    assigns them (the branch supervisor, or the specialist takes it from the queue)."""
    rng: random.Random = year.rng
    staff = year.company.staff
    group = year.company.groups[(branch_id, topic)]
    staff_branch = branch_id or year.kazan
    competence = Competence.SERVICES if topic == Topic.GENERAL else topic
    if request_type == ServiceRequestType.CONNECTION and rng.random() < 0.3:
        assignee = rng.choice(staff.engineers[staff_branch])
    else:
        assignee = rng.choice(staff.specialists[(staff_branch, competence)])
    if rng.random() < 0.6:
        supervisor = staff.supervisors[branch_id] if branch_id else year.director
        return group, assignee, supervisor.id
    return group, assignee, assignee.id


def wording(
    rng: random.Random, kind: str, topic: str, request_type: str
) -> tuple[str, str, str]:
    """(subject, text template, answer)."""
    if kind == Kind.COMPLAINT:
        subject, body = rng.choice(texts.COMPLAINTS)
        return subject, body, rng.choice(texts.COMPLAINT_ANSWERS)
    if kind == Kind.SERVICE_REQUEST:
        subject, body = rng.choice(texts.SERVICE_REQUESTS[request_type])
    else:
        subject, body = rng.choice(texts.APPEALS[topic])
    return subject, body, rng.choice(texts.ANSWERS[topic])


def answer_channel(channel: str, user_id: int | None, who: Who) -> str:
    """A way of answering that `appeal_receive` accepts for these contacts."""
    if channel == Channel.OFFICE:
        return AnswerChannel.IN_PERSON
    if channel in (Channel.PHONE, Channel.IVR) and who.phone:
        return AnswerChannel.PHONE
    if channel == Channel.POST and who.postal:
        return AnswerChannel.POST
    if user_id and channel in (*PORTAL_CHANNELS, Channel.CHATBOT):
        return AnswerChannel.PERSONAL_ACCOUNT
    if who.email:
        return AnswerChannel.EMAIL
    if who.phone:
        return AnswerChannel.PHONE
    return AnswerChannel.POST if who.postal else AnswerChannel.IN_PERSON


def external_id(channel: str, received: float, index: int) -> str:
    """The identifier the source system gave: a call, a chat, a retailer's letter."""
    if channel in (Channel.PHONE, Channel.IVR):
        return f"call-{int(received)}-{index % 1000:03d}"
    if channel == Channel.CHATBOT:
        return f"alsu-{int(received)}"
    if channel == Channel.RETAILER:
        return f"ТЭС-{day_date(moscow_day(received)).year}-{index:06d}"
    return ""
