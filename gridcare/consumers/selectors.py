"""Reads of consumers. Every staff screen reaches a consumer through
`consumer_get_for_user`, so who may open which consumer is decided here only."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.consumers.models import (
    AccountLink,
    Consent,
    Consumer,
    ConsumerAccount,
    SupplyPoint,
)
from gridcare.core.errors import NotFoundError
from gridcare.core.text import normalize_phone

LOOKUP_MIN_LENGTH = 3


def consumer_list_visible(*, user: object) -> QuerySet[Consumer]:
    """Return the consumers a staff user may open (none for everyone else).

    Staff with the consumer-view right; staff bound to a branch see the consumers who
    have a consumer account in that branch, unless they may see all branches."""
    if not has_right(user, Right.CONSUMER_VIEW):
        return Consumer.objects.none()
    branch_id = user.branch_id  # type: ignore[attr-defined]
    if branch_id is None or has_right(user, Right.APPEAL_VIEW_ALL_BRANCHES):
        return Consumer.objects.all()
    in_branch = ConsumerAccount.objects.filter(
        consumer=OuterRef("pk"), branch_id=branch_id
    )
    return Consumer.objects.filter(Exists(in_branch))


def _supply_points() -> QuerySet[SupplyPoint]:
    return SupplyPoint.objects.select_related(
        "building__settlement", "building__street", "district_unit"
    ).order_by("code")


def consumer_get_for_user(*, user: object, consumer_id: int) -> Consumer:
    """Return the consumer with contacts, accounts, points of supply and meters, if the
    user may open the card; else NotFoundError (never tells which)."""
    accounts = (
        ConsumerAccount.objects.select_related("branch")
        .prefetch_related(
            Prefetch(
                "supply_points",
                queryset=_supply_points().prefetch_related("meters"),
            ),
            Prefetch(
                "links",
                queryset=AccountLink.objects.filter(unlinked_at=None),
                to_attr="active_links",
            ),
        )
        .order_by("number")
    )
    consumer = (
        consumer_list_visible(user=user)
        .select_related("user")
        .prefetch_related(
            Prefetch("accounts", queryset=accounts),
            Prefetch("consents", queryset=_consents()),
            Prefetch(
                "account_links",
                queryset=AccountLink.objects.select_related(
                    "account", "previous_consumer"
                ).order_by("-linked_at", "-id"),
            ),
        )
        .filter(pk=consumer_id)
        .first()
    )
    if consumer is None:
        raise NotFoundError(_("Потребитель не найден."))
    return consumer


def _consents() -> QuerySet[Consent]:
    return Consent.objects.select_related("text").order_by("-given_at")


def consumer_list_for_lookup(
    *, user: object, query: str, limit: int = 10
) -> list[Consumer]:
    """Find consumers by phone, consumer account number or name (for registering an
    appeal on a consumer's behalf); short queries find nothing."""
    query = " ".join(query.split())
    if len(query) < LOOKUP_MIN_LENGTH:
        return []
    phone = normalize_phone(query)
    # A 10-digit account number also reads as a phone number: try both.
    match = Q(phone=phone) if phone else Q()
    if query.isdigit():
        match |= Q(accounts__number=query)
    if not match:
        match = Q()
        for word in query.split():
            # SQLite folds the case of ASCII letters only: try the usual spellings.
            spellings = {word, word.lower(), word.capitalize()}
            any_spelling = Q()
            for spelling in spellings:
                any_spelling |= Q(name__icontains=spelling)
            match &= any_spelling
    accounts = ConsumerAccount.objects.prefetch_related(
        Prefetch("supply_points", queryset=_supply_points())
    ).order_by("number")
    ids = (
        consumer_list_visible(user=user)
        .filter(match)
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )
    return list(
        Consumer.objects.filter(pk__in=list(ids))
        .prefetch_related(Prefetch("accounts", queryset=accounts))
        .order_by("name", "id")
    )


@dataclass(frozen=True)
class ConsumerChoice:
    """A consumer picked for an appeal, with one of their accounts and points."""

    consumer: Consumer | None
    account: ConsumerAccount | None
    supply_point: SupplyPoint | None


def consumer_choice_get_for_user(
    *,
    user: object,
    consumer_id: int | None,
    account_id: int | None,
    supply_point_id: int | None,
) -> ConsumerChoice:
    """Return the consumer, account and point the user picked, checking that the user
    may open the consumer and that the account and point are theirs; else
    NotFoundError. No consumer id: an anonymous appeal."""
    if consumer_id is None:
        if account_id is not None or supply_point_id is not None:
            raise NotFoundError(_("Выберите потребителя."))
        return ConsumerChoice(None, None, None)
    consumer = consumer_list_visible(user=user).filter(pk=consumer_id).first()
    if consumer is None:
        raise NotFoundError(_("Потребитель не найден."))
    account = point = None
    if account_id is not None:
        account = ConsumerAccount.objects.filter(
            pk=account_id, consumer=consumer
        ).first()
        if account is None:
            raise NotFoundError(_("Лицевой счёт не найден у этого потребителя."))
    if supply_point_id is not None:
        point = (
            SupplyPoint.objects.select_related("district_unit")
            .filter(pk=supply_point_id, account=account)
            .first()
            if account is not None
            else None
        )
        if point is None:
            raise NotFoundError(_("Точка поставки не найдена на этом лицевом счёте."))
    return ConsumerChoice(consumer, account, point)
