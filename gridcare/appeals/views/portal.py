"""Personal-account pages: the consumer's appeals, a new appeal, one appeal with its
public history, and the consumer's reply, withdrawal and rating."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from gridcare.appeals import services
from gridcare.appeals.codes import Channel, Status
from gridcare.appeals.forms import (
    ConsumerReplyForm,
    PortalAppealForm,
    RateForm,
    WithdrawForm,
)
from gridcare.appeals.models import Appeal
from gridcare.appeals.selectors import (
    appeal_get_for_user,
    appeal_list_for_consumer,
    appeal_thread_get,
    attachment_get_for_user,
    deadline_state,
)
from gridcare.appeals.self_service import category_for
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.appeals.timeline import timeline_entries
from gridcare.appeals.views.access import portal_view
from gridcare.core.errors import ApplicationError, PermissionDeniedError

PAGE_SIZE = 20


@portal_view
@require_GET
def appeal_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(appeal_list_for_consumer(user=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "appeals/portal/list.html", {"page": page})


def _own_accounts(request: HttpRequest) -> Any:
    consumer = getattr(request.user, "consumer", None)
    if consumer is None:
        return Appeal.objects.none()
    return consumer.accounts.filter(is_active=True).order_by("number")


def _portal_input(request: HttpRequest, data: dict[str, Any]) -> AppealInput:
    consumer = request.user.consumer  # type: ignore[union-attr]
    account = data["account"]
    return AppealInput(
        channel=Channel.PERSONAL_ACCOUNT,
        category=category_for(topic=data["topic"], kind=data["kind"]),
        topic=data["topic"],
        kind=data["kind"],
        subject=data["subject"],
        text=data["text"],
        consumer=consumer,
        consumer_account=account,
        supply_point=account.supply_points.first() if account else None,
        address_text=data["address_text"],
        contact_name=consumer.name,
        contact_phone=consumer.phone or "",
        contact_email=consumer.email or "",
        contact_postal_address=consumer.postal_address or "",
        answer_channel=data["answer_channel"],
        files=data["files"],
    )


@portal_view
@require_http_methods(["GET", "POST"])
def appeal_new(request: HttpRequest) -> HttpResponse:
    form = PortalAppealForm(
        request.POST or None, request.FILES or None, accounts=_own_accounts(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            appeal = appeal_receive(
                actor=request.user, data=_portal_input(request, form.cleaned_data)
            )
        except PermissionDeniedError:
            raise
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Обращение зарегистрировано под номером %(number)s.")
                % {"number": appeal.number},
            )
            return redirect("appeals:portal_detail", appeal_id=appeal.pk)
    return render(
        request,
        "appeals/portal/new.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _can_reply(appeal: Appeal) -> bool:
    return appeal.status not in (Status.NEW, Status.WITHDRAWN)


def _can_rate(appeal: Appeal) -> bool:
    return appeal.status in (Status.ANSWERED, Status.CLOSED)


@portal_view
@require_GET
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = appeal_get_for_user(user=request.user, appeal_id=appeal_id)
    thread = appeal_thread_get(appeal=appeal, include_internal=False)
    context = {
        "appeal": appeal,
        "deadline": deadline_state(appeal),
        "thread": thread,
        "timeline": timeline_entries(thread.events, for_consumer=True),
        "file_url": "appeals:portal_attachment",
        "reply_form": ConsumerReplyForm(auto_id="reply-%s")
        if _can_reply(appeal)
        else None,
        "withdraw_form": WithdrawForm(auto_id="withdraw-%s")
        if appeal.can_move_to(Status.WITHDRAWN)
        else None,
        "rate_form": RateForm(
            initial={"rating": appeal.rating, "comment": appeal.rating_comment},
            auto_id="rate-%s",
        )
        if _can_rate(appeal)
        else None,
    }
    return render(request, "appeals/portal/detail.html", context)


def _act(
    request: HttpRequest,
    appeal_id: int,
    form_class: type[forms.Form],
    perform: Callable[[Appeal, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    appeal = appeal_get_for_user(user=request.user, appeal_id=appeal_id)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    else:
        try:
            perform(appeal, form.cleaned_data)
        except PermissionDeniedError:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect("appeals:portal_detail", appeal_id=appeal.pk)


@portal_view
@require_POST
def appeal_reply(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        ConsumerReplyForm,
        lambda appeal, d: services.appeal_consumer_reply(
            actor=request.user, appeal=appeal, text=d["text"], files=d["files"]
        ),
        _("Сообщение отправлено."),
    )


@portal_view
@require_POST
def appeal_withdraw(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        WithdrawForm,
        lambda appeal, d: services.appeal_withdraw(
            actor=request.user, appeal=appeal, reason=d["reason"]
        ),
        _("Обращение отозвано."),
    )


@portal_view
@require_POST
def appeal_rate(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _act(
        request,
        appeal_id,
        RateForm,
        lambda appeal, d: services.appeal_rate(
            actor=request.user, appeal=appeal, rating=d["rating"], comment=d["comment"]
        ),
        _("Спасибо за оценку!"),
    )


@portal_view
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = attachment_get_for_user(user=request.user, attachment_id=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Файл не найден.")) from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
