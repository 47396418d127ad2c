"""Reads of the outage registry: which outages cover a place, the public lists, the
staff registry and the one permission-checked lookup `outage_get_for_user`."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Mod
from django.utils import timezone

from gridcare.accounts.roles import Right, has_right
from gridcare.consumers.models import ConsumerAccount, SupplyPoint
from gridcare.core.errors import NotFoundError
from gridcare.core.text import normalize_phone
from gridcare.outages.addresses import AddressMatch, address_search
from gridcare.outages.models import (
    Outage,
    OutageArea,
    OutageSetting,
    OutageStatus,
    Subscription,
)
from gridcare.outages.workflow import OPEN_STATUSES
from gridcare.territory.models import Building

# Planned works are shown this many days ahead; restored outages this long after.
PUBLIC_DAYS_AHEAD = 30
PUBLIC_RESTORED_HOURS = 24
# A planned window that began this long ago (or begins this soon) counts as "power is
# off now" even if dispatch has not yet marked the start.
PLANNED_GRACE = timedelta(minutes=15)


def outage_setting_get() -> OutageSetting:
    """Return the settings row (created with defaults if an admin deleted it)."""
    setting, _ = OutageSetting.objects.get_or_create(pk=1)
    return setting


def _areas_q(
    *, building: Building | None, street_id: int | None, settlement_id: int | None
) -> Q:
    """Areas that may cover the place (house ranges are checked in Python after)."""
    if building is not None:
        q = Q(building_id=building.pk) | Q(
            settlement_id=building.settlement_id,
            street__isnull=True,
            building__isnull=True,
        )
        if building.street_id:
            q |= Q(street_id=building.street_id, building__isnull=True)
        return q
    if street_id is not None:
        # A street without a house: any outage touching the street.
        return (
            Q(street_id=street_id)
            | Q(building__street_id=street_id)
            | Q(settlement_id=settlement_id, street__isnull=True, building__isnull=True)
        )
    return Q(settlement_id=settlement_id)


def outage_list_for_place(
    *,
    building: Building | None = None,
    street_id: int | None = None,
    settlement_id: int | None = None,
    statuses: frozenset[str] = OPEN_STATUSES,
    restored_since: datetime | None = None,
) -> list[Outage]:
    """Return outages of the given statuses covering a building, a street or a
    settlement (restored ones only if they ended after `restored_since`), soonest
    first."""
    if building is None and street_id is None and settlement_id is None:
        return []
    if building is not None:
        settlement_id = building.settlement_id
    status_q = Q(outage__status__in=statuses)
    if restored_since is not None:
        status_q |= Q(
            outage__status=OutageStatus.RESTORED, outage__ended_at__gte=restored_since
        )
    areas = (
        OutageArea.objects.filter(status_q)
        .filter(
            _areas_q(
                building=building, street_id=street_id, settlement_id=settlement_id
            )
        )
        .select_related("outage")
    )
    found: dict[int, Outage] = {}
    for area in areas:
        partial = building is not None and area.building_id is None and area.street_id
        if partial and not area.covers_number(building.number_value):  # type: ignore[union-attr]
            continue
        found[area.outage_id] = area.outage
    far = timezone.now() + timedelta(days=3650)
    return sorted(found.values(), key=lambda o: (o.expected_start or far, o.pk))


def outage_find_for_place(
    *,
    building: Building | None = None,
    street_id: int | None = None,
    settlement_id: int | None = None,
    now: datetime | None = None,
) -> Outage | None:
    """Return the outage that explains "no power" at the place right now: one in
    progress, else planned works whose window is now. The hook for outage-aware
    intake (portal, API, chatbot, IVR)."""
    now = now or timezone.now()
    candidates = outage_list_for_place(
        building=building, street_id=street_id, settlement_id=settlement_id
    )
    current = [o for o in candidates if o.status == OutageStatus.IN_PROGRESS]
    if not current:
        current = [
            o
            for o in candidates
            if o.status == OutageStatus.PLANNED
            and o.planned_start is not None
            and o.planned_end is not None
            and o.planned_start - PLANNED_GRACE <= now <= o.planned_end
        ]
    return current[0] if current else None


@dataclass
class Place:
    """A place found by a lookup, with the outages that cover it."""

    label: str
    settlement_id: int
    street_id: int | None = None
    building_id: int | None = None
    score: float = 1.0
    house_missing: bool = False
    number_value: int | None = None
    outages: list[Outage] = field(default_factory=list)


@dataclass
class OutageLookup:
    query: str
    # "address", "account" or "phone": for account and phone the consumer's own
    # address is not shown (personal data).
    by: str
    places: list[Place]
    # A number was typed, but whose it is may not be told to this caller.
    needs_login: bool = False

    @property
    def outages(self) -> list[Outage]:
        seen: dict[int, Outage] = {}
        for place in self.places:
            for outage in place.outages:
                seen.setdefault(outage.pk, outage)
        return list(seen.values())


def _outages_near(place: Place, now: datetime) -> list[Outage]:
    # The building as far as the area query needs it: no extra read.
    building = (
        Building(
            pk=place.building_id,
            settlement_id=place.settlement_id,
            street_id=place.street_id,
            number_value=place.number_value,
        )
        if place.building_id
        else None
    )
    outages = outage_list_for_place(
        building=building,
        street_id=place.street_id,
        settlement_id=place.settlement_id,
        restored_since=now - timedelta(hours=PUBLIC_RESTORED_HOURS),
    )
    horizon = now + timedelta(days=PUBLIC_DAYS_AHEAD)
    return [
        o
        for o in outages
        if o.status != OutageStatus.PLANNED or (o.planned_start or now) <= horizon
    ]


def _points_for_query(
    query: str, *, user: object | None, trusted: bool
) -> tuple[str, list[SupplyPoint] | None]:
    """Points of supply of a consumer account number or a known consumer's phone.

    Who a number belongs to is personal data: the points are found for a trusted
    channel (the IVR by caller ID, the chatbot after identification), staff who may
    open consumers, or the consumer themselves; anyone else gets None."""
    digits = query.replace(" ", "").replace("-", "")
    is_number = digits.isdigit() and 6 <= len(digits) <= 20
    phone = normalize_phone(query)
    by = (
        "account"
        if is_number and ConsumerAccount.objects.filter(number=digits).exists()
        else ("phone" if phone else "")
    )
    if not by:
        return "", []
    points = SupplyPoint.objects.select_related(
        "building__street", "building__settlement"
    )
    if not (trusted or has_right(user, Right.CONSUMER_VIEW)):
        if not getattr(user, "is_consumer", False):
            return by, None
        points = points.filter(account__consumer__user=user)
    if by == "account":
        return by, list(points.filter(account__number=digits)[:20])
    return by, list(points.filter(account__consumer__phone=phone)[:20])


def outage_lookup(
    *,
    query: str,
    user: object | None = None,
    trusted: bool = False,
    now: datetime | None = None,
) -> OutageLookup:
    """Find outages for what a person typed: an address (messy input is fine), a
    consumer account number or the phone of a known consumer (see `_points_for_query`
    for who may search by those)."""
    now = now or timezone.now()
    query = " ".join((query or "").split())[:200]
    by, points = _points_for_query(query, user=user, trusted=trusted)
    places: list[Place] = []
    if by and points is None:
        return OutageLookup(query=query, by=by, places=[], needs_login=True)
    if by:
        for point in points or []:
            building = point.building
            places.append(
                Place(
                    label=f"точка поставки {point.code}",
                    settlement_id=building.settlement_id,
                    street_id=building.street_id,
                    building_id=building.pk,
                    number_value=building.number_value,
                )
            )
    else:
        by = "address"
        places = [_place_of(match) for match in address_search(query)]
    for place in places:
        place.outages = _outages_near(place, now)
    return OutageLookup(query=query, by=by, places=places)


def _place_of(match: AddressMatch) -> Place:
    return Place(
        label=match.label,
        settlement_id=match.settlement_id,
        street_id=match.street_id,
        building_id=match.building_id,
        score=match.score,
        house_missing=match.house_missing,
        number_value=match.house_value,
    )


def _with_areas(qs: QuerySet[Outage]) -> QuerySet[Outage]:
    areas = OutageArea.objects.select_related(
        "settlement", "street", "building__street", "building__settlement"
    ).order_by("pk")
    return qs.select_related(
        "branch", "district_unit", "exclusion_class"
    ).prefetch_related(Prefetch("areas", queryset=areas))


def outage_list_public(
    *,
    kind: str = "",
    settlement_id: int | None = None,
    now: datetime | None = None,
) -> QuerySet[Outage]:
    """Return what the public sees: outages in progress, planned works ahead and those
    restored in the last day; soonest first."""
    now = now or timezone.now()
    qs = Outage.objects.filter(
        Q(status=OutageStatus.IN_PROGRESS)
        | Q(
            status=OutageStatus.PLANNED,
            planned_start__lte=now + timedelta(days=PUBLIC_DAYS_AHEAD),
        )
        | Q(
            status=OutageStatus.RESTORED,
            ended_at__gte=now - timedelta(hours=PUBLIC_RESTORED_HOURS),
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    if settlement_id:
        qs = qs.filter(areas__settlement_id=settlement_id).distinct()
    return _with_areas(qs).order_by("status", "planned_start", "started_at", "pk")


def outage_list_planned_feed(*, days_back: int = 7) -> QuerySet[Outage]:
    """Planned works for the calendar feed: upcoming and recent, cancelled included
    (so calendars drop them)."""
    since = timezone.now() - timedelta(days=days_back)
    return _with_areas(
        Outage.objects.filter(kind=Outage.Kind.PLANNED, planned_end__gte=since)
    ).order_by("planned_start", "pk")


def outage_list_recent_changes(*, limit: int = 50) -> QuerySet[Outage]:
    """The latest changed outages, for the RSS/Atom feed."""
    return _with_areas(Outage.objects.all()).order_by("-updated_at", "-pk")[:limit]


def outage_get_public(*, outage_id: int) -> Outage:
    outage = _with_areas(Outage.objects.filter(pk=outage_id)).first()
    if outage is None:
        raise NotFoundError("Отключение не найдено.")
    return outage


@dataclass(frozen=True)
class StaffFilters:
    status: str = ""
    kind: str = ""
    branch_id: int | None = None
    query: str = ""


def outage_list_for_staff(*, user: object, filters: StaffFilters) -> QuerySet[Outage]:
    """Return the registry for staff with the outage-view right (none for others)."""
    if not has_right(user, Right.OUTAGE_VIEW):
        return Outage.objects.none()
    qs = Outage.objects.all()
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.branch_id:
        qs = qs.filter(branch_id=filters.branch_id)
    if filters.query:
        if filters.query.isdigit():
            qs = qs.filter(pk=int(filters.query))
        else:
            for word in filters.query.split():
                qs = qs.filter(area_text__icontains=word)
    return qs.select_related("branch", "district_unit").order_by("-created_at", "-pk")


def outage_get_for_user(*, user: object, outage_id: int) -> Outage:
    """Return the outage if the staff user may see it; else NotFoundError."""
    if not has_right(user, Right.OUTAGE_VIEW):
        raise NotFoundError("Отключение не найдено.")
    outage = _with_areas(Outage.objects.filter(pk=outage_id)).first()
    if outage is None:
        raise NotFoundError("Отключение не найдено.")
    return outage


def can_manage(user: object, outage: Outage | None = None) -> bool:
    """Managers act on outages of their branch; without a branch, on all."""
    if not has_right(user, Right.OUTAGE_MANAGE):
        return False
    branch_id = getattr(user, "branch_id", None)
    return (
        outage is None
        or branch_id is None
        or outage.branch_id == branch_id
        or has_right(user, Right.APPEAL_VIEW_ALL_BRANCHES)
    )


def buildings_covered(outage: Outage) -> QuerySet[Building]:
    """Return the buildings inside the outage's territory."""
    q = Q(pk__in=[])
    for area in outage.areas.all():
        if area.building_id:
            q |= Q(pk=area.building_id)
        elif area.street_id and area.house_from is not None:
            part = Q(
                street_id=area.street_id,
                number_value__gte=area.house_from,
                number_value__lte=area.house_to,
            )
            if area.parity != "all":
                part &= Q(odd=1 if area.parity == "odd" else 0)
            q |= part
        elif area.street_id:
            q |= Q(street_id=area.street_id)
        else:
            q |= Q(settlement_id=area.settlement_id)
    return Building.objects.annotate(odd=Mod("number_value", 2)).filter(q)


def subscription_list_for_outage(outage: Outage) -> QuerySet[Subscription]:
    """Return the active subscriptions an outage concerns: of its buildings, of the
    streets and settlements it touches, and of its points of supply."""
    areas = list(outage.areas.all())
    streets = {a.street_id for a in areas if a.street_id} | set(
        Building.objects.filter(
            pk__in=[a.building_id for a in areas if a.building_id]
        ).values_list("street_id", flat=True)
    )
    settlements = {a.settlement_id for a in areas}
    covered = buildings_covered(outage).values("pk")
    q = (
        Q(building_id__in=covered, supply_point__isnull=True)
        | Q(
            street_id__in=streets - {None},
            building__isnull=True,
            supply_point__isnull=True,
        )
        | Q(
            settlement_id__in=settlements,
            street__isnull=True,
            building__isnull=True,
            supply_point__isnull=True,
        )
        | Q(supply_point__in=outage.supply_point_links.values("supply_point_id"))
        | Q(supply_point__building_id__in=covered)
    )
    return Subscription.objects.filter(
        q, confirmed_at__isnull=False, cancelled_at__isnull=True
    )


def supply_point_list_for_consumer(*, user: object) -> list[SupplyPoint]:
    """Return the signed-in consumer's own points of supply (to subscribe to)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        SupplyPoint.objects.filter(account__consumer__user=user)
        .select_related("building__settlement", "building__street")
        .order_by("code")
    )


def supply_point_ids_for_codes(*, codes: set[str]) -> list[int]:
    """Return the ids of the points of supply with these codes (unknown ones skipped)."""
    return list(SupplyPoint.objects.filter(code__in=codes).values_list("pk", flat=True))
