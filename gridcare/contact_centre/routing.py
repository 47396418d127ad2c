"""The routing engine of the contact centre (reads only; services apply its choice).

One engine for every kind of interaction (docs/domains/contact_centre.md):

* **Who may take it** — an operator whose skills cover the queue (topic), the segment
  (individuals / legal entities) and the language. Overflow rules (`RoutingRule`, data)
  widen the queue after a waiting time: to the operators of another queue, to any
  operator, or to any language.
* **Who gets it** — calls go to the *longest-idle READY* operator (oldest
  `idle_since`, i.e. free for calls the longest) holding fewer calls than their call
  capacity (1); chats and written appeals go to the working operator (ready, talking
  or in wrap-up) with free capacity for that kind who got one least recently.
* **Which waits first** — higher priority first, then the oldest. Priority = the
  given base + boosts (`RoutingSetting`, data): a repeat caller (same number within
  24 hours / 7 days) and an outage (one in progress at the caller's address, or an
  unplanned outage anywhere for the «надёжность» queue).

Every function takes `at` so a simulated clock (the PBX simulation, tests) routes
exactly like the real one."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from gridcare.accounts.models import User
from gridcare.consumers.models import Consumer, ConsumerKind, SupplyPoint
from gridcare.contact_centre.models import (
    ChatTopic,
    Interaction,
    InteractionKind,
    InteractionStatus,
    OperatorProfile,
    OperatorStatus,
    RoutingRule,
    RoutingSetting,
    Segment,
)
from gridcare.contact_centre.workflow import INTERACTION_HELD
from gridcare.core.text import normalize_phone
from gridcare.outages.models import Outage, OutageKind, OutageStatus
from gridcare.outages.selectors import outage_find_for_place

# Statuses in which an operator takes chats and written appeals (not on a break).
WORKING = frozenset(
    {OperatorStatus.READY, OperatorStatus.TALKING, OperatorStatus.WRAP_UP}
)
# How many waiting interactions a freed operator looks through for one they can take.
SCAN_LIMIT = 200


def segment_for(consumer: Consumer | None) -> str:
    """Return the segment skill an item of `consumer` needs: legal entities and
    entrepreneurs are served by the legal-entities desk, everyone else (and the
    unknown) by the individuals' one."""
    if consumer is not None and consumer.kind in (
        ConsumerKind.LEGAL_ENTITY,
        ConsumerKind.ENTREPRENEUR,
    ):
        return Segment.LEGAL
    return Segment.INDIVIDUAL


def routing_setting_get() -> RoutingSetting:
    """Return the settings row (created with defaults if missing)."""
    setting, _ = RoutingSetting.objects.get_or_create(pk=1)
    return setting


@dataclass(frozen=True)
class Need:
    """Skills an operator needs to take an interaction now (after overflow)."""

    topics: frozenset[str] | None  # None: any queue
    segment: str
    language: str | None  # None: any language


def need_for(interaction: Interaction, *, at: datetime) -> Need:
    """Return the skills needed for `interaction` at `at`, widened by every active
    overflow rule of its queue whose waiting time has passed."""
    waited = (at - interaction.queued_at).total_seconds()
    topics: set[str] = {interaction.topic}
    any_topic = any_language = False
    rules = RoutingRule.objects.filter(
        is_active=True, after_seconds__lte=max(0, int(waited))
    ).filter(Q(topic="") | Q(topic=interaction.topic))
    for rule in rules:
        if rule.widen_to_topic:
            topics.add(rule.widen_to_topic)
        any_topic = any_topic or rule.any_operator
        any_language = any_language or rule.any_language
    return Need(
        topics=None if any_topic else frozenset(topics),
        segment=interaction.segment,
        language=None if any_language else interaction.language,
    )


def can_serve(profile: OperatorProfile, need: Need) -> bool:
    """True when the operator's skills cover the need."""
    if need.topics is not None and not need.topics & set(profile.topics or []):
        return False
    if need.segment not in (profile.segments or []):
        return False
    return need.language is None or need.language in (profile.languages or [])


def held_count(user: User | int, kind: str) -> int:
    """Return how many interactions of `kind` the operator holds now."""
    return Interaction.objects.filter(
        operator=user, kind=kind, status__in=INTERACTION_HELD
    ).count()


def idle_order(items: Iterable[OperatorProfile], *, kind: str) -> list[OperatorProfile]:
    """Order operators longest idle first for `kind`: calls by `idle_since` (free for
    calls the longest), other kinds by `last_assigned_at`; never-assigned first."""
    key_field = "idle_since" if kind == InteractionKind.CALL else "last_assigned_at"

    def key(profile: OperatorProfile) -> tuple[bool, float, int]:
        value = getattr(profile, key_field)
        return (value is not None, value.timestamp() if value else 0.0, profile.pk)

    return sorted(items, key=key)


def _profiles_for(kind: str) -> QuerySet[OperatorProfile]:
    statuses = [OperatorStatus.READY] if kind == InteractionKind.CALL else list(WORKING)
    return OperatorProfile.objects.filter(
        status__in=statuses, user__is_active=True
    ).select_related("user")


def operator_pick(interaction: Interaction, *, at: datetime) -> User | None:
    """Return the operator the engine gives `interaction` to at `at`, or None when
    nobody can take it now (it waits)."""
    need = need_for(interaction, at=at)
    for profile in idle_order(_profiles_for(interaction.kind), kind=interaction.kind):
        if not can_serve(profile, need):
            continue
        if held_count(profile.user_id, interaction.kind) < profile.capacity_for(
            interaction.kind
        ):
            return profile.user
    return None


def interaction_pick_for(
    profile: OperatorProfile, *, kind: str, at: datetime
) -> Interaction | None:
    """Return the waiting interaction of `kind` a freed operator takes next: the
    highest priority, then the longest waiting, that their skills (with overflow)
    cover; None when there is none or they have no free capacity."""
    if profile.status not in (
        [OperatorStatus.READY] if kind == InteractionKind.CALL else WORKING
    ):
        return None
    if held_count(profile.user_id, kind) >= profile.capacity_for(kind):
        return None
    waiting = Interaction.objects.filter(
        kind=kind, status=InteractionStatus.QUEUED, queued_at__lte=at
    ).order_by("-priority", "queued_at", "pk")[:SCAN_LIMIT]
    for interaction in waiting:
        if can_serve(profile, need_for(interaction, at=at)):
            return interaction
    return None


# ---- priority ----------------------------------------------------------------------


def consumer_for_phone(phone: str) -> Consumer | None:
    """Return the consumer whose contact phone is `phone` (any spelling), if one."""
    normal = normalize_phone(phone or "")
    if not normal:
        return None
    return Consumer.objects.filter(phone=normal).order_by("pk").first()


def _caller_has_outage(caller: str, at: datetime) -> bool:
    consumer = consumer_for_phone(caller)
    if consumer is None:
        return False
    points = SupplyPoint.objects.filter(
        account__consumer=consumer, building__isnull=False
    ).select_related("building")
    return any(
        outage_find_for_place(building=point.building, now=at) is not None
        for point in points
    )


def priority_for(
    *, caller: str, topic: str, base: int, at: datetime
) -> tuple[int, list[str]]:
    """Return the priority of a new interaction and the reasons of its boosts
    (`caller` as stored: a normalised phone when it is one)."""
    setting = routing_setting_get()
    priority, reasons = base, []
    earlier = Interaction.objects.filter(caller=caller, queued_at__lt=at)
    if caller and earlier.filter(queued_at__gte=at - timedelta(hours=24)).exists():
        priority += setting.repeat_24h_boost
        reasons.append("repeat_24h")
    elif caller and earlier.filter(queued_at__gte=at - timedelta(days=7)).exists():
        priority += setting.repeat_7d_boost
        reasons.append("repeat_7d")
    if _caller_has_outage(caller, at) or (
        topic == ChatTopic.RELIABILITY
        and Outage.objects.filter(
            status=OutageStatus.IN_PROGRESS, kind=OutageKind.UNPLANNED
        ).exists()
    ):
        priority += setting.outage_boost
        reasons.append("outage")
    return priority, reasons
