"""The subject's privacy page in the personal account: file a request, follow it,
download everything we hold about them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gridcare.accounts.access import portal_view
from gridcare.consumers.linking import consumer_of_user
from gridcare.core.errors import ApplicationError
from gridcare.privacy.export import subject_export_collect, subject_export_zip
from gridcare.privacy.forms import RequestForm
from gridcare.privacy.selectors import (
    subject_request_get_for_user,
    subject_request_list_for_user,
)
from gridcare.privacy.services import subject_request_file


@require_http_methods(["GET", "POST"])
@portal_view()
def index(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filed = subject_request_file(
                actor=request.user,
                consumer=consumer_of_user(user=request.user),
                data=form.request_input(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Запрос зарегистрирован под номером %(number)s.")
                % {"number": filed.appeal.number},
            )
            return redirect("privacy:portal_detail", filed.pk)
    context = {
        "form": form,
        "requests": subject_request_list_for_user(user=request.user),
    }
    return render(request, "privacy/portal/index.html", context)


@require_GET
@portal_view()
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    subject_request = subject_request_get_for_user(
        user=request.user, request_id=request_id
    )
    return render(
        request, "privacy/portal/detail.html", {"subject_request": subject_request}
    )


@require_GET
@portal_view()
def export_zip(request: HttpRequest) -> HttpResponse:
    export = subject_export_collect(consumer=consumer_of_user(user=request.user))
    name = f"my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(subject_export_zip(export), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
