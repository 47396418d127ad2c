"""API of grid connection: the public calculators (no login, 1144-р item 28 ✅ [R42]),
the wizard (drafts, documents, filing), the status with stages and documents."""

import hashlib

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Router
from ninja.files import UploadedFile

from gridcare.api.idempotency import (
    idempotency_openapi,
    idempotent_response,
)
from gridcare.grid_connections import intake
from gridcare.grid_connections.codes import CATEGORY_FACTS, ApplicantCategory
from gridcare.grid_connections.models import ConnectionApplication
from gridcare.grid_connections.power import ApplianceInput, required_power_calculate
from gridcare.grid_connections.requirements import (
    completeness_problems,
    requirement_list,
    requirement_list_for,
)
from gridcare.grid_connections.schemas import (
    ApplianceCatalogueOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationWithdrawIn,
    CategoryOut,
    CostCalculationIn,
    CostCalculationOut,
    FileOut,
    PowerCalculationIn,
    PowerCalculationOut,
    RequirementOut,
    SubmitIn,
)
from gridcare.grid_connections.selectors import (
    appliance_list,
    connection_application_card_get,
    connection_application_get_for_user,
    connection_application_list_for_consumer,
    connection_document_get_for_user,
    power_profile_list,
)
from gridcare.grid_connections.stages import next_step, stage_views
from gridcare.grid_connections.tariffs import (
    CostInput,
    ExtraInput,
    LineInput,
    connection_cost_calculate,
)

router = Router(tags=["Технологическое присоединение"])


@router.get("/categories", response=list[CategoryOut], auth=None)
def list_connection_categories(request: HttpRequest) -> list[dict[str, object]]:
    """Категории заявителей и подтверждённые Правилами признаки (без входа)."""
    return [
        {
            "code": code,
            "label": str(label),
            "clause": CATEGORY_FACTS[code].clause,
            "simplified": CATEGORY_FACTS[code].simplified,
            "power_above_kw": CATEGORY_FACTS[code].power_above_kw,
            "power_up_to_kw": CATEGORY_FACTS[code].power_up_to_kw,
            "applicant_kinds": sorted(CATEGORY_FACTS[code].applicant_kinds),
            "preferential_fee": CATEGORY_FACTS[code].preferential_fee,
        }
        for code, label in ApplicantCategory.choices
    ]


@router.get("/document-requirements", response=list[RequirementOut], auth=None)
def list_document_requirements(
    request: HttpRequest,
    category: str,
    applicant_kind: str = "individual",
    has_representative: bool = False,
) -> list[object]:
    """Документы, которые Правила требуют от заявителя этой категории (без входа).

    Сетевая организация не вправе требовать другие документы."""
    return list(
        requirement_list(
            category=category,
            applicant_kind=applicant_kind,
            has_representative=has_representative,
        )
    )


@router.get("/appliances", response=ApplianceCatalogueOut, auth=None)
def list_appliances(request: HttpRequest) -> dict[str, object]:
    """Справочник электроприборов и видов объектов калькулятора мощности (без входа)."""
    return {
        "appliances": list(appliance_list()),
        "profiles": list(power_profile_list()),
    }


@router.post(
    "/calculators/power",
    response=PowerCalculationOut,
    auth=None,
    openapi_extra=idempotency_openapi(),
)
def create_power_calculation(
    request: HttpRequest, payload: PowerCalculationIn
) -> HttpResponse:
    """Рассчитать необходимую мощность (без входа).

    Приборы × количество × коэффициент одновременности, с пояснением расчёта."""
    result = required_power_calculate(
        items=[
            ApplianceInput(
                quantity=row.quantity,
                appliance_id=row.appliance_id,
                name=row.name,
                power_kw=row.power_kw,
            )
            for row in payload.items
        ],
        simultaneity=payload.simultaneity,
        profile_id=payload.profile_id,
    )
    return _once(request, "create_power_calculation", payload, result.as_dict())


@router.post(
    "/calculators/cost",
    response=CostCalculationOut,
    auth=None,
    openapi_extra=idempotency_openapi(),
)
def create_cost_calculation(
    request: HttpRequest, payload: CostCalculationIn
) -> HttpResponse:
    """Рассчитать плату за технологическое присоединение (без входа).

    По таблицам ставок, действующим на дату; для п. 17 — меньшая из сумм по
    стандартизированным ставкам и по льготной ставке за 1 кВт; с расшифровкой."""
    result = connection_cost_calculate(
        CostInput(
            region=payload.region or settings.CALENDAR_REGION,
            on=payload.on or timezone.localdate(),
            category=payload.category,
            requested_kw=payload.requested_kw,
            voltage=payload.voltage,
            reliability_category=payload.reliability_category,
            settlement_type=payload.settlement_type,
            distance_m=payload.distance_m,
            lines=[
                LineInput(r.voltage, r.line_type, r.length_km) for r in payload.lines
            ],
            metering_points=payload.metering_points,
            meter_variant=payload.meter_variant,
            is_social=payload.is_social,
            extras=[ExtraInput(e.rate, e.quantity, e.variant) for e in payload.extras],
        )
    )
    return _once(request, "create_cost_calculation", payload, result.as_dict())


def _out(request: HttpRequest, application: ConnectionApplication) -> dict[str, object]:
    card = connection_application_card_get(application=application)
    nxt = next_step(application, card.works)
    return {
        **{
            name: getattr(application, name)
            for name in (
                "id",
                "number",
                "status",
                "category",
                "applicant_kind",
                "applicant_name",
                "object_name",
                "object_address",
                "requested_power_kw",
                "previous_power_kw",
                "voltage",
                "reliability_category",
                "registered_at",
                "fee_amount",
                "fee_basis",
            )
        },
        "status_label": application.get_status_display(),
        "next_party": nxt.party,
        "next_step": str(nxt.text),
        "stages": [v.__dict__ for v in stage_views(application, card.stages)],
        "documents": [
            {
                "id": d.pk,
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "number": d.number,
                "version": d.version,
                "is_current": d.is_current,
                "issued_at": d.issued_at,
                "url": reverse(
                    "api-v1:download_connection_document", kwargs={"document_id": d.pk}
                ),
            }
            for d in card.documents
        ],
        "files": card.files,
        "requirements": requirement_list_for(application),
        "problems": completeness_problems(application, card.files)
        if application.is_draft
        else [],
    }


def _once(
    request: HttpRequest, operation: str, payload: object, body: dict[str, object]
) -> HttpResponse:
    """Answer a calculation; a retry with the same Idempotency-Key gets the first
    answer (rates may change between the two)."""
    return idempotent_response(
        request, operation=operation, payload=payload, create=lambda: (200, body)
    )


def _user(request: HttpRequest) -> object:
    return request.auth  # type: ignore[attr-defined]


@router.get("/applications", response=list[ApplicationOut])
def list_connection_applications(request: HttpRequest) -> list[dict[str, object]]:
    """Мои заявки на технологическое присоединение (и черновики), новые первыми."""
    return [
        _out(request, a)
        for a in connection_application_list_for_consumer(user=_user(request))[:100]
    ]


@router.post(
    "/applications",
    response={201: ApplicationOut},
    openapi_extra=idempotency_openapi(),
)
def create_connection_application(
    request: HttpRequest, payload: ApplicationIn
) -> HttpResponse:
    """Создать черновик заявки с переданными полями.

    Повтор с тем же Idempotency-Key и телом возвращает первый ответ."""

    def create() -> tuple[int, object]:
        application = intake.connection_application_draft_create(
            actor=_user(request),
            consumer=None,
            channel="mobile_app",
            changes=payload.model_dump(exclude_unset=True),
        )
        return 201, ApplicationOut.model_validate(_out(request, application))

    return idempotent_response(
        request,
        operation="create_connection_application",
        payload=payload,
        create=create,
    )


@router.patch("/applications/{application_id}", response=ApplicationOut)
def update_connection_application(
    request: HttpRequest, application_id: int, payload: ApplicationIn
) -> dict[str, object]:
    """Сохранить поля черновика или заявки, возвращённой на исправление."""
    application = connection_application_get_for_user(
        user=_user(request), application_id=application_id
    )
    intake.connection_application_draft_update(
        actor=_user(request),
        application=application,
        changes=payload.model_dump(exclude_unset=True),
    )
    return _out(request, application)


@router.post(
    "/applications/{application_id}/files",
    response={201: list[FileOut]},
    openapi_extra=idempotency_openapi(),
)
def upload_connection_application_file(
    request: HttpRequest,
    application_id: int,
    requirement_code: Form[str],
    file: File[UploadedFile],
) -> HttpResponse:
    """Приложить скан документа (multipart/form-data: `requirement_code`, `file`)."""
    application = connection_application_get_for_user(
        user=_user(request), application_id=application_id
    )
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)

    def create() -> tuple[int, object]:
        rows = intake.connection_application_file_add(
            actor=_user(request),
            application=application,
            requirement_code=requirement_code,
            files=[file],
        )
        return 201, [FileOut.model_validate(row) for row in rows]

    return idempotent_response(
        request,
        operation=f"upload_connection_application_file:{application_id}",
        payload={"requirement_code": requirement_code, "sha256": digest.hexdigest()},
        create=create,
    )


@router.post(
    "/applications/{application_id}/submit",
    response=ApplicationOut,
    openapi_extra=idempotency_openapi(),
)
def submit_connection_application(
    request: HttpRequest, application_id: int, payload: SubmitIn
) -> HttpResponse:
    """Подать заявку (или отправить исправленную).

    Если заявка неполная — ошибка 400, перечень недостатков в error.details.problems."""
    application = connection_application_get_for_user(
        user=_user(request), application_id=application_id
    )
    user = _user(request)

    def create() -> tuple[int, object]:
        if payload.consent:
            intake.connection_application_draft_update(
                actor=user, application=application, changes={"consent": True}
            )
        if application.status == "correction_requested":
            intake.connection_application_submit_correction(
                actor=user, application=application, text=payload.text
            )
        else:
            intake.connection_application_submit(actor=user, application=application)
        return 200, ApplicationOut.model_validate(_out(request, application))

    return idempotent_response(
        request,
        operation=f"submit_connection_application:{application_id}",
        payload=payload,
        create=create,
    )


@router.post(
    "/applications/{application_id}/withdraw",
    response=ApplicationOut,
    openapi_extra=idempotency_openapi(),
)
def withdraw_connection_application(
    request: HttpRequest, application_id: int, payload: ApplicationWithdrawIn
) -> HttpResponse:
    """Отозвать поданную заявку."""
    application = connection_application_get_for_user(
        user=_user(request), application_id=application_id
    )
    user = _user(request)

    def create() -> tuple[int, object]:
        intake.connection_application_withdraw(
            actor=user, application=application, reason=payload.reason
        )
        return 200, ApplicationOut.model_validate(_out(request, application))

    return idempotent_response(
        request,
        operation=f"withdraw_connection_application:{application_id}",
        payload=payload,
        create=create,
    )


@router.get("/applications/{application_id}", response=ApplicationOut)
def get_connection_application(
    request: HttpRequest, application_id: int
) -> dict[str, object]:
    """Статус заявки: этапы со сроками, кто действует, документы."""
    application = connection_application_get_for_user(
        user=_user(request), application_id=application_id
    )
    return _out(request, application)


@router.get("/documents/{document_id}", url_name="download_connection_document")
def download_connection_document(
    request: HttpRequest, document_id: int
) -> FileResponse:
    """Скачать PDF выданной версии документа."""
    document = connection_document_get_for_user(
        user=_user(request), document_id=document_id
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type="application/pdf",
    )
