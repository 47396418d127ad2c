"""Personal-account pages: the application wizard (drafts kept at every step), the
applicant's applications with their stages, deadlines and documents."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gridcare.core.errors import ApplicationError, PermissionDeniedError
from gridcare.grid_connections import execution, intake
from gridcare.grid_connections.codes import Status, WorksSide
from gridcare.grid_connections.events import PUBLIC_ACTIONS
from gridcare.grid_connections.forms import (
    ApplicantStepForm,
    ApplicantWorksForm,
    ConsentForm,
    CorrectionAnswerForm,
    FileAddForm,
    ObjectStepForm,
    PowerStepForm,
    WithdrawForm,
)
from gridcare.grid_connections.models import ConnectionApplication
from gridcare.grid_connections.requirements import (
    completeness_problems,
    requirement_list_for,
)
from gridcare.grid_connections.selectors import (
    application_file_get_for_user,
    connection_application_card_get,
    connection_application_get_for_user,
    connection_application_list_for_consumer,
    connection_document_get_for_user,
    special_group_list,
)
from gridcare.grid_connections.stages import deadline_state, next_step, stage_views
from gridcare.grid_connections.views.access import (
    file_response,
    form_errors_to_messages,
    portal_view,
)

STEPS = [
    ("applicant", gettext_lazy("Заявитель")),
    ("object", gettext_lazy("Объект")),
    ("power", gettext_lazy("Мощность")),
    ("documents", gettext_lazy("Документы")),
    ("review", gettext_lazy("Проверка и подача")),
]
STEP_FORMS: dict[str, type] = {
    "applicant": ApplicantStepForm,
    "object": ObjectStepForm,
    "power": PowerStepForm,
}


@portal_view
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    applications = connection_application_list_for_consumer(user=request.user)
    rows = [
        (a, next_step(a), deadline_state(stage_views(a, a.stages.all())))
        for a in applications
    ]
    return render(request, "grid_connections/portal/list.html", {"rows": rows})


@portal_view
@require_POST
def application_new(request: HttpRequest) -> HttpResponse:
    application = intake.connection_application_draft_create(
        actor=request.user, consumer=None
    )
    return redirect("grid_connections:portal_step", application.pk, "applicant")


def _initial(application: ConnectionApplication, step: str) -> dict[str, Any]:
    form_class = STEP_FORMS[step]
    initial = {}
    for name in form_class.base_fields:
        if name in ("settlement", "branch"):
            initial[name] = getattr(application, f"{name}_id")
        else:
            initial[name] = getattr(application, name, None)
    return initial


def _changes(cleaned: dict[str, Any]) -> dict[str, Any]:
    changes = dict(cleaned)
    for name in ("settlement", "branch"):
        if name in changes:
            value = changes.pop(name)
            changes[f"{name}_id"] = value.pk if value else None
    return changes


def _editable(application: ConnectionApplication) -> bool:
    return application.status in intake.EDITABLE_STATUSES


@portal_view
def wizard_step(request: HttpRequest, application_id: int, step: str) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    codes = [code for code, _label in STEPS]
    if step not in codes:
        return redirect("grid_connections:portal_step", application.pk, "applicant")
    if not _editable(application):
        return redirect("grid_connections:portal_detail", application.pk)
    form = None
    if step in STEP_FORMS:
        form_class = STEP_FORMS[step]
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    intake.connection_application_draft_update(
                        actor=request.user,
                        application=application,
                        changes=_changes(form.cleaned_data),
                    )
                except ApplicationError as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(request, _("Черновик сохранён."))
                    following = codes[codes.index(step) + 1]
                    target = step if "stay" in request.POST else following
                    return redirect(
                        "grid_connections:portal_step", application.pk, target
                    )
        else:
            form = form_class(initial=_initial(application, step))
    card = connection_application_card_get(application=application)
    requirements = requirement_list_for(application)
    files_by_code: dict[str, list[Any]] = {}
    for row in card.files:
        files_by_code.setdefault(row.requirement_code, []).append(row)
    context = {
        "application": application,
        "steps": STEPS,
        "step": step,
        "form": form,
        "requirements": [(r, files_by_code.get(r.code, [])) for r in requirements],
        "special_groups": special_group_list(),
        "problems": completeness_problems(application, card.files)
        if step == "review"
        else [],
        "consent_form": ConsentForm(
            initial={"consent": application.consent_given_at is not None}
        ),
        "corrections": card.corrections,
    }
    return render(request, "grid_connections/portal/wizard.html", context)


@portal_view
@require_POST
def file_add(request: HttpRequest, application_id: int) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    form = FileAddForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            intake.connection_application_file_add(
                actor=request.user,
                application=application,
                requirement_code=form.cleaned_data["requirement"],
                files=request.FILES.getlist("file"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Документ приложен."))
    return redirect("grid_connections:portal_step", application.pk, "documents")


@portal_view
@require_POST
def file_remove(
    request: HttpRequest, application_id: int, file_id: int
) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    try:
        intake.connection_application_file_remove(
            actor=request.user, application=application, file_id=file_id
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("grid_connections:portal_step", application.pk, "documents")


def _apply_consent(request: HttpRequest, application: ConnectionApplication) -> bool:
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _(
                "Дайте согласие на обработку персональных данных и подтвердите сведения."
            ),
        )
        return False
    intake.connection_application_draft_update(
        actor=request.user, application=application, changes={"consent": True}
    )
    return True


def _report_problems(request: HttpRequest, exc: ApplicationError) -> None:
    problems = exc.extra.get("problems") or [exc.message]
    for problem in problems:
        messages.error(request, problem)


@portal_view
@require_POST
def submit(request: HttpRequest, application_id: int) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    if not _apply_consent(request, application):
        return redirect("grid_connections:portal_step", application.pk, "review")
    try:
        if application.status == Status.CORRECTION_REQUESTED:
            intake.connection_application_submit_correction(
                actor=request.user,
                application=application,
                text=request.POST.get("text", ""),
            )
        else:
            intake.connection_application_submit(
                actor=request.user, application=application
            )
    except PermissionDeniedError:
        raise
    except ApplicationError as exc:
        _report_problems(request, exc)
        return redirect("grid_connections:portal_step", application.pk, "review")
    messages.success(
        request,
        _("Заявка подана и зарегистрирована под номером %(number)s.")
        % {"number": application.number},
    )
    return redirect("grid_connections:portal_detail", application.pk)


@portal_view
@require_GET
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    if application.is_draft:
        return redirect("grid_connections:portal_step", application.pk, "applicant")
    card = connection_application_card_get(application=application)
    views = stage_views(application, card.stages)
    context = {
        "application": application,
        "card": card,
        "events": [e for e in card.events if e.action in PUBLIC_ACTIONS],
        "stages": views,
        "deadline": deadline_state(views),
        "next": next_step(application, card.works),
        "documents": [d for d in card.documents],
        "open_correction": next(
            (c for c in card.corrections if c.answered_at is None), None
        ),
        "correction_form": CorrectionAnswerForm(),
        "works_form": ApplicantWorksForm()
        if application.status == Status.CONTRACT_CONCLUDED
        and WorksSide.APPLICANT not in {w.side for w in card.works}
        else None,
        "withdraw_form": WithdrawForm()
        if application.can_move_to(Status.WITHDRAWN)
        else None,
        "review_url": reverse(
            "grid_connections:portal_step", args=[application.pk, "review"]
        ),
    }
    return render(request, "grid_connections/portal/detail.html", context)


@portal_view
@require_POST
def submit_correction(request: HttpRequest, application_id: int) -> HttpResponse:
    return submit(request, application_id)


@portal_view
@require_POST
def report_works(request: HttpRequest, application_id: int) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    form = ApplicantWorksForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            execution.connection_application_record_works(
                actor=request.user,
                application=application,
                side=WorksSide.APPLICANT,
                description=form.cleaned_data["description"],
                done_on=form.cleaned_data["done_on"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Сообщение о выполнении ТУ отправлено."))
    return redirect("grid_connections:portal_detail", application.pk)


@portal_view
@require_POST
def withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    application = connection_application_get_for_user(
        user=request.user, application_id=application_id
    )
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        intake.connection_application_withdraw(
            actor=request.user,
            application=application,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Заявка отозвана."))
    return redirect("grid_connections:portal_detail", application.pk)


@portal_view
@require_GET
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = connection_document_get_for_user(
        user=request.user, document_id=document_id
    )
    return file_response(document.file, document.filename, "application/pdf")


@portal_view
@require_GET
def upload_download(request: HttpRequest, file_id: int) -> HttpResponse:
    row = application_file_get_for_user(user=request.user, file_id=file_id)
    return file_response(row.file, row.original_name, row.content_type)
