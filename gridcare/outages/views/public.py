"""Public outage pages: search by address, account or phone; the list and the map;
one outage; subscribing, confirming and unsubscribing. No login needed (a signed-in
consumer subscribes with their own contacts)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gridcare.core.errors import ApplicationError
from gridcare.core.web import form_errors, refusals_to_http
from gridcare.outages.forms import CodeForm, LookupForm, SubscribeForm, UnsubscribeForm
from gridcare.outages.geo import outage_feature_collection
from gridcare.outages.selectors import (
    outage_get_public,
    outage_list_public,
    outage_lookup,
    supply_point_list_for_consumer,
)
from gridcare.outages.subscriptions import (
    SubscriptionTarget,
    subscription_cancel,
    subscription_cancel_by_token,
    subscription_confirm_code,
    subscription_confirm_link,
    subscription_create,
    subscription_list_for_token,
    subscription_list_for_user,
)

LIST_LIMIT = 200


def _consumer(request: HttpRequest) -> bool:
    return bool(
        request.user.is_authenticated and getattr(request.user, "is_consumer", False)
    )


@require_GET
def outage_index(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    lookup = (
        outage_lookup(query=form.cleaned_data["q"], user=request.user)
        if form.is_valid()
        else None
    )
    outages = list(outage_list_public()[:LIST_LIMIT])
    context = {
        "form": form,
        "lookup": lookup,
        "in_progress": [o for o in outages if o.status == "in_progress"],
        "planned": [o for o in outages if o.status == "planned"],
        "restored": [o for o in outages if o.status == "restored"],
        "subscribe_form": SubscribeForm(),
        "signed_in_consumer": _consumer(request),
    }
    return render(request, "outages/public/index.html", context)


@require_GET
@refusals_to_http
def outage_detail(request: HttpRequest, outage_id: int) -> HttpResponse:
    outage = outage_get_public(outage_id=outage_id)
    return render(
        request,
        "outages/public/detail.html",
        {
            "outage": outage,
            "estimates": list(outage.estimates.order_by("set_at", "pk")),
            "subscribe_form": SubscribeForm(),
            "signed_in_consumer": _consumer(request),
        },
    )


@require_GET
def outage_map(request: HttpRequest) -> HttpResponse:
    outages = list(outage_list_public()[:LIST_LIMIT])
    return render(request, "outages/public/map.html", {"outages": outages})


@require_GET
def outage_geojson(request: HttpRequest) -> JsonResponse:
    outages = outage_list_public()[:LIST_LIMIT]
    response = JsonResponse(outage_feature_collection(outages))
    response["Content-Type"] = "application/geo+json"
    return response


@require_POST
@refusals_to_http
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST)
    back = request.POST.get("next") or "/outages/"
    if not back.startswith("/") or back.startswith("//"):
        back = "/outages/"
    if not form.is_valid():
        for line in form_errors(form):
            messages.error(request, line)
        return redirect(back)
    d = form.cleaned_data
    try:
        subscription = subscription_create(
            actor=request.user if request.user.is_authenticated else None,
            target=SubscriptionTarget(
                settlement_id=d["settlement_id"],
                street_id=d["street_id"],
                building_id=d["building_id"],
                supply_point_id=d["supply_point_id"],
            ),
            channels=d["channels"],
            email=d["email"] or "",
            phone=d["phone"] or "",
        )
    except ApplicationError as exc:
        if exc.status_code >= 403:
            raise
        messages.error(request, exc.message)
        return redirect(back)
    if subscription.is_active:
        messages.success(
            request, _("Подписка оформлена: %(label)s.") % {"label": subscription.label}
        )
        return redirect(back)
    if subscription.phone:
        return redirect("outages:confirm_code", subscription_id=subscription.pk)
    return render(
        request, "outages/public/check_email.html", {"subscription": subscription}
    )


@require_http_methods(["GET", "POST"])
@refusals_to_http
def confirm_code(request: HttpRequest, subscription_id: int) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription = subscription_confirm_code(
                subscription_id=subscription_id, code=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            if exc.status_code >= 403:
                raise
            form.add_error("code", exc.message)
        else:
            return render(
                request, "outages/public/confirmed.html", {"subscription": subscription}
            )
    return render(request, "outages/public/confirm_code.html", {"form": form})


@require_GET
@refusals_to_http
def confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = subscription_confirm_link(token=token)
    except ApplicationError as exc:
        if exc.status_code >= 403:
            raise
        messages.error(request, exc.message)
        return redirect("outages:public_index")
    return render(
        request, "outages/public/confirmed.html", {"subscription": subscription}
    )


# One-click unsubscribe (RFC 8058): mail clients POST without a CSRF token; the signed
# token in the address is the authority.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@refusals_to_http
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriptions = subscription_list_for_token(token=token)
    if request.method == "POST":
        form = UnsubscribeForm(request.POST)
        stop_all = form.is_valid() and form.cleaned_data["stop_all"]
        count = subscription_cancel_by_token(token=token, stop_all=stop_all)
        return render(
            request,
            "outages/public/unsubscribed.html",
            {"count": count, "stop_all": stop_all, "subscriptions": subscriptions},
        )
    return render(
        request,
        "outages/public/unsubscribe.html",
        {"subscriptions": subscriptions, "form": UnsubscribeForm()},
    )


@require_http_methods(["GET", "POST"])
@refusals_to_http
def my_subscriptions(request: HttpRequest) -> HttpResponse:
    if not _consumer(request):
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        subscription_cancel(
            actor=request.user,
            subscription_id=int(request.POST.get("subscription_id", "0") or 0),
        )
        messages.success(request, _("Подписка отменена."))
        return redirect("outages:my_subscriptions")
    return render(
        request,
        "outages/public/my_subscriptions.html",
        {
            "subscriptions": subscription_list_for_user(user=request.user),
            "points": supply_point_list_for_consumer(user=request.user),
            "subscribe_form": SubscribeForm(),
        },
    )
