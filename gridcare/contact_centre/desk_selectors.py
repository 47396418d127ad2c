"""Reads of the operator desk: the operator's current interaction and its
permission-checked lookup, the caller's card, time per status, call scripts and the
operator's call-back tasks."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from gridcare.accounts.roles import has_right
from gridcare.appeals.models import Appeal
from gridcare.appeals.selectors import appeal_list_visible
from gridcare.appeals.workflow import OPEN_STATUSES as APPEAL_OPEN_STATUSES
from gridcare.consumers.models import Consumer, ConsumerAccount
from gridcare.consumers.selectors import consumer_list_visible
from gridcare.contact_centre.models import (
    CallbackRequest,
    Interaction,
    InteractionKind,
    InteractionStatus,
    OperatorStatus,
    OperatorStatusPeriod,
    Script,
    WrapUpCode,
)
from gridcare.contact_centre.selectors import CONSOLE_RIGHT
from gridcare.contact_centre.workflow import INTERACTION_HELD
from gridcare.core.errors import NotFoundError
from gridcare.core.text import normalize_phone
from gridcare.outages.models import Outage
from gridcare.outages.selectors import outage_list_for_place

RECENT_CONTACTS = 5
OPEN_APPEALS = 10


def interaction_get_for_user(*, user: object, interaction_id: int) -> Interaction:
    """Return an interaction the operator holds or held (offered, answered, wrapped
    up by them); else NotFoundError without telling whether it exists."""
    if not has_right(user, CONSOLE_RIGHT):
        raise NotFoundError("Обращение не найдено.")
    found = (
        Interaction.objects.filter(pk=interaction_id, operator=user)
        .select_related("appeal", "wrap_up_code")
        .first()
    )
    if found is None:
        raise NotFoundError("Обращение не найдено.")
    return found


def interaction_current_for(*, user: object) -> Interaction | None:
    """Return the operator's current call of the desk: an offered or active one
    first, then one in wrap-up. Chats are answered in the chat console and written
    appeals from the desk's list (`written_items_for_desk`)."""
    held = Interaction.objects.filter(
        operator=user, kind=InteractionKind.CALL, status__in=INTERACTION_HELD
    ).select_related("appeal")
    order = {
        InteractionStatus.OFFERED: 0,
        InteractionStatus.ACTIVE: 1,
        InteractionStatus.WRAP_UP: 2,
    }
    items = sorted(
        held, key=lambda i: (i.kind != "call", order[i.status], i.queued_at, i.pk)
    )
    return items[0] if items else None


def written_items_for_desk(*, user: object) -> QuerySet[Interaction]:
    """Return the written appeals the operator holds in the routing engine
    («Письменные обращения в работе»), oldest first."""
    return (
        Interaction.objects.filter(
            operator=user, kind=InteractionKind.APPEAL, status__in=INTERACTION_HELD
        )
        .select_related("appeal")
        .order_by("queued_at", "pk")
    )


def written_waiting_count() -> int:
    """Return how many written appeals wait in the engine for an operator."""
    return Interaction.objects.filter(
        kind=InteractionKind.APPEAL, status=InteractionStatus.QUEUED
    ).count()


@dataclass
class CallerCard:
    """What the desk shows about a caller: who they are, their consumer accounts,
    open appeals, outages at their addresses and recent contacts."""

    phone: str
    consumer: Consumer | None = None
    accounts: list[ConsumerAccount] = field(default_factory=list)
    open_appeals: list[Appeal] = field(default_factory=list)
    outages: list[Outage] = field(default_factory=list)
    recent: list[Interaction] = field(default_factory=list)


def caller_card_get(*, user: object, interaction: Interaction) -> CallerCard:
    """Return the caller's card as the operator may see it (consumers and appeals
    through their permission-checked selectors)."""
    phone = normalize_phone(interaction.caller) or interaction.caller
    card = CallerCard(phone=phone)
    card.recent = list(
        Interaction.objects.filter(caller=interaction.caller)
        .exclude(pk=interaction.pk)
        .select_related("operator", "wrap_up_code", "appeal")
        .order_by("-queued_at", "-pk")[:RECENT_CONTACTS]
    )
    if not normalize_phone(interaction.caller):
        return card
    consumer = (
        consumer_list_visible(user=user).filter(phone=phone).order_by("pk").first()
    )
    if consumer is None:
        return card
    card.consumer = consumer
    card.accounts = list(
        ConsumerAccount.objects.filter(consumer=consumer)
        .prefetch_related("supply_points__building__street")
        .order_by("number")
    )
    card.open_appeals = list(
        appeal_list_visible(user=user)
        .filter(consumer=consumer, status__in=APPEAL_OPEN_STATUSES)
        .order_by("-received_at", "-pk")[:OPEN_APPEALS]
    )
    seen: dict[int, Outage] = {}
    for account in card.accounts:
        for point in account.supply_points.all():
            if point.building is None:
                continue
            for outage in outage_list_for_place(building=point.building):
                seen[outage.pk] = outage
    card.outages = list(seen.values())
    return card


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def operator_status_times(
    *, operator: object, day: date | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Return seconds spent in each status on `day` (Moscow time), up to `now`."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    start, end = _day_bounds(day)
    end = min(end, now)
    totals = {status: 0 for status in OperatorStatus.values}
    periods = OperatorStatusPeriod.objects.filter(
        operator=operator, started_at__lt=end
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
    for period in periods:
        begin = max(period.started_at, start)
        finish = min(period.ended_at or end, end)
        if finish > begin:
            totals[period.status] += int((finish - begin).total_seconds())
    return totals


def script_list(*, topic: str) -> QuerySet[Script]:
    """Return the active call scripts of a queue and the common ones."""
    return Script.objects.filter(is_active=True).filter(Q(topic=topic) | Q(topic=""))


def wrap_up_code_list() -> QuerySet[WrapUpCode]:
    return WrapUpCode.objects.filter(is_active=True)


def callback_request_list_for_desk(*, user: object) -> QuerySet[CallbackRequest]:
    """Return the call-backs of the desk: those the operator took, then new ones,
    soonest due first."""
    return (
        CallbackRequest.objects.filter(
            Q(status=CallbackRequest.Status.TAKEN, taken_by=user)
            | Q(status=CallbackRequest.Status.NEW)
        )
        .select_related("appeal")
        .order_by("due_at", "pk")
    )


def callback_request_get_for_user(*, user: object, request_id: int) -> CallbackRequest:
    """Return a call-back the operator may work: a new one or one they took."""
    found = (
        callback_request_list_for_desk(user=user).filter(pk=request_id).first()
        if has_right(user, CONSOLE_RIGHT)
        else None
    )
    if found is None:
        raise NotFoundError("Заявка на обратный звонок не найдена.")
    return found
