"""The appeal registry over HTTP (mounted at /api/v1/appeals).

Every endpoint: input → `appeal_get_for_user` (404 for what the caller may not see) or
a selector → one service → response. Rights are checked by the services (403). Every
POST runs through `idempotent_response`, so a retried request with the same
Idempotency-Key returns the first answer and changes nothing."""

import hashlib
from typing import Any

from django.db.models import F
from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from gridcare.accounts.models import Role, User
from gridcare.accounts.roles import Right, has_right
from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.pagination import paginate
from gridcare.api.schemas import PageIn, errors
from gridcare.appeals.codes import (
    AnswerChannel,
    Category,
    Channel,
    Kind,
    Regime,
    ServiceForm,
    ServiceRequestType,
    Status,
    Topic,
)
from gridcare.appeals.models import Appeal
from gridcare.appeals.registration import service_form_for
from gridcare.appeals.schemas import (
    AnswerIn,
    AppealCreateIn,
    AppealFiltersIn,
    AppealOut,
    AppealPageOut,
    AssignIn,
    CloseIn,
    CodesOut,
    EventOut,
    ForwardIn,
    MessageOut,
    NoteOut,
    RatingIn,
    ReasonIn,
    TextIn,
    WithdrawIn,
)
from gridcare.appeals.selectors import (
    QueueFilters,
    appeal_get_by_number_for_user,
    appeal_get_for_user,
    appeal_list_for_queue,
    attachment_get_for_user,
)
from gridcare.appeals.services import (
    AppealInput,
    appeal_answer,
    appeal_assign,
    appeal_close,
    appeal_consumer_reply,
    appeal_forward,
    appeal_note_add,
    appeal_rate,
    appeal_receive,
    appeal_reopen,
    appeal_request_information,
    appeal_withdraw,
)
from gridcare.appeals.timeline import TimelineEntry, timeline_entries
from gridcare.consumers.models import (
    Consumer,
    ConsumerAccount,
    PersonalDataAccess,
    SupplyPoint,
)
from gridcare.consumers.services import personal_data_access_log
from gridcare.core.errors import NotFoundError, PermissionDeniedError

router = Router(tags=["Обращения"])

# Ties broken by id; appeals without a deadline come last on every database.
ORDERINGS = {
    "-received_at": (F("received_at").desc(), F("id").desc()),
    "received_at": (F("received_at").asc(), F("id").asc()),
    "due_at": (F("due_at").asc(nulls_last=True), F("id").asc()),
    "-due_at": (F("due_at").desc(nulls_last=True), F("id").desc()),
}
_READ_ERRORS = errors(401, 404)
_WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


def _is_staff(user: object) -> bool:
    return has_right(user, Right.APPEAL_VIEW_QUEUE)


def _appeal_out(request: HttpRequest, appeal: Appeal) -> AppealOut:
    return AppealOut.from_orm(appeal, context={"request": request})


def _log_view(request: HttpRequest, appeal: Appeal, action: str, obj: Any) -> None:
    """152-ФЗ: a staff member's read of an appeal or its file goes to the access log."""
    user = request.auth  # type: ignore[attr-defined]
    if getattr(user, "is_backoffice", False):
        personal_data_access_log(
            user=user,
            consumer_id=appeal.consumer_id,
            action=action,
            object_type=obj._meta.model_name,
            object_id=obj.pk,
            ip_address=request.META.get("REMOTE_ADDR"),
        )


def _transition(
    request: HttpRequest, appeal_id: int, payload: Any, act: Any, *, status: int = 200
) -> HttpResponse:
    """Look the appeal up, run one service on it once per Idempotency-Key."""
    user = request.auth  # type: ignore[attr-defined]
    appeal = appeal_get_for_user(user=user, appeal_id=appeal_id)

    def run() -> tuple[int, Any]:
        return status, _appeal_out(request, act(user, appeal))

    return idempotent_response(
        request,
        operation=f"{act.__name__}:{appeal_id}",
        payload=payload,
        create=run,
    )


# ---- intake -----------------------------------------------------------------------


def _appeal_input(user: User, payload: AppealCreateIn) -> AppealInput:
    """What the caller files: a consumer for themselves through a self-service
    channel; staff with the right to register for anyone through any channel.
    Related objects are looked up within what the caller may reach (else 404)."""
    accounts = ConsumerAccount.objects.all()
    points = SupplyPoint.objects.select_related("account", "district_unit")
    consumer: Consumer | None = None
    if payload.consumer_id is not None:
        consumer = Consumer.objects.filter(pk=payload.consumer_id).first()
        if consumer is None:
            raise NotFoundError("Потребитель не найден.")
    if user.is_consumer:
        # Who a consumer may file for and through which channels is the service's
        # rule (appeal_receive); here only their own accounts and points are reachable.
        own = getattr(user, "consumer", None)
        consumer = consumer or own
        accounts = accounts.filter(consumer=own)
        points = points.filter(account__consumer=own)
    elif not has_right(user, Right.APPEAL_REGISTER):
        raise PermissionDeniedError()
    account = point = None
    if payload.supply_point_id is not None:
        point = points.filter(pk=payload.supply_point_id).first()
        if point is None:
            raise NotFoundError("Точка поставки не найдена.")
    if payload.consumer_account_id is not None:
        account = accounts.filter(pk=payload.consumer_account_id).first()
        if account is None:
            raise NotFoundError("Лицевой счёт не найден.")
    elif point is not None:
        account = point.account
    if consumer is None and account is not None:
        consumer = account.consumer
    answer_channel = payload.answer_channel or (
        AnswerChannel.PERSONAL_ACCOUNT
        if consumer is not None and consumer.user_id
        else AnswerChannel.EMAIL
    )
    return AppealInput(
        channel=payload.channel,
        category=payload.category,
        topic=payload.topic,
        kind=payload.kind,
        service_request_type=payload.service_request_type or "",
        subject=payload.subject,
        text=payload.text,
        consumer=consumer,
        consumer_account=account,
        supply_point=point,
        address_text=payload.address_text,
        contact_name=payload.contact_name or (consumer.name if consumer else ""),
        contact_phone=payload.contact_phone or (consumer.phone if consumer else ""),
        contact_email=payload.contact_email or (consumer.email if consumer else ""),
        contact_postal_address=payload.contact_postal_address
        or (consumer.postal_address if consumer else ""),
        answer_channel=answer_channel,
        received_at=payload.received_at,
    )


# ---- reference --------------------------------------------------------------------


@router.get("/codes", auth=None, response=CodesOut)
def list_appeal_codes(request: HttpRequest) -> dict[str, Any]:
    """Справочники кодов: каналы, формы обслуживания, категории, виды, тематики, статусы.

    Коды стабильны (их используют API, импорт и выгрузки); названия — по-русски.
    Форма обслуживания канала берётся из действующей настройки."""

    def codes(choices: Any) -> list[dict[str, str]]:
        return [{"code": c.value, "label": str(c.label)} for c in choices]

    return {
        "channels": [
            {**item, "service_form": service_form_for(item["code"])}
            for item in codes(Channel)
        ],
        "service_forms": codes(ServiceForm),
        "categories": codes(Category),
        "kinds": codes(Kind),
        "service_request_types": codes(ServiceRequestType),
        "topics": codes(Topic),
        "statuses": codes(Status),
        "answer_channels": codes(AnswerChannel),
        "regimes": codes(Regime),
    }


# ---- reads ------------------------------------------------------------------------


@router.get("", response={200: AppealPageOut, **errors(401, 422)})
def list_appeals(
    request: HttpRequest, filters: Query[AppealFiltersIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Список обращений, которые видит пользователь.

    Потребитель — свои; сотрудник — свою очередь (компетенция и филиал). Фильтры
    сочетаются; сортировка устойчивая (при равенстве — по id)."""
    appeals = appeal_list_for_queue(
        user=request.auth,  # type: ignore[attr-defined]
        filters=QueueFilters(
            status=filters.status or "",
            channel=filters.channel or "",
            topic=filters.topic or "",
            category=filters.category or "",
            kind=filters.kind or "",
            overdue=filters.overdue,
            query=filters.q,
        ),
    ).order_by(*ORDERINGS[filters.ordering])
    return paginate(appeals, page)


@router.get("/by-number/{number}", response={200: AppealOut, **_READ_ERRORS})
def get_appeal_by_number(request: HttpRequest, number: str) -> AppealOut:
    """Обращение по регистрационному номеру, например 26-0000123."""
    appeal = appeal_get_by_number_for_user(user=request.auth, number=number)  # type: ignore[attr-defined]
    _log_view(request, appeal, PersonalDataAccess.Action.VIEW_APPEAL, appeal)
    return _appeal_out(request, appeal)


@router.get(
    "/attachments/{attachment_id}",
    response={200: None, **_READ_ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "Файл (Content-Disposition: attachment).",
                "content": {
                    "application/octet-stream": {
                        "schema": {"type": "string", "format": "binary"}
                    }
                },
            }
        }
    },
)
def download_appeal_attachment(
    request: HttpRequest, attachment_id: int
) -> FileResponse:
    """Скачать файл обращения.

    Потребителю — только файлы своих обращений, без внутренних."""
    attachment = attachment_get_for_user(user=request.auth, attachment_id=attachment_id)  # type: ignore[attr-defined]
    _log_view(
        request, attachment.appeal, PersonalDataAccess.Action.DOWNLOAD_FILE, attachment
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@router.get("/{appeal_id}", response={200: AppealOut, **_READ_ERRORS})
def get_appeal(request: HttpRequest, appeal_id: int) -> AppealOut:
    """Обращение полностью: статус, срок, ответ, файлы."""
    appeal = appeal_get_for_user(user=request.auth, appeal_id=appeal_id)  # type: ignore[attr-defined]
    _log_view(request, appeal, PersonalDataAccess.Action.VIEW_APPEAL, appeal)
    return _appeal_out(request, appeal)


def _event_out(entry: TimelineEntry, *, staff: bool) -> dict[str, Any]:
    event = entry.event
    return {
        "id": event.pk,
        "at": entry.at,
        "action": event.action,
        "title": entry.text,
        "from_status": (event.from_status or None) if staff else None,
        "to_status": event.to_status or None,
        "actor": event.actor if staff else None,
        "details": (event.details or None) if staff else None,
    }


@router.get("/{appeal_id}/events", response={200: list[EventOut], **_READ_ERRORS})
def list_appeal_events(request: HttpRequest, appeal_id: int) -> list[dict[str, Any]]:
    """История обращения по времени.

    Сотруднику — полностью; потребителю — публичная лента: без внутренних заметок,
    без исполнителей и подробностей служебных действий."""
    user = request.auth  # type: ignore[attr-defined]
    appeal = appeal_get_for_user(user=user, appeal_id=appeal_id)
    staff = _is_staff(user)
    entries = timeline_entries(
        appeal.events.select_related("actor"), for_consumer=not staff
    )
    return [_event_out(entry, staff=staff) for entry in entries]


@router.get("/{appeal_id}/messages", response={200: list[MessageOut], **_READ_ERRORS})
def list_appeal_messages(request: HttpRequest, appeal_id: int) -> Any:
    """Переписка с потребителем: запросы, ответы, сообщения потребителя."""
    appeal = appeal_get_for_user(user=request.auth, appeal_id=appeal_id)  # type: ignore[attr-defined]
    _log_view(request, appeal, PersonalDataAccess.Action.VIEW_APPEAL, appeal)
    return appeal.messages.prefetch_related("attachments")


@router.get(
    "/{appeal_id}/notes", response={200: list[NoteOut], **errors(401, 403, 404)}
)
def list_appeal_notes(request: HttpRequest, appeal_id: int) -> Any:
    """Внутренние заметки сотрудников (потребителю — 403)."""
    user = request.auth  # type: ignore[attr-defined]
    appeal = appeal_get_for_user(user=user, appeal_id=appeal_id)
    if not _is_staff(user):
        raise PermissionDeniedError()
    return appeal.notes.select_related("author")


# ---- writes -----------------------------------------------------------------------


@router.post(
    "", response={201: AppealOut, **_WRITE_ERRORS}, openapi_extra=idempotency_openapi()
)
def create_appeal(request: HttpRequest, payload: AppealCreateIn) -> HttpResponse:
    """Подать обращение (потребитель) или зарегистрировать его за потребителя.

    Ответ 201 с обращением: регистрационный номер и срок ответа видны сразу.
    Повтор с тем же Idempotency-Key и телом возвращает первый ответ."""
    user = request.auth  # type: ignore[attr-defined]

    def create() -> tuple[int, Any]:
        appeal = appeal_receive(actor=user, data=_appeal_input(user, payload))
        return 201, _appeal_out(request, appeal)

    return idempotent_response(
        request, operation="create_appeal", payload=payload, create=create
    )


def _message_out(message: Any) -> MessageOut:
    return MessageOut.from_orm(message)


@router.post(
    "/{appeal_id}/messages",
    response={201: MessageOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def create_appeal_message(
    request: HttpRequest, appeal_id: int, payload: TextIn
) -> HttpResponse:
    """Ответить по обращению (сообщение потребителя).

    Если компания запрашивала сведения, срок возобновляется (статус «В работе»)."""
    user = request.auth  # type: ignore[attr-defined]
    appeal = appeal_get_for_user(user=user, appeal_id=appeal_id)

    def create() -> tuple[int, Any]:
        message = appeal_consumer_reply(actor=user, appeal=appeal, text=payload.text)
        return 201, _message_out(message)

    return idempotent_response(
        request,
        operation=f"create_appeal_message:{appeal_id}",
        payload=payload,
        create=create,
    )


def _files_fingerprint(files: list[UploadedFile]) -> list[dict[str, Any]]:
    prints = []
    for upload in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        prints.append(
            {"name": upload.name, "size": upload.size, "sha256": digest.hexdigest()}
        )
    return prints


@router.post(
    "/{appeal_id}/attachments",
    response={201: MessageOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def upload_appeal_attachments(
    request: HttpRequest,
    appeal_id: int,
    files: File[list[UploadedFile]],
    text: Form[str] = "",
) -> HttpResponse:
    """Добавить файлы к обращению (multipart/form-data: `files`, необязательный `text`).

    Файлы проверяются по содержимому (PDF, JPEG, PNG, HEIC, TIFF, DOCX, XLSX, ODT,
    TXT), размеру и числу; приходят сообщением потребителя."""
    user = request.auth  # type: ignore[attr-defined]
    appeal = appeal_get_for_user(user=user, appeal_id=appeal_id)

    def create() -> tuple[int, Any]:
        message = appeal_consumer_reply(
            actor=user, appeal=appeal, text=text, files=files
        )
        return 201, _message_out(message)

    return idempotent_response(
        request,
        operation=f"upload_appeal_attachments:{appeal_id}",
        payload={"text": text, "files": _files_fingerprint(files)},
        create=create,
    )


@router.post(
    "/{appeal_id}/notes",
    response={201: NoteOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def create_appeal_note(
    request: HttpRequest, appeal_id: int, payload: TextIn
) -> HttpResponse:
    """Добавить внутреннюю заметку (сотрудник; потребитель её не видит)."""
    user = request.auth  # type: ignore[attr-defined]
    appeal = appeal_get_for_user(user=user, appeal_id=appeal_id)

    def create() -> tuple[int, Any]:
        note = appeal_note_add(actor=user, appeal=appeal, text=payload.text)
        return 201, NoteOut.from_orm(note)

    return idempotent_response(
        request,
        operation=f"create_appeal_note:{appeal_id}",
        payload=payload,
        create=create,
    )


def _assignee(user: User, payload: AssignIn) -> User | None:
    if payload.unassign:
        return None
    if payload.assignee_id is None:
        return user
    assignee = (
        User.objects.filter(pk=payload.assignee_id, is_active=True)
        .exclude(role=Role.CONSUMER)
        .first()
    )
    if assignee is None:
        raise NotFoundError("Сотрудник не найден.")
    return assignee


@router.post(
    "/{appeal_id}/assign",
    response={200: AppealOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def assign_appeal(
    request: HttpRequest, appeal_id: int, payload: AssignIn
) -> HttpResponse:
    """Назначить исполнителя, взять себе или вернуть в очередь."""

    def assign(user: User, appeal: Appeal) -> Appeal:
        return appeal_assign(
            actor=user, appeal=appeal, assignee=_assignee(user, payload)
        )

    return _transition(request, appeal_id, payload, assign)


@router.post(
    "/{appeal_id}/answer",
    response={200: AppealOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def answer_appeal(
    request: HttpRequest, appeal_id: int, payload: AnswerIn
) -> HttpResponse:
    """Дать ответ по существу (статус «Дан ответ»); потребитель получает уведомление."""

    def answer(user: User, appeal: Appeal) -> Appeal:
        return appeal_answer(
            actor=user, appeal=appeal, text=payload.text, via=payload.via or ""
        )

    return _transition(request, appeal_id, payload, answer)


@router.post(
    "/{appeal_id}/request-information",
    response={200: AppealOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def request_appeal_information(
    request: HttpRequest, appeal_id: int, payload: TextIn
) -> HttpResponse:
    """Запросить сведения у потребителя: срок приостанавливается до его ответа."""

    def request_information(user: User, appeal: Appeal) -> Appeal:
        return appeal_request_information(actor=user, appeal=appeal, text=payload.text)

    return _transition(request, appeal_id, payload, request_information)


@router.post(
    "/{appeal_id}/close",
    response={200: AppealOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def close_appeal(
    request: HttpRequest, appeal_id: int, payload: CloseIn
) -> HttpResponse:
    """Закрыть обращение, на которое дан ответ."""

    def close(user: User, appeal: Appeal) -> Appeal:
        return appeal_close(
            actor=user, appeal=appeal, complaint_settled=payload.complaint_settled
        )

    return _transition(request, appeal_id, payload, close)


@router.post(
    "/{appeal_id}/reopen",
    response={200: AppealOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def reopen_appeal(
    request: HttpRequest, appeal_id: int, payload: ReasonIn
) -> HttpResponse:
    """Возобновить обращение (например, потребитель не согласен с ответом)."""

    def reopen(user: User, appeal: Appeal) -> Appeal:
        return appeal_reopen(actor=user, appeal=appeal, reason=payload.reason)

    return _transition(request, appeal_id, payload, reopen)


@router.post(
    "/{appeal_id}/forward",
    response={200: AppealOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def forward_appeal(
    request: HttpRequest, appeal_id: int, payload: ForwardIn
) -> HttpResponse:
    """Перенаправить в компетентную организацию и сообщить потребителю куда."""

    def forward(user: User, appeal: Appeal) -> Appeal:
        return appeal_forward(
            actor=user, appeal=appeal, to=payload.to, text=payload.text
        )

    return _transition(request, appeal_id, payload, forward)


@router.post(
    "/{appeal_id}/withdraw",
    response={200: AppealOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def withdraw_appeal(
    request: HttpRequest, appeal_id: int, payload: WithdrawIn
) -> HttpResponse:
    """Отозвать обращение (потребитель; окончательно)."""

    def withdraw(user: User, appeal: Appeal) -> Appeal:
        return appeal_withdraw(actor=user, appeal=appeal, reason=payload.reason)

    return _transition(request, appeal_id, payload, withdraw)


@router.post(
    "/{appeal_id}/rating",
    response={200: AppealOut, **_WRITE_ERRORS},
    openapi_extra=idempotency_openapi(),
)
def rate_appeal(
    request: HttpRequest, appeal_id: int, payload: RatingIn
) -> HttpResponse:
    """Оценить ответ от 1 до 5 (автор обращения)."""

    def rate(user: User, appeal: Appeal) -> Appeal:
        return appeal_rate(
            actor=user, appeal=appeal, rating=payload.rating, comment=payload.comment
        )

    return _transition(request, appeal_id, payload, rate)
