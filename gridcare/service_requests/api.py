"""The service catalogue (public) and the caller's service orders over HTTP (mounted
at /api/v1/service-requests).

Every endpoint: input → selector or `service_order_get_for_user` (404 for what the
caller may not see) → one service → response. Every POST runs through
`idempotent_response`: a retry with the same Idempotency-Key returns the first answer."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router

from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.appeals.codes import Channel
from gridcare.service_requests.models import Service, ServiceOrder
from gridcare.service_requests.pricing import vat_line
from gridcare.service_requests.schemas import (
    CancelIn,
    CatalogueFiltersIn,
    OrderCreateIn,
    OrderOut,
    OrderPageOut,
    ServiceCategoryOut,
    ServiceDetailOut,
    ServicePageOut,
)
from gridcare.service_requests.selectors import (
    service_category_list,
    service_get_published,
    service_list_published,
    service_order_get_for_user,
    service_order_list_visible,
    service_price_on,
)
from gridcare.service_requests.services import (
    ServiceOrderInput,
    service_order_cancel,
    service_order_create,
)

router = Router(tags=["Заявки на услуги"])

_READ_ERRORS = errors(401, 404)
_WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


def _service_out(service: Service, *, detail: bool = False) -> dict[str, Any]:
    price = service_price_on(service, timezone.localdate())
    body: dict[str, Any] = {
        "code": service.code,
        "title": service.title,
        "category": {"code": service.category.code, "title": service.category.title},
        "description": service.description,
        "unit": service.unit,
        "term_working_days": service.term_working_days,
        "for_individuals": service.for_individuals,
        "for_legal_entities": service.for_legal_entities,
        "is_active": service.is_active,
        "version": service.version,
        "is_sample": service.is_sample,
        "price": {
            "net": price.net,
            "vat": price.vat,
            "total": price.total,
            "vat_rate": price.rate,
            "includes_vat": price.includes_vat,
            "vat_text": vat_line(price),
        },
    }
    if detail:
        body["passport"] = {
            "fields": [
                {"field": f.field, "value": f.value}
                for f in service.passport_fields.all()
            ],
            "stages": list(
                service.passport_stages.values(
                    "number", "stage", "content", "form", "term", "legal_reference"
                )
            ),
        }
    return body


def _order_out(order: ServiceOrder) -> OrderOut:
    return OrderOut.from_orm(order)


# ---- catalogue (public) ------------------------------------------------------------


@router.get("/catalogue", auth=None, response={200: ServicePageOut, **errors(422)})
def list_services(
    request: HttpRequest, filters: Query[CatalogueFiltersIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Каталог услуг: цена с разбивкой НДС по ставке на сегодня, срок, кто заказывает.

    Без входа. Поиск `q` — по словам в названии, описании и разделе."""
    services = service_list_published(query=filters.q, category_code=filters.category)
    chunk = services[page.offset : page.offset + page.limit]
    return {
        "count": len(services),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_service_out(s) for s in chunk],
    }


@router.get("/catalogue/categories", auth=None, response=list[ServiceCategoryOut])
def list_service_categories(request: HttpRequest) -> list[dict[str, str]]:
    """Разделы каталога, в которых есть опубликованные услуги."""
    return [{"code": c.code, "title": c.title} for c in service_category_list()]


@router.get(
    "/catalogue/{code}", auth=None, response={200: ServiceDetailOut, **errors(404)}
)
def get_service(request: HttpRequest, code: str) -> dict[str, Any]:
    """Услуга с паспортом (поля и этапы по форме ЕСКО, Приложение 1)."""
    return _service_out(service_get_published(code=code), detail=True)


# ---- orders ------------------------------------------------------------------------


@router.get("/orders", response={200: OrderPageOut, **errors(401, 422)})
def list_service_orders(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Заявки на услуги, которые видит вызывающий: потребителю — свои, новые сверху."""
    orders = service_order_list_visible(user=request.auth).order_by(  # type: ignore[attr-defined]
        "-ordered_at", "-pk"
    )
    return paginate(orders, page)


@router.get("/orders/{order_id}", response={200: OrderOut, **_READ_ERRORS})
def get_service_order(request: HttpRequest, order_id: int) -> OrderOut:
    """Заявка на услугу с этапами, суммой и сроком."""
    order = service_order_get_for_user(user=request.auth, order_id=order_id)  # type: ignore[attr-defined]
    return _order_out(order)


@router.post(
    "/orders",
    response={201: OrderOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def create_service_order(request: HttpRequest, payload: OrderCreateIn) -> HttpResponse:
    """Заказать услугу по своему лицевому счёту (канал — мобильное приложение).

    Регистрирует обращение вида «заявка на услугу»: номер виден сразу. Повтор с тем
    же Idempotency-Key и телом возвращает первый ответ и ничего не меняет."""
    user = request.auth  # type: ignore[attr-defined]

    def create() -> tuple[int, Any]:
        order = service_order_create(
            actor=user,
            data=ServiceOrderInput(
                service_code=payload.service_code,
                consumer_account_id=payload.consumer_account_id,
                supply_point_id=payload.supply_point_id,
                comment=payload.comment,
                preferred_from=payload.preferred_from,
                preferred_to=payload.preferred_to,
                channel=Channel.MOBILE_APP,
            ),
        )
        return 201, _order_out(order)

    return idempotent_response(
        request, operation="create_service_order", payload=payload, create=create
    )


@router.post(
    "/orders/{order_id}/cancel",
    response={200: OrderOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def cancel_service_order(
    request: HttpRequest, order_id: int, payload: CancelIn
) -> HttpResponse:
    """Отменить свою заявку до начала работ (409 — если уже нельзя)."""
    user = request.auth  # type: ignore[attr-defined]
    order = service_order_get_for_user(user=user, order_id=order_id)

    def run() -> tuple[int, Any]:
        done = service_order_cancel(actor=user, order=order, reason=payload.reason)
        return 200, _order_out(done)

    return idempotent_response(
        request,
        operation=f"cancel_service_order:{order_id}",
        payload=payload,
        create=run,
    )
