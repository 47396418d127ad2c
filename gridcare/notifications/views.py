"""The notifications centre (everything sent to a person, read/unread, filters) and
the notification settings; the generic unsubscribe link (one click, no login)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from gridcare.core.errors import ApplicationError
from gridcare.notifications.forms import (
    CentreFilterForm,
    PreferenceForm,
    preference_grid,
)
from gridcare.notifications.models import Topic
from gridcare.notifications.selectors import (
    notification_list_for_user,
    notification_unread_count,
    preference_get,
)
from gridcare.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    preference_update,
    suppression_add,
)
from gridcare.notifications.tokens import unsubscribe_payload

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    """The notifications centre: everything sent to the person, filtered."""
    filter_form = CentreFilterForm(request.GET or None)
    filters = filter_form.to_filters()
    paginator = Paginator(
        notification_list_for_user(user=request.user, filters=filters), PAGE_SIZE
    )
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": paginator.get_page(request.GET.get("page")),
            "filter_form": filter_form,
            "filters": filters,
            "unread_count": notification_unread_count(user=request.user),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    topic = request.POST.get("topic", "")
    if request.POST.get("all"):
        notification_mark_all_read(
            user=request.user, topic=topic if topic in Topic.values else ""
        )
    else:
        raw = request.POST.get("id", "")
        if not raw.isdigit() or not notification_mark_read(
            user=request.user, notification_id=int(raw)
        ):
            messages.error(request, _("Уведомление не найдено или уже прочитано."))
    back = request.POST.get("next", "")
    if back.startswith("/notifications/") and "//" not in back:
        return redirect(back)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    preference = preference_get(user=request.user)
    initial = {
        "receive": PreferenceForm.receive_from_muted(
            preference.muted if preference else []
        ),
        "quiet_hours_enabled": preference.quiet_hours_enabled if preference else True,
        "quiet_from": preference.quiet_from if preference else None,
        "quiet_to": preference.quiet_to if preference else None,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            preference_update(
                user=request.user,
                muted=form.muted(),
                quiet_hours_enabled=d["quiet_hours_enabled"],
                quiet_from=d["quiet_from"],
                quiet_to=d["quiet_to"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Настройки уведомлений сохранены."))
            return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "grid": preference_grid(form),
            "push_enabled": settings.WEBPUSH_ENABLED,
            "push_key": settings.WEBPUSH_VAPID_PUBLIC_KEY,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# One-click unsubscribe (RFC 8058): the signed token is the authority, no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        channel, address, topic = unsubscribe_payload(token)
    except signing.BadSignature as exc:
        raise Http404(_("Ссылка недействительна.")) from exc
    context = {
        "address": address,
        "topic": Topic(topic).label if topic in Topic.values else topic,
    }
    if request.method == "POST":
        try:
            suppression_add(
                channel=channel, address=address, topic=topic, reason="ссылка"
            )
        except ApplicationError as exc:
            context["error"] = exc.message
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)


@require_http_methods(["GET"])
def push_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that shows push messages (served here for its scope)."""
    response = render(
        request, "notifications/push-sw.js", content_type="application/javascript"
    )
    response["Service-Worker-Allowed"] = "/"
    return response
