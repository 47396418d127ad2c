"""Reads of the catalogue and of service orders. Every view and endpoint reaches an
order through `service_order_get_for_user`, so the access rules live here only: an
order is visible exactly when its appeal is (appeals.selectors.appeal_list_visible)."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.appeals.selectors import appeal_list_visible
from gridcare.consumers.models import ConsumerAccount, SupplyPoint
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.core.text import search_key
from gridcare.service_requests.models import (
    Service,
    ServiceCategory,
    ServiceOrder,
    VatRate,
)
from gridcare.service_requests.pricing import PriceBreakdown, price_breakdown


def vat_rate_on(day: date) -> Decimal:
    """Return the VAT rate (percent) valid on `day`; refuse when none is set."""
    row = (
        VatRate.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    if row is None:
        raise ApplicationError(
            f"Не задана ставка НДС на {day:%d.%m.%Y}: добавьте её в администрировании.",
            code="vat_rate_missing",
        )
    return row.rate


def service_price_on(service: Service, day: date) -> PriceBreakdown:
    """The catalogue price of one unit of `service` with VAT as of `day`."""
    return price_breakdown(
        amount=service.price,
        rate=vat_rate_on(day),
        includes_vat=service.price_includes_vat,
    )


def _published(now: datetime | None = None) -> QuerySet[Service]:
    now = now or timezone.now()
    return Service.objects.filter(published_at__isnull=False, published_at__lte=now)


def service_list_published(
    *, query: str = "", category_code: str = ""
) -> list[Service]:
    """Return published services, optionally of one category and matching a search
    text: every word must occur in the title, description, code or category (case and
    ё/е ignored). The catalogue is small, so matching runs in Python, the same on
    every database."""
    services = _published().select_related("category")
    if category_code:
        services = services.filter(category__code=category_code)
    ordered = services.order_by("category__order", "order", "title", "pk")
    words = search_key(query).split()
    if not words:
        return list(ordered)

    def matches(service: Service) -> bool:
        text = search_key(
            " ".join(
                (
                    service.title,
                    service.description,
                    service.code,
                    service.category.title,
                )
            )
        )
        return all(word in text for word in words)

    return [service for service in ordered if matches(service)]


def service_category_list() -> QuerySet[ServiceCategory]:
    """Return the categories that have at least one published service."""
    return ServiceCategory.objects.filter(
        pk__in=_published().values("category_id")
    ).order_by("order", "title")


def service_get_published(*, code: str) -> Service:
    """Return a published service with its passport; NotFoundError otherwise."""
    service = (
        _published()
        .select_related("category")
        .prefetch_related("passport_fields", "passport_stages")
        .filter(code=code)
        .first()
    )
    if service is None:
        raise NotFoundError(_("Услуга не найдена."))
    return service


def consumer_account_list_for_user(*, user: object) -> QuerySet[ConsumerAccount]:
    """The active consumer accounts of the user's consumer card, with their points."""
    consumer = getattr(user, "consumer", None)
    if consumer is None:
        return ConsumerAccount.objects.none()
    return (
        ConsumerAccount.objects.filter(consumer=consumer, is_active=True)
        .prefetch_related(
            Prefetch(
                "supply_points",
                queryset=SupplyPoint.objects.select_related("building").order_by(
                    "code"
                ),
            )
        )
        .order_by("number")
    )


def service_order_list_visible(*, user: object) -> QuerySet[ServiceOrder]:
    """Return every order the user may see: consumers their own, staff the orders
    whose appeal is in their scope."""
    return ServiceOrder.objects.filter(
        appeal__in=appeal_list_visible(user=user)
    ).select_related(
        "appeal", "service", "consumer", "consumer_account", "supply_point"
    )


def service_order_get_for_user(*, user: object, order_id: int) -> ServiceOrder:
    """Return the order if `user` may see it; else NotFoundError (never tells which)."""
    order = service_order_list_visible(user=user).filter(pk=order_id).first()
    if order is None:
        raise NotFoundError(_("Заявка на услугу не найдена."))
    return order


def service_order_list_for_queue(
    *, user: object, status: str = "", query: str = ""
) -> QuerySet[ServiceOrder]:
    """The back-office queue, oldest first, by status and appeal or account number."""
    orders = service_order_list_visible(user=user)
    if status:
        orders = orders.filter(status=status)
    query = query.strip()
    if query:
        # Numbers only: SQLite's LIKE folds case of Latin letters only.
        orders = orders.filter(
            Q(appeal__number__icontains=query)
            | Q(consumer_account__number__icontains=query)
        )
    return orders.order_by("ordered_at", "pk")
