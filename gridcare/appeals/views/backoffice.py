"""Back-office pages: the queue, the appeal card, registering an appeal on a
consumer's behalf, files. The card's action forms post to card_actions.py."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals.codes import Status
from gridcare.appeals.forms import (
    AnswerForm,
    AssignForm,
    BulkAssignForm,
    CloseForm,
    ForwardForm,
    NoteForm,
    OutcomeForm,
    QueueFilterForm,
    RegisterForm,
    ReopenForm,
    RequestInformationForm,
)
from gridcare.appeals.models import Appeal
from gridcare.appeals.selectors import (
    appeal_assignee_list,
    appeal_get_for_user,
    appeal_list_by_ids_for_user,
    appeal_list_for_consumer_card,
    appeal_list_for_queue,
    appeal_thread_get,
    attachment_get_for_user,
    deadline_state,
)
from gridcare.appeals.services import AppealInput, appeal_bulk_assign, appeal_receive
from gridcare.appeals.timeline import timeline_entries
from gridcare.appeals.views.access import client_ip, staff_view
from gridcare.consumers.models import PersonalDataAccess
from gridcare.consumers.selectors import (
    consumer_choice_get_for_user,
    consumer_get_for_user,
)
from gridcare.consumers.services import personal_data_access_log
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.territory.selectors import branch_list

QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueRow:
    appeal: Appeal
    deadline: str


def _is_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


@staff_view(Right.APPEAL_VIEW_QUEUE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    sees_all_branches = (
        has_right(user, Right.APPEAL_VIEW_ALL_BRANCHES) or user.branch_id is None
    )
    assignees = appeal_assignee_list(branch_id=user.branch_id)
    form = QueueFilterForm(
        request.GET or None,
        branches=branch_list() if sees_all_branches else None,
        assignees=assignees,
    )
    filters = form.to_filters(user=user)
    paginator = Paginator(
        appeal_list_for_queue(user=user, filters=filters), QUEUE_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    context = {
        "form": form,
        "page": page,
        "rows": [QueueRow(a, deadline_state(a, now=now)) for a in page],
        "can_assign": has_right(user, Right.APPEAL_ASSIGN),
        "can_register": has_right(user, Right.APPEAL_REGISTER),
    }
    if _is_partial(request):
        response = render(request, "appeals/backoffice/_queue_table.html", context)
    else:
        if context["can_assign"]:
            context["bulk_form"] = BulkAssignForm(
                assignees=assignees, auto_id="bulk-%s"
            )
        response = render(request, "appeals/backoffice/queue.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/staff/appeals/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("appeals:staff_queue")


@staff_view(Right.APPEAL_ASSIGN)
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    assignees = appeal_assignee_list(branch_id=request.user.branch_id)
    form = BulkAssignForm(request.POST, assignees=assignees)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_queue(request)
    appeals = appeal_list_by_ids_for_user(
        user=request.user, appeal_ids=form.cleaned_data["appeal_ids"]
    )
    try:
        done = appeal_bulk_assign(
            actor=request.user,
            appeals=list(appeals),
            assignee=form.cleaned_data["assignee"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Назначено обращений: %(done)s из %(total)s.")
            % {"done": done, "total": len(form.cleaned_data["appeal_ids"])},
        )
    return _back_to_queue(request)


def _card_actions(user: object, appeal: Appeal) -> dict[str, bool]:
    """Which action forms the card offers: allowed by the status and the user's
    rights. The services check again; this only hides what would be refused."""
    work = has_right(user, Right.APPEAL_WORK)
    workable = work and appeal.is_open and appeal.status != Status.NEW
    return {
        "take": workable and appeal.assignee_id != getattr(user, "pk", None),
        "assign": workable and has_right(user, Right.APPEAL_ASSIGN),
        "note": work,
        "request_information": work and appeal.can_move_to(Status.WAITING),
        "answer": work and appeal.can_move_to(Status.ANSWERED),
        "close": work and appeal.can_move_to(Status.CLOSED),
        "reopen": work
        and appeal.status in (Status.ANSWERED, Status.CLOSED, Status.FORWARDED),
        "forward": work and appeal.can_move_to(Status.FORWARDED),
        "outcome": work and appeal.status != Status.NEW,
    }


@staff_view(Right.APPEAL_VIEW_QUEUE)
@require_GET
def appeal_card(request: HttpRequest, appeal_id: int) -> HttpResponse:
    user = request.user
    appeal = appeal_get_for_user(user=user, appeal_id=appeal_id)
    thread = appeal_thread_get(appeal=appeal, include_internal=True)
    actions = _card_actions(user, appeal)
    is_complaint = appeal.has_complaint
    context = {
        "appeal": appeal,
        "deadline": deadline_state(appeal),
        "thread": thread,
        "timeline": timeline_entries(thread.events, for_consumer=False),
        "actions": actions,
        "has_actions": any(actions.values()),
        "can_view_consumer": has_right(user, Right.CONSUMER_VIEW),
        "file_url": "appeals:staff_attachment",
        "assign_form": AssignForm(
            assignees=appeal_assignee_list(branch_id=appeal.branch_id),
            auto_id="assign-%s",
        )
        if actions["assign"]
        else None,
        "note_form": NoteForm(auto_id="note-%s"),
        "request_form": RequestInformationForm(auto_id="request-%s"),
        "answer_form": AnswerForm(
            initial={"via": appeal.answer_channel}, auto_id="answer-%s"
        ),
        "close_form": CloseForm(is_complaint=is_complaint, auto_id="close-%s"),
        "reopen_form": ReopenForm(auto_id="reopen-%s"),
        "forward_form": ForwardForm(auto_id="forward-%s"),
        "outcome_form": OutcomeForm(
            is_complaint=is_complaint,
            auto_id="outcome-%s",
            initial={
                "led_to_connection_contract": appeal.led_to_connection_contract,
                "led_to_transmission_contract": appeal.led_to_transmission_contract,
                "complaint_settled": appeal.complaint_settled,
            },
        ),
    }
    personal_data_access_log(
        user=user,
        consumer_id=appeal.consumer_id,
        action=PersonalDataAccess.Action.VIEW_APPEAL,
        object_type="appeal",
        object_id=appeal.pk,
        ip_address=client_ip(request),
    )
    return render(request, "appeals/backoffice/card.html", context)


@staff_view(Right.APPEAL_VIEW_QUEUE)
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = attachment_get_for_user(user=request.user, attachment_id=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Файл не найден.")) from exc
    personal_data_access_log(
        user=request.user,
        consumer_id=attachment.appeal.consumer_id,
        action=PersonalDataAccess.Action.DOWNLOAD_FILE,
        object_type="appeal_attachment",
        object_id=attachment.pk,
        ip_address=client_ip(request),
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@staff_view(Right.CONSUMER_VIEW)
@require_GET
def consumer_appeals(request: HttpRequest, consumer_id: int) -> HttpResponse:
    """The appeals section of a consumer's card (loaded into it by htmx)."""
    consumer = consumer_get_for_user(user=request.user, consumer_id=consumer_id)
    context = {
        "consumer": consumer,
        "appeals": appeal_list_for_consumer_card(
            user=request.user, consumer_id=consumer.pk
        ),
    }
    template = (
        "appeals/backoffice/_consumer_appeals.html"
        if _is_partial(request)
        else "appeals/backoffice/consumer_appeals.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# Which form field shows a refusal of appeal_receive (the rest go above the form).
_REGISTER_ERROR_FIELDS = {
    "text_required": "text",
    "text_too_long": "text",
    "name_required": "contact_name",
    "phone_invalid": "contact_phone",
    "email_invalid": "contact_email",
    "answer_contact_required": "answer_channel",
    "received_future": "received_at",
    "too_many_files": "files",
    "empty_file": "files",
    "file_too_large": "files",
    "file_type": "files",
}


def _appeal_input(data: dict, files: list, choice: object) -> AppealInput:
    return AppealInput(
        channel=data["channel"],
        category=data["category"],
        kind=data["kind"],
        topic=data["topic"],
        service_request_type=data["service_request_type"],
        subject=data["subject"],
        text=data["text"],
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
        contact_postal_address=data["contact_postal_address"],
        address_text=data["address_text"],
        answer_channel=data["answer_channel"],
        received_at=data["received_at"],
        consumer=choice.consumer,  # type: ignore[attr-defined]
        consumer_account=choice.account,  # type: ignore[attr-defined]
        supply_point=choice.supply_point,  # type: ignore[attr-defined]
        files=files,
    )


@staff_view(Right.APPEAL_REGISTER)
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = RegisterForm()
        return render(request, "appeals/backoffice/register.html", {"form": form})
    form = RegisterForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            choice = consumer_choice_get_for_user(
                user=request.user,
                consumer_id=data["consumer_id"],
                account_id=data["account_id"],
                supply_point_id=data["supply_point_id"],
            )
            appeal = appeal_receive(
                actor=request.user, data=_appeal_input(data, data["files"], choice)
            )
        except ApplicationError as exc:
            field = _REGISTER_ERROR_FIELDS.get(exc.code)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Обращение зарегистрировано, № %(number)s")
                % {"number": appeal.number},
            )
            return _to_card_if_visible(request, appeal)
    return render(
        request, "appeals/backoffice/register.html", {"form": form}, status=400
    )


def _to_card_if_visible(request: HttpRequest, appeal: Appeal) -> HttpResponse:
    # A specialist may register an appeal of another competence: it goes to that
    # group's queue, and its card is not theirs to open.
    try:
        appeal_get_for_user(user=request.user, appeal_id=appeal.pk)
    except NotFoundError:
        return redirect("appeals:staff_queue")
    return redirect("appeals:staff_detail", appeal_id=appeal.pk)
