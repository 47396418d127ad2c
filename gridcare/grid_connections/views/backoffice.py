"""Back-office pages: the engineers' queue by branch with overdue marks, filing on an
applicant's behalf (office clerk), the application card and its processing steps."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gridcare.accounts.roles import Right, has_right
from gridcare.consumers.models import PersonalDataAccess
from gridcare.consumers.selectors import consumer_list_for_lookup
from gridcare.consumers.services import personal_data_access_log
from gridcare.core.errors import ApplicationError, PermissionDeniedError
from gridcare.grid_connections import execution, intake, services
from gridcare.grid_connections.codes import Status
from gridcare.grid_connections.forms import (
    AcceptForm,
    AnnulForm,
    AssignForm,
    ConfirmForm,
    ConnectionForm,
    CorrectionRequestForm,
    FileAddForm,
    FulfilmentForm,
    PaymentForm,
    QueueFilterForm,
    StaffRegisterForm,
    TechnicalConditionsForm,
    WorksForm,
)
from gridcare.grid_connections.models import ConnectionApplication
from gridcare.grid_connections.requirements import (
    completeness_problems,
    requirement_list_for,
)
from gridcare.grid_connections.selectors import (
    QueueFilters,
    application_file_get_for_user,
    connection_application_card_get,
    connection_application_get_for_user,
    connection_application_list_for_queue,
    connection_document_get_for_user,
)
from gridcare.grid_connections.stages import deadline_state, next_step, stage_views
from gridcare.grid_connections.tariffs import LineInput
from gridcare.grid_connections.views.access import (
    file_response,
    form_errors_to_messages,
    staff_view,
)
from gridcare.territory.selectors import branch_list

PAGE_SIZE = 50


@staff_view(Right.CONNECTION_VIEW)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = QueueFilters(
        status=data.get("status") or "",
        branch_id=data.get("branch"),
        assignee_id=request.user.pk if data.get("mine") else None,
        unassigned=bool(data.get("unassigned")),
        overdue=bool(data.get("overdue")),
        query=data.get("q") or "",
    )
    page = Paginator(
        connection_application_list_for_queue(user=request.user, filters=filters),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "grid_connections/backoffice/queue.html",
        {
            "page": page,
            "filters": data,
            "statuses": Status.choices,
            "branches": branch_list(),
        },
    )


def _register_changes(data: dict[str, Any]) -> dict[str, Any]:
    skip = {"channel", "consumer_query", "settlement", "branch"}
    changes = {k: v for k, v in data.items() if k not in skip}
    changes["settlement_id"] = data["settlement"].pk if data.get("settlement") else None
    changes["branch_id"] = data["branch"].pk if data.get("branch") else None
    return changes


@staff_view(Right.CONNECTION_REGISTER)
def register(request: HttpRequest) -> HttpResponse:
    form = StaffRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consumer = None
        query = data.get("consumer_query", "").strip()
        if query:
            found = consumer_list_for_lookup(user=request.user, query=query, limit=2)
            if len(found) != 1:
                form.add_error(
                    "consumer_query",
                    _("Потребитель не найден однозначно: уточните телефон или счёт."),
                )
            else:
                consumer = found[0]
        if not form.errors:
            try:
                application = intake.connection_application_draft_create(
                    actor=request.user,
                    consumer=consumer,
                    channel=data["channel"],
                    changes=_register_changes(data),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Черновик создан: приложите документы и подайте заявку.")
                )
                return redirect("grid_connections:staff_detail", application.pk)
    return render(request, "grid_connections/backoffice/register.html", {"form": form})


@dataclass(frozen=True)
class Action:
    form: type[forms.Form]
    perform: Callable[[HttpRequest, ConnectionApplication, dict[str, Any]], object]
    done: Any


def _conditions(data: dict[str, Any]) -> services.TechnicalConditionsInput:
    lines = []
    if data.get("line_voltage"):
        lines.append(
            LineInput(data["line_voltage"], data["line_type"], data["line_length_km"])
        )
    return services.TechnicalConditionsInput(
        supply_source=data["supply_source"],
        connection_point=data["connection_point"],
        voltage=data["voltage"],
        max_power_kw=data["max_power_kw"],
        reliability_category=data["reliability_category"],
        distance_m=data["distance_m"],
        grid_works=data["grid_works"],
        applicant_works=data["applicant_works"],
        lines=lines,
        metering_points=data["metering_points"],
        meter_variant=data["meter_variant"],
        grid_construction_required=data["grid_construction_required"],
        land_rights_required=data["land_rights_required"],
        complex_case=data["complex_case"],
        validity_years=data["validity_years"],
    )


def _file_add(
    request: HttpRequest, app: ConnectionApplication, d: dict[str, Any]
) -> object:
    return intake.connection_application_file_add(
        actor=request.user,
        application=app,
        requirement_code=d["requirement"],
        files=request.FILES.getlist("file"),
    )


ACTIONS: dict[str, Action] = {
    "take": Action(
        AssignForm,
        lambda r, a, d: services.connection_application_assign(
            actor=r.user, application=a, assignee=r.user
        ),
        gettext_lazy("Заявка взята в работу."),
    ),
    "accept": Action(
        AcceptForm,
        lambda r, a, d: services.connection_application_accept(
            actor=r.user, application=a, **d
        ),
        gettext_lazy("Заявка принята: комплектность подтверждена."),
    ),
    "request-correction": Action(
        CorrectionRequestForm,
        lambda r, a, d: services.connection_application_request_correction(
            actor=r.user, application=a, text=d["text"]
        ),
        gettext_lazy("Заявителю направлен запрос; срок приостановлен."),
    ),
    "technical-conditions": Action(
        TechnicalConditionsForm,
        lambda r, a, d: services.connection_application_issue_technical_conditions(
            actor=r.user, application=a, data=_conditions(d), reason=d["reason"]
        ),
        gettext_lazy("Технические условия выданы."),
    ),
    "offer": Action(
        ConfirmForm,
        lambda r, a, d: services.connection_application_issue_offer(
            actor=r.user, application=a
        ),
        gettext_lazy("Оферта, ТУ и счёт направлены заявителю."),
    ),
    "payment": Action(
        PaymentForm,
        lambda r, a, d: execution.connection_application_record_payment(
            actor=r.user, application=a, **d
        ),
        gettext_lazy("Оплата зафиксирована: договор заключён."),
    ),
    "works": Action(
        WorksForm,
        lambda r, a, d: execution.connection_application_record_works(
            actor=r.user, application=a, **d
        ),
        gettext_lazy("Выполнение мероприятий записано."),
    ),
    "fulfilment": Action(
        FulfilmentForm,
        lambda r, a, d: execution.connection_application_check_fulfilment(
            actor=r.user, application=a, note=d["note"]
        ),
        gettext_lazy("Выполнение ТУ проверено."),
    ),
    "connection": Action(
        ConnectionForm,
        lambda r, a, d: execution.connection_application_record_connection(
            actor=r.user, application=a, **d
        ),
        gettext_lazy("Фактическое присоединение записано."),
    ),
    "closing-document": Action(
        ConfirmForm,
        lambda r, a, d: execution.connection_application_issue_closing_document(
            actor=r.user, application=a
        ),
        gettext_lazy("Документ о присоединении оформлен."),
    ),
    "annul": Action(
        AnnulForm,
        lambda r, a, d: services.connection_application_annul(
            actor=r.user, application=a, reason=d["reason"]
        ),
        gettext_lazy("Заявка аннулирована."),
    ),
    "file": Action(FileAddForm, _file_add, gettext_lazy("Документ приложен.")),
    "submit": Action(
        ConfirmForm,
        lambda r, a, d: intake.connection_application_submit(
            actor=r.user, application=a
        ),
        gettext_lazy("Заявка подана и зарегистрирована."),
    ),
}


@staff_view(Right.CONNECTION_VIEW)
@require_POST
def act(request: HttpRequest, application_id: int, action: str) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    spec = ACTIONS.get(action)
    if spec is None:
        messages.error(request, _("Неизвестное действие."))
        return redirect("grid_connections:staff_detail", application.pk)
    form = spec.form(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            spec.perform(request, application, form.cleaned_data)
        except PermissionDeniedError:
            raise
        except ApplicationError as exc:
            for problem in exc.extra.get("problems") or [exc.message]:
                messages.error(request, problem)
        else:
            messages.success(request, spec.done)
    return redirect("grid_connections:staff_detail", application.pk)


def _tc_initial(application: ConnectionApplication) -> dict[str, Any]:
    return {
        "voltage": application.voltage,
        "max_power_kw": application.total_power_kw or Decimal(0),
        "reliability_category": application.reliability_category,
        "distance_m": application.distance_to_grid_m,
        "metering_points": 1,
        "validity_years": 2,
    }


@staff_view(Right.CONNECTION_VIEW)
@require_GET
def application_card(request: HttpRequest, application_id: int) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    if application.consumer_id:
        personal_data_access_log(
            user=request.user,
            consumer_id=application.consumer_id,
            action=PersonalDataAccess.Action.VIEW_CONSUMER,
            object_type="connection_application",
            object_id=application.pk,
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    card = connection_application_card_get(application=application)
    views = stage_views(application, card.stages)
    files_by_code: dict[str, list[Any]] = {}
    for row in card.files:
        files_by_code.setdefault(row.requirement_code, []).append(row)
    can_work = has_right(request.user, Right.CONNECTION_WORK)
    context = {
        "application": application,
        "card": card,
        "stages": views,
        "deadline": deadline_state(views),
        "next": next_step(application, card.works),
        "can_work": can_work,
        "can_register": has_right(request.user, Right.CONNECTION_REGISTER),
        "requirements": [
            (r, files_by_code.get(r.code, []))
            for r in requirement_list_for(application)
        ],
        "problems": completeness_problems(application, card.files)
        if application.is_draft
        else [],
        "sides_done": {w.side for w in card.works},
        "forms": {
            "accept": AcceptForm(),
            "correction": CorrectionRequestForm(),
            "tc": TechnicalConditionsForm(initial=_tc_initial(application)),
            "payment": PaymentForm(initial={"amount": application.fee_amount}),
            "works": WorksForm(),
            "fulfilment": FulfilmentForm(),
            "connection": ConnectionForm(
                initial={
                    "actual_voltage": application.voltage,
                    "actual_power_kw": application.total_power_kw,
                }
            ),
            "annul": AnnulForm(),
        },
    }
    return render(request, "grid_connections/backoffice/card.html", context)


@staff_view(Right.CONNECTION_VIEW)
@require_GET
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = connection_document_get_for_user(
        user=request.user, document_id=document_id
    )
    return file_response(document.file, document.filename, "application/pdf")


@staff_view(Right.CONNECTION_VIEW)
@require_GET
def upload_download(request: HttpRequest, file_id: int) -> HttpResponse:
    row = application_file_get_for_user(user=request.user, file_id=file_id)
    if row.application.consumer_id:
        personal_data_access_log(
            user=request.user,
            consumer_id=row.application.consumer_id,
            action=PersonalDataAccess.Action.DOWNLOAD_FILE,
            object_type="connection_application_file",
            object_id=row.pk,
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    return file_response(row.file, row.original_name, row.content_type)
