"""API v1 endpoints of privacy (mounted at /api/v1/privacy): the subject files a
request, follows their requests and downloads everything held about them. Another
consumer's request is a 404."""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router

from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.appeals.codes import Channel
from gridcare.consumers.linking import consumer_of_user
from gridcare.privacy.export import (
    subject_export_collect,
    subject_export_json,
    subject_export_zip,
)
from gridcare.privacy.schemas import (
    SubjectRequestIn,
    SubjectRequestOut,
    SubjectRequestPageOut,
)
from gridcare.privacy.selectors import (
    subject_request_get_for_user,
    subject_request_list_for_user,
)
from gridcare.privacy.services import RequestInput, subject_request_file

router = Router(tags=["Персональные данные"])


@router.post(
    "/requests",
    response={201: SubjectRequestOut, **errors(400, 401, 403, 404, 409, 422)},
    openapi_extra=idempotency_openapi(),
)
def file_subject_request(
    request: HttpRequest, payload: SubjectRequestIn
) -> HttpResponse:
    """Подать запрос субъекта персональных данных: сведения, исправление, удаление,
    отзыв согласия.

    Регистрируется обращение с режимом 152-ФЗ: номер и срок ответа — 10 рабочих
    дней (может быть продлён на 5 с уведомлением о причине)."""
    user = request.auth  # type: ignore[attr-defined]
    consumer = consumer_of_user(user=user)

    def create() -> tuple[int, Any]:
        filed = subject_request_file(
            actor=user,
            consumer=consumer,
            data=RequestInput(
                type=payload.type,
                text=payload.text,
                channel=Channel.MOBILE_APP,
                requested_changes=dict(payload.requested_changes),
                consent_purpose=payload.consent_purpose or "",
            ),
        )
        return 201, SubjectRequestOut.from_orm(filed)

    return idempotent_response(
        request,
        operation="file_subject_request",
        payload=payload,
        create=create,
    )


@router.get("/requests", response={200: SubjectRequestPageOut, **errors(401, 422)})
def list_subject_requests(request: HttpRequest, page: Query[PageIn]) -> Any:
    """Мои запросы о персональных данных, новые сначала."""
    return paginate(subject_request_list_for_user(user=request.auth), page)  # type: ignore[attr-defined]


@router.get(
    "/requests/{request_id}", response={200: SubjectRequestOut, **errors(401, 404)}
)
def get_subject_request(request: HttpRequest, request_id: int) -> Any:
    """Запрос полностью: статус, срок, решение и ответ."""
    return subject_request_get_for_user(user=request.auth, request_id=request_id)  # type: ignore[attr-defined]


@router.get(
    "/export",
    response={200: None, **errors(401, 404)},
    openapi_extra={
        "responses": {
            200: {
                "description": "Все мои данные: ZIP (data.json и summary.html) или JSON.",
                "content": {
                    "application/zip": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                    "application/json": {"schema": {"type": "object"}},
                },
            }
        }
    },
)
def export_my_data(
    request: HttpRequest,
    format: Literal["zip", "json"] = "zip",
) -> HttpResponse:
    """Скачать всё, что о вас хранится (ст. 14 152-ФЗ)."""
    export = subject_export_collect(
        consumer=consumer_of_user(user=request.auth)  # type: ignore[attr-defined]
    )
    stamp = f"{timezone.localdate():%Y-%m-%d}"
    if format == "json":
        response = HttpResponse(
            subject_export_json(export), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
        return response
    response = HttpResponse(subject_export_zip(export), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    return response
