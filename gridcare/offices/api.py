"""Offices and appointments over HTTP (mounted at /api/v1/offices).

Offices, services and free slots are public; appointments need a token and are the
caller's own (`appointment_get_for_user`, 404 for anyone else's). Every POST runs
through `idempotent_response`: a retry with the same Idempotency-Key returns the
first answer and books nothing twice."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.offices.presenters import appointment_dict, office_dict, service_dict
from gridcare.offices.schemas import (
    AppointmentOut,
    AppointmentPageOut,
    BookIn,
    MoveIn,
    OfficeFiltersIn,
    OfficeOut,
    OfficePageOut,
    ServiceOut,
    SlotDayOut,
    SlotsIn,
)
from gridcare.offices.selectors import (
    appointment_get_for_user,
    appointment_list_for_user,
    booking_days,
    free_slots,
    office_get,
    office_hours_on,
    office_list,
    office_service_get,
    office_service_list,
)
from gridcare.offices.services import (
    appointment_arrive,
    appointment_book,
    appointment_cancel,
    appointment_move,
)

router = Router(tags=["Офисы и запись на приём"])

_READ_ERRORS = errors(401, 404)
_WRITE_ERRORS = errors(400, 401, 404, 409, 422)


@router.get("", auth=None, response={200: OfficePageOut, **errors(422)})
def list_offices(
    request: HttpRequest, filters: Query[OfficeFiltersIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Офисы обслуживания, где принимают посетителей.

    Фильтры: населённый пункт, филиал, код услуги. Адрес, телефон, режим работы
    (текстом и по дням недели), услуги по записи и число окон."""
    offices = office_list(
        settlement_id=filters.settlement_id,
        branch_id=filters.branch_id,
        service_code=filters.service,
    )
    result = paginate(offices, page)
    result["items"] = [office_dict(o) for o in result["items"]]
    return result


@router.get("/services", auth=None, response=list[ServiceOut])
def list_office_services(request: HttpRequest) -> list[dict[str, Any]]:
    """Услуги, на которые можно записаться в офис, с длительностью приёма."""
    return [service_dict(s) for s in office_service_list()]


@router.get("/appointments", response={200: AppointmentPageOut, **errors(401, 422)})
def list_my_appointments(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Мои записи на приём, сначала самые поздние."""
    rows = appointment_list_for_user(user=request.auth)  # type: ignore[attr-defined]
    result = paginate(rows, page)
    result["items"] = [appointment_dict(a) for a in result["items"]]
    return result


@router.post(
    "/appointments",
    response={201: AppointmentOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def book_appointment(request: HttpRequest, payload: BookIn) -> HttpResponse:
    """Записаться на приём: офис, код услуги и начало свободного слота.

    Ответ 201 с кодом записи. Занятый слот — 409 `slot_unavailable`; не больше трёх
    предстоящих записей — 409 `too_many_appointments`. Повтор с тем же
    Idempotency-Key и телом возвращает первый ответ и второй раз не записывает."""
    user = request.auth  # type: ignore[attr-defined]

    def create() -> tuple[int, Any]:
        office = office_get(office_id=payload.office_id)
        service = office_service_get(office=office, code=payload.service)
        appointment = appointment_book(
            user=user, office=office, service=service, starts_at=payload.starts_at
        )
        fresh = appointment_get_for_user(user=user, appointment_id=appointment.pk)
        return 201, AppointmentOut.model_validate(appointment_dict(fresh))

    return idempotent_response(
        request, operation="book_appointment", payload=payload, create=create
    )


@router.get(
    "/appointments/{appointment_id}", response={200: AppointmentOut, **_READ_ERRORS}
)
def get_appointment(request: HttpRequest, appointment_id: int) -> dict[str, Any]:
    """Запись на приём: офис, услуга, время, код, талон очереди."""
    appointment = appointment_get_for_user(
        user=request.auth,  # type: ignore[attr-defined]
        appointment_id=appointment_id,
    )
    return appointment_dict(appointment)


def _act(
    request: HttpRequest, appointment_id: int, payload: Any, act: Any, name: str
) -> HttpResponse:
    user = request.auth  # type: ignore[attr-defined]
    appointment = appointment_get_for_user(user=user, appointment_id=appointment_id)

    def run() -> tuple[int, Any]:
        act(user, appointment)
        fresh = appointment_get_for_user(user=user, appointment_id=appointment_id)
        return 200, AppointmentOut.model_validate(appointment_dict(fresh))

    return idempotent_response(
        request, operation=f"{name}:{appointment_id}", payload=payload, create=run
    )


@router.post(
    "/appointments/{appointment_id}/move",
    response={200: AppointmentOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def move_appointment(
    request: HttpRequest, appointment_id: int, payload: MoveIn
) -> HttpResponse:
    """Перенести запись на другой свободный слот той же услуги в том же офисе."""
    return _act(
        request,
        appointment_id,
        payload,
        lambda user, a: appointment_move(
            appointment=a, starts_at=payload.starts_at, actor=user
        ),
        "move_appointment",
    )


@router.post(
    "/appointments/{appointment_id}/cancel",
    response={200: AppointmentOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def cancel_appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Отменить запись; время освобождается для других."""
    return _act(
        request,
        appointment_id,
        {},
        lambda user, a: appointment_cancel(appointment=a, actor=user),
        "cancel_appointment",
    )


@router.post(
    "/appointments/{appointment_id}/arrive",
    response={200: AppointmentOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def arrive_for_appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """«Я в офисе»: получить талон электронной очереди по своей записи.

    Только в день приёма и не позже 15 минут после начала записи."""
    return _act(
        request,
        appointment_id,
        {},
        lambda user, a: appointment_arrive(appointment=a, actor=user),
        "arrive_for_appointment",
    )


@router.get("/{office_id}", auth=None, response={200: OfficeOut, **errors(404)})
def get_office(request: HttpRequest, office_id: int) -> dict[str, Any]:
    """Офис: адрес, телефон, режим работы, услуги по записи."""
    return office_dict(office_get(office_id=office_id))


@router.get(
    "/{office_id}/slots",
    auth=None,
    response={200: list[SlotDayOut], **errors(404, 422)},
)
def list_free_slots(
    request: HttpRequest, office_id: int, query: Query[SlotsIn]
) -> list[dict[str, Any]]:
    """Свободное время для записи по дням (московское время).

    Только рабочие часы офиса без обеда, по производственному календарю, не в
    прошлом и не дальше 14 дней от сегодня; дни вне этого окна не показываются."""
    office = office_get(office_id=office_id)
    service = office_service_get(office=office, code=query.service)
    allowed = booking_days()
    first = query.date_from or allowed[0]
    wanted = [first + timedelta(days=i) for i in range(query.days)]
    days = [d for d in wanted if d in allowed]
    slots = free_slots(office=office, service=service, days=days)
    return [
        {
            "date": day,
            "is_open": bool(found)
            or office_hours_on(office=office, day=day) is not None,
            "slots": [{"starts_at": s.starts_at, "ends_at": s.ends_at} for s in found],
        }
        for day, found in slots.items()
    ]
