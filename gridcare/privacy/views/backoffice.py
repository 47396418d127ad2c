"""The data protection officer's screens: subject requests and their steps, a
consumer's consents and anonymisation, the staff export, the access-log search with
CSV, the consent report and the retention rules with their log."""

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gridcare.accounts.access import staff_view
from gridcare.consumers.models import PersonalDataAccess
from gridcare.consumers.services import personal_data_access_log
from gridcare.core.errors import ApplicationError
from gridcare.core.web import client_ip, form_errors_to_messages
from gridcare.privacy.export import subject_export_collect, subject_export_zip
from gridcare.privacy.forms import (
    AccessLogFilterForm,
    AnswerForm,
    CorrectionForm,
    ReasonForm,
    StaffRequestForm,
)
from gridcare.privacy.models import RequestStatus, SubjectRequest
from gridcare.privacy.rights import PRIVACY_OFFICER
from gridcare.privacy.selectors import (
    AccessLogFilters,
    access_log_search,
    consent_history_for_consumer,
    consent_report,
    consent_text_versions,
    consumer_get_for_officer,
    retention_log,
    retention_rules,
    subject_request_get_for_user,
    subject_request_list_for_user,
)
from gridcare.privacy.services import (
    anonymise_blockers,
    subject_anonymise,
    subject_request_answer,
    subject_request_correct,
    subject_request_extend,
    subject_request_file,
    subject_request_take,
)

officer_view = staff_view(PRIVACY_OFFICER)
CSV_LIMIT = 50_000


@require_GET
@officer_view
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    requests = subject_request_list_for_user(user=request.user)
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": RequestStatus.choices}
    return render(request, "privacy/backoffice/requests.html", context)


@require_http_methods(["GET", "POST"])
@officer_view
def request_register(request: HttpRequest) -> HttpResponse:
    form = StaffRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consumer = consumer_get_for_officer(
                user=request.user, consumer_id=form.cleaned_data["consumer_id"]
            )
            filed = subject_request_file(
                actor=request.user, consumer=consumer, data=form.request_input()
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Запрос зарегистрирован: %(number)s.")
                % {"number": filed.appeal.number},
            )
            return redirect("privacy:staff_detail", filed.pk)
    return render(request, "privacy/backoffice/register.html", {"form": form})


@require_GET
@officer_view
def request_card(request: HttpRequest, request_id: int) -> HttpResponse:
    subject_request = subject_request_get_for_user(
        user=request.user, request_id=request_id
    )
    personal_data_access_log(
        user=request.user,
        consumer_id=subject_request.consumer_id,
        action=PersonalDataAccess.Action.VIEW_APPEAL,
        object_type="subjectrequest",
        object_id=subject_request.pk,
        ip_address=client_ip(request),
    )
    context = {
        "subject_request": subject_request,
        "appeal": subject_request.appeal,
        "events": subject_request.events.all(),
        "reason_form": ReasonForm(),
        "answer_form": AnswerForm(),
        "correction_form": CorrectionForm(requested=subject_request.requested_changes),
        "blockers": anonymise_blockers(subject_request.consumer)
        if subject_request.type == SubjectRequest.Type.DELETION
        else [],
        "anonymised": hasattr(subject_request.consumer, "anonymisation"),
    }
    return render(request, "privacy/backoffice/card.html", context)


def _take(request: HttpRequest, subject_request: SubjectRequest) -> str:
    subject_request_take(actor=request.user, request=subject_request)
    return _("Запрос взят в работу.")


def _extend(request: HttpRequest, subject_request: SubjectRequest) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(
            _("Укажите причину продления: она сообщается заявителю.")
        )
    subject_request_extend(
        actor=request.user, request=subject_request, reason=form.cleaned_data["reason"]
    )
    return _("Срок продлён, заявителю направлено уведомление.")


def _correct(request: HttpRequest, subject_request: SubjectRequest) -> str:
    form = CorrectionForm(request.POST, requested=subject_request.requested_changes)
    if not form.is_valid():
        raise ApplicationError(_("Заполните все исправляемые поля."))
    subject_request_correct(
        actor=request.user, request=subject_request, values=form.cleaned_data
    )
    return _("Данные исправлены, прежние значения сохранены в истории.")


def _anonymise(request: HttpRequest, subject_request: SubjectRequest) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("Укажите основание обезличивания."))
    subject_anonymise(
        consumer=subject_request.consumer,
        reason=form.cleaned_data["reason"],
        actor=request.user,
    )
    return _("Данные субъекта обезличены.")


def _answer(request: HttpRequest, subject_request: SubjectRequest) -> str:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("Выберите решение и напишите ответ заявителю."))
    subject_request_answer(
        actor=request.user,
        request=subject_request,
        decision=form.cleaned_data["decision"],
        text=form.cleaned_data["text"],
    )
    return _("Ответ направлен заявителю.")


ACTIONS: dict[str, Callable[[HttpRequest, SubjectRequest], str]] = {
    "take": _take,
    "extend": _extend,
    "correct": _correct,
    "anonymise": _anonymise,
    "answer": _answer,
}


@require_POST
@officer_view
def request_act(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    subject_request = subject_request_get_for_user(
        user=request.user, request_id=request_id
    )
    act = ACTIONS.get(action)
    if act is None:
        messages.error(request, _("Неизвестное действие."))
    else:
        try:
            messages.success(request, act(request, subject_request))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("privacy:staff_detail", subject_request.pk)


@require_GET
@officer_view
def consumer_page(request: HttpRequest, consumer_id: int) -> HttpResponse:
    consumer = consumer_get_for_officer(user=request.user, consumer_id=consumer_id)
    personal_data_access_log(
        user=request.user,
        consumer_id=consumer.pk,
        action=PersonalDataAccess.Action.VIEW_CONSUMER,
        object_type="consumer",
        object_id=consumer.pk,
        ip_address=client_ip(request),
    )
    context = {
        "consumer": consumer,
        "consents": consent_history_for_consumer(consumer=consumer),
        "texts": consent_text_versions(),
        "requests": consumer.subject_requests.select_related("appeal").order_by(
            "-created_at"
        ),
    }
    return render(request, "privacy/backoffice/consumer.html", context)


@require_GET
@officer_view
def consumer_export(request: HttpRequest, consumer_id: int) -> HttpResponse:
    consumer = consumer_get_for_officer(user=request.user, consumer_id=consumer_id)
    personal_data_access_log(
        user=request.user,
        consumer_id=consumer.pk,
        action=PersonalDataAccess.Action.EXPORT,
        object_type="consumer",
        object_id=consumer.pk,
        ip_address=client_ip(request),
    )
    export = subject_export_collect(consumer=consumer)
    name = f"subject-{consumer.pk}-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(subject_export_zip(export), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filters(form: AccessLogFilterForm) -> AccessLogFilters:
    data: dict[str, Any] = form.cleaned_data
    return AccessLogFilters(
        consumer_id=data.get("consumer"),
        user_query=data.get("user") or "",
        action=data.get("action") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


def _csv(entries: Any) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        ["Когда (МСК)", "Сотрудник", "Роль", "Действие", "Потребитель", "Объект", "IP"]
    )
    for e in entries[:CSV_LIMIT]:
        writer.writerow(
            [
                timezone.localtime(e.at).strftime("%d.%m.%Y %H:%M:%S"),
                str(e.user),
                e.user.get_role_display(),
                e.get_action_display(),
                e.consumer_id or "",
                f"{e.object_type} {e.object_id}",
                e.ip_address or "",
            ]
        )
    return response


@require_GET
@officer_view
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET)
    if form.is_valid():
        entries = access_log_search(filters=_filters(form))
    else:
        form_errors_to_messages(request, form)
        entries = PersonalDataAccess.objects.none()
    if request.GET.get("format") == "csv":
        return _csv(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "privacy/backoffice/access_log.html", {"form": form, "page": page}
    )


@require_GET
@officer_view
def consents(request: HttpRequest) -> HttpResponse:
    context = {"rows": consent_report(), "texts": consent_text_versions()}
    return render(request, "privacy/backoffice/consents.html", context)


@require_GET
@officer_view
def retention(request: HttpRequest) -> HttpResponse:
    context = {"rules": retention_rules(), "log": retention_log()}
    return render(request, "privacy/backoffice/retention.html", context)
