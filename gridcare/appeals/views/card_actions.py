"""The action forms of the appeal card. Each view: the right to work appeals (else 403,
nothing read), the permission-checked lookup, the form, exactly one service, back to
the card with a message. A refusal changes nothing and is shown in Russian."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.accounts.roles import Right
from gridcare.appeals import services
from gridcare.appeals.forms import (
    AnswerForm,
    AssignForm,
    CloseForm,
    ForwardForm,
    NoteForm,
    OutcomeForm,
    ReopenForm,
    RequestInformationForm,
)
from gridcare.appeals.models import Appeal
from gridcare.appeals.selectors import appeal_assignee_list, appeal_get_for_user
from gridcare.appeals.views.access import staff_view
from gridcare.core.errors import ApplicationError, PermissionDeniedError

Perform = Callable[[HttpRequest, Appeal, dict[str, Any]], object]


def _act(
    request: HttpRequest,
    appeal_id: int,
    *,
    form_class: type[forms.Form] | None,
    perform: Perform,
    done: str,
    form_kwargs: Callable[[Appeal], dict[str, Any]] = lambda appeal: {},
) -> HttpResponse:
    appeal = appeal_get_for_user(user=request.user, appeal_id=appeal_id)
    data: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST, request.FILES, **form_kwargs(appeal))
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            return redirect("appeals:staff_detail", appeal_id=appeal.pk)
        data = form.cleaned_data
    try:
        perform(request, appeal, data)
    except PermissionDeniedError:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("appeals:staff_detail", appeal_id=appeal.pk)


def _is_complaint(appeal: Appeal) -> dict[str, Any]:
    return {"is_complaint": appeal.has_complaint}


@staff_view(Right.APPEAL_WORK)
@require_POST
def take(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=None,
        perform=lambda r, appeal, d: services.appeal_assign(
            actor=r.user, appeal=appeal, assignee=r.user
        ),
        done=_("Обращение взято в работу."),
    )


@staff_view(Right.APPEAL_ASSIGN)
@require_POST
def assign(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=AssignForm,
        form_kwargs=lambda appeal: {
            "assignees": appeal_assignee_list(branch_id=appeal.branch_id)
        },
        perform=lambda r, appeal, d: services.appeal_assign(
            actor=r.user, appeal=appeal, assignee=d["assignee"]
        ),
        done=_("Исполнитель назначен."),
    )


@staff_view(Right.APPEAL_WORK)
@require_POST
def add_note(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=NoteForm,
        perform=lambda r, appeal, d: services.appeal_note_add(
            actor=r.user, appeal=appeal, text=d["text"], files=d["files"]
        ),
        done=_("Заметка добавлена."),
    )


@staff_view(Right.APPEAL_WORK)
@require_POST
def request_information(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=RequestInformationForm,
        perform=lambda r, appeal, d: services.appeal_request_information(
            actor=r.user, appeal=appeal, text=d["text"]
        ),
        done=_("Запрос отправлен потребителю, срок приостановлен."),
    )


@staff_view(Right.APPEAL_WORK)
@require_POST
def answer(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=AnswerForm,
        perform=lambda r, appeal, d: services.appeal_answer(
            actor=r.user, appeal=appeal, text=d["text"], via=d["via"]
        ),
        done=_("Ответ отправлен потребителю."),
    )


@staff_view(Right.APPEAL_WORK)
@require_POST
def close(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=CloseForm,
        form_kwargs=_is_complaint,
        perform=lambda r, appeal, d: services.appeal_close(
            actor=r.user, appeal=appeal, complaint_settled=d.get("complaint_settled")
        ),
        done=_("Обращение закрыто."),
    )


@staff_view(Right.APPEAL_WORK)
@require_POST
def reopen(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=ReopenForm,
        perform=lambda r, appeal, d: services.appeal_reopen(
            actor=r.user, appeal=appeal, reason=d["reason"]
        ),
        done=_("Обращение возобновлено."),
    )


@staff_view(Right.APPEAL_WORK)
@require_POST
def forward(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=ForwardForm,
        perform=lambda r, appeal, d: services.appeal_forward(
            actor=r.user, appeal=appeal, to=d["to"], text=d["text"]
        ),
        done=_("Обращение перенаправлено."),
    )


@staff_view(Right.APPEAL_WORK)
@require_POST
def set_outcome(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        form_class=OutcomeForm,
        form_kwargs=_is_complaint,
        perform=lambda r, appeal, d: services.appeal_set_outcome(
            actor=r.user,
            appeal=appeal,
            led_to_connection_contract=d["led_to_connection_contract"],
            led_to_transmission_contract=d["led_to_transmission_contract"],
            complaint_settled=d.get("complaint_settled", False),
        ),
        done=_("Итоги рассмотрения сохранены."),
    )
