"""Internet-reception pages (no account): the appeal form, «check your e-mail», the
confirmation link and the tracking page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from gridcare.appeals.flood import FloodRefused, form_started_token
from gridcare.appeals.forms import ReceptionForm
from gridcare.appeals.reception import (
    ConfirmLinkExpired,
    reception_get_by_tracking_token,
    tracking_token,
)
from gridcare.appeals.selectors import appeal_thread_get, deadline_state
from gridcare.appeals.services.reception import (
    FloodCheck,
    ReceptionInput,
    consent_text_current,
    reception_confirm,
    reception_submit,
)
from gridcare.appeals.timeline import timeline_entries
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.core.web import client_ip, refusals_to_http

FIELDS = (
    "topic",
    "kind",
    "subject",
    "text",
    "address_text",
    "answer_channel",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_postal_address",
    "consent",
    "files",
)


def _render_form(
    request: HttpRequest, form: ReceptionForm, status: int
) -> HttpResponse:
    # A fresh stamp on every showing: the minimum fill time counts from here.
    form.data = form.data.copy() if form.is_bound else form.data
    if form.is_bound:
        form.data["started"] = form_started_token()
    else:
        form.initial["started"] = form_started_token()
    consent = consent_text_current()
    return render(
        request,
        "appeals/portal/reception/form.html",
        {"form": form, "consent_text": consent.text if consent else ""},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def reception_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_form(request, ReceptionForm(), 200)
    form = ReceptionForm(request.POST, request.FILES)
    guard = FloodCheck(
        ip=client_ip(request),
        started=request.POST.get("started", ""),
        honeypot=request.POST.get("website", ""),
    )
    if not form.is_valid():
        return _render_form(request, form, 400)
    try:
        submitted = reception_submit(
            data=ReceptionInput(**{k: form.cleaned_data[k] for k in FIELDS}),
            guard=guard,
        )
    except FloodRefused as exc:
        form.add_error(None, exc.message)
        return _render_form(request, form, 429)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _render_form(request, form, 400)
    request.session["reception_sent_to"] = submitted.email
    return redirect("appeals:reception_sent")


@require_GET
def reception_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "appeals/portal/reception/sent.html",
        {"email": request.session.get("reception_sent_to", "")},
    )


@require_GET
def reception_confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm the e-mail (a GET: the link is opened from a mail program) and go to
    the tracking page."""
    try:
        submitted = reception_confirm(token=token)
    except ConfirmLinkExpired as exc:
        return render(
            request,
            "appeals/portal/reception/link_invalid.html",
            {"message": exc.message},
            status=410,
        )
    except NotFoundError as exc:
        return render(
            request,
            "appeals/portal/reception/link_invalid.html",
            {"message": exc.message},
            status=404,
        )
    return redirect("appeals:reception_track", token=tracking_token(submitted))


@refusals_to_http
@require_GET
def reception_track(request: HttpRequest, token: str) -> HttpResponse:
    submitted = reception_get_by_tracking_token(token=token)
    appeal = submitted.appeal
    thread = appeal_thread_get(appeal=appeal, include_internal=False)
    response = render(
        request,
        "appeals/portal/reception/track.html",
        {
            "appeal": appeal,
            "deadline": deadline_state(appeal),
            "thread": thread,
            "timeline": timeline_entries(thread.events, for_consumer=True),
            "file_url": "",
        },
    )
    # The token is the key to the appeal: keep it out of Referer headers and caches.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response
