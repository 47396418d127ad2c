"""Outages over HTTP (mounted at /api/v1/outages): public reads and the lookup by
address, account or phone; subscriptions; opening, updating and closing outages for
dispatch systems and staff with the outage-manage right (checked by the services)."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Query, Router, Status

from gridcare.api.auth import AUTH, optional_auth
from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.outages import services
from gridcare.outages.geo import outage_feature_collection
from gridcare.outages.schemas import (
    EstimateIn,
    LookupIn,
    LookupOut,
    OutageFiltersIn,
    OutageIn,
    OutageOut,
    OutagePageOut,
    OutageStaffOut,
    PlannedOutageIn,
    RestoreIn,
    StartIn,
    SubscriptionCancelIn,
    SubscriptionCodeIn,
    SubscriptionIn,
    SubscriptionOut,
    UnplannedOutageIn,
)
from gridcare.outages.selectors import (
    outage_get_for_user,
    outage_get_public,
    outage_list_public,
    outage_lookup,
)
from gridcare.outages.subscriptions import (
    SubscriptionTarget,
    subscription_cancel,
    subscription_confirm_code,
    subscription_create,
    subscription_list_for_user,
)

router = Router(tags=["Отключения"])
_WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


@router.get("", auth=None, response={200: OutagePageOut, **errors(422)})
def list_outages(
    request: HttpRequest, filters: Query[OutageFiltersIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Отключения: сейчас, плановые на 30 дней вперёд и восстановленные за сутки."""
    qs = outage_list_public(
        kind=filters.kind or "", settlement_id=filters.settlement_id
    )
    return paginate(qs, page)


@router.get("/lookup", auth=optional_auth, response={200: LookupOut, **errors(422)})
def list_outages_for_address(
    request: HttpRequest, params: Query[LookupIn]
) -> dict[str, Any]:
    """Отключения по адресу, лицевому счёту или телефону.

    Адрес можно писать как угодно: сокращения, без номера дома, с опечатками, ё/е.
    По счёту и телефону ищет сам потребитель (после входа, только свои) или сотрудник;
    адрес потребителя в ответе не показывается."""
    lookup = outage_lookup(query=params.q, user=request.auth)  # type: ignore[attr-defined]
    return {
        "query": lookup.query,
        "by": lookup.by,
        "needs_login": lookup.needs_login,
        "places": [place.__dict__ for place in lookup.places],
    }


@router.get("/map", auth=None, response={200: dict})
def get_outage_map(request: HttpRequest) -> HttpResponse:
    """Карта: GeoJSON территорий отключений и подписи населённых пунктов."""
    response = JsonResponse(outage_feature_collection(outage_list_public()[:200]))
    response["Content-Type"] = "application/geo+json"
    return response


@router.get(
    "/subscriptions", auth=AUTH, response={200: list[SubscriptionOut], **errors(401)}
)
def list_outage_subscriptions(request: HttpRequest) -> list[Any]:
    """Мои подписки на отключения (потребитель после входа)."""
    return subscription_list_for_user(user=request.auth)  # type: ignore[attr-defined]


@router.post(
    "/subscriptions",
    auth=optional_auth,
    response={201: SubscriptionOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def create_outage_subscription(
    request: HttpRequest, payload: SubscriptionIn
) -> HttpResponse:
    """Подписаться на отключения по адресу или точке поставки.

    После входа подписка действует сразу; без входа — после подтверждения e-mail
    (ссылка) или телефона (код из SMS: `POST /subscriptions/{id}/confirm`)."""
    user = request.auth if getattr(request.auth, "is_authenticated", False) else None  # type: ignore[attr-defined]

    def create() -> tuple[int, Any]:
        subscription = subscription_create(
            actor=user,
            target=SubscriptionTarget(
                settlement_id=payload.settlement_id,
                street_id=payload.street_id,
                building_id=payload.building_id,
                supply_point_id=payload.supply_point_id,
            ),
            channels=[str(c) for c in payload.channels],
            email=payload.email,
            phone=payload.phone,
        )
        return 201, SubscriptionOut.from_orm(subscription)

    return idempotent_response(
        request, operation="create_outage_subscription", payload=payload, create=create
    )


@router.post(
    "/subscriptions/{int:subscription_id}/confirm",
    auth=None,
    response={200: SubscriptionOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def confirm_outage_subscription(
    request: HttpRequest, subscription_id: int, payload: SubscriptionCodeIn
) -> HttpResponse:
    """Подтвердить подписку кодом из SMS."""

    def create() -> tuple[int, Any]:
        subscription = subscription_confirm_code(
            subscription_id=subscription_id, code=payload.code
        )
        return 200, SubscriptionOut.from_orm(subscription)

    return idempotent_response(
        request,
        operation=f"confirm_outage_subscription:{subscription_id}",
        payload=payload,
        create=create,
    )


@router.delete(
    "/subscriptions/{int:subscription_id}",
    auth=AUTH,
    response={204: None, **errors(401, 404)},
)
def delete_outage_subscription(request: HttpRequest, subscription_id: int) -> Status:
    """Отменить свою подписку."""
    subscription_cancel(actor=request.auth, subscription_id=subscription_id)  # type: ignore[attr-defined]
    return Status(204, None)


@router.get("/{int:outage_id}", auth=None, response={200: OutageOut, **errors(404)})
def get_outage(request: HttpRequest, outage_id: int) -> Any:
    """Одно отключение: территория, причина, время, ожидаемое восстановление."""
    return outage_get_public(outage_id=outage_id)


def _input(payload: OutageIn, **extra: Any) -> services.OutageInput:
    return services.OutageInput(
        cause=str(payload.cause),
        cause_text=payload.cause_text,
        voltage_level=str(payload.voltage_level),
        equipment=payload.equipment,
        areas=[
            services.AreaInput(
                settlement_id=a.settlement_id,
                street_id=a.street_id,
                building_id=a.building_id,
                house_from=a.house_from,
                house_to=a.house_to,
                parity=str(a.parity),
            )
            for a in payload.areas
        ],
        supply_point_ids=payload.supply_point_ids,
        description=payload.description,
        external_id=payload.external_id,
        source="api",
        **extra,
    )


def _staff_out(request: HttpRequest, outage: Any) -> OutageStaffOut:
    fresh = outage_get_for_user(user=request.auth, outage_id=outage.pk)  # type: ignore[attr-defined]
    return OutageStaffOut.from_orm(fresh)


@router.post(
    "/planned",
    auth=AUTH,
    response={201: OutageStaffOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def create_planned_outage(
    request: HttpRequest, payload: PlannedOutageIn
) -> HttpResponse:
    """Объявить плановые работы.

    Подписчики узнают о них за `notice_lead_hours` до начала (не позднее чем накануне)."""

    def create() -> tuple[int, Any]:
        data = _input(
            payload,
            planned_start=payload.planned_start,
            planned_end=payload.planned_end,
            notice_lead_hours=payload.notice_lead_hours,
        )
        outage = services.outage_plan(actor=request.auth, data=data)  # type: ignore[attr-defined]
        return 201, _staff_out(request, outage)

    return idempotent_response(
        request, operation="create_planned_outage", payload=payload, create=create
    )


@router.post(
    "/unplanned",
    auth=AUTH,
    response={201: OutageStaffOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def create_unplanned_outage(
    request: HttpRequest, payload: UnplannedOutageIn
) -> HttpResponse:
    """Зарегистрировать аварийное отключение (электроснабжение уже прекращено).

    Сообщения «нет света» по этим адресам за последние часы привязываются к нему,
    подписчики уведомляются сразу."""

    def create() -> tuple[int, Any]:
        data = _input(
            payload,
            started_at=payload.started_at,
            estimated_restoration_at=payload.estimated_restoration_at,
        )
        outage = services.outage_register_unplanned(actor=request.auth, data=data)  # type: ignore[attr-defined]
        return 201, _staff_out(request, outage)

    return idempotent_response(
        request, operation="create_unplanned_outage", payload=payload, create=create
    )


def _transition(
    request: HttpRequest, outage_id: int, payload: Any, name: str, act: Any
) -> HttpResponse:
    user = request.auth  # type: ignore[attr-defined]
    outage = outage_get_for_user(user=user, outage_id=outage_id)

    def run() -> tuple[int, Any]:
        return 200, _staff_out(request, act(user, outage))

    return idempotent_response(
        request, operation=f"{name}:{outage_id}", payload=payload, create=run
    )


@router.post(
    "/{int:outage_id}/start",
    auth=AUTH,
    response={200: OutageStaffOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def start_outage(
    request: HttpRequest, outage_id: int, payload: StartIn
) -> HttpResponse:
    """Начались плановые работы: электроснабжение прекращено."""
    return _transition(
        request,
        outage_id,
        payload,
        "start_outage",
        lambda u, o: services.outage_start(
            actor=u, outage=o, started_at=payload.started_at
        ),
    )


@router.post(
    "/{int:outage_id}/estimates",
    auth=AUTH,
    response={200: OutageStaffOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def create_outage_estimate(
    request: HttpRequest, outage_id: int, payload: EstimateIn
) -> HttpResponse:
    """Новое ожидаемое время восстановления (история сохраняется, подписчики уведомляются)."""
    return _transition(
        request,
        outage_id,
        payload,
        "create_outage_estimate",
        lambda u, o: services.outage_estimate_change(
            actor=u, outage=o, estimated_at=payload.estimated_at, reason=payload.reason
        ),
    )


@router.post(
    "/{int:outage_id}/restore",
    auth=AUTH,
    response={200: OutageStaffOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def restore_outage(
    request: HttpRequest, outage_id: int, payload: RestoreIn
) -> HttpResponse:
    """Электроснабжение восстановлено: отключение закрывается, подписчики уведомляются."""
    return _transition(
        request,
        outage_id,
        payload,
        "restore_outage",
        lambda u, o: services.outage_restore(
            actor=u, outage=o, ended_at=payload.ended_at
        ),
    )


@router.post(
    "/{int:outage_id}/cancel",
    auth=AUTH,
    response={200: OutageStaffOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def cancel_outage(
    request: HttpRequest, outage_id: int, payload: SubscriptionCancelIn
) -> HttpResponse:
    """Отменить плановые работы (уже уведомлённые подписчики узнают об отмене)."""
    return _transition(
        request,
        outage_id,
        payload,
        "cancel_outage",
        lambda u, o: services.outage_cancel(actor=u, outage=o, reason=payload.reason),
    )
