"""Public catalogue pages and the consumer's orders in the personal account."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gridcare.accounts.access import portal_view
from gridcare.appeals.codes import Channel
from gridcare.core.errors import ApplicationError
from gridcare.core.web import refusals_to_http
from gridcare.service_requests.forms import CancelForm, OrderForm
from gridcare.service_requests.selectors import (
    consumer_account_list_for_user,
    service_category_list,
    service_get_published,
    service_list_published,
    service_order_get_for_user,
    service_order_list_visible,
    service_price_on,
)
from gridcare.service_requests.services import (
    ServiceOrderInput,
    consumer_may_cancel,
    service_order_cancel,
    service_order_create,
)
from gridcare.service_requests.timeline import stage_views


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "").strip()[:40]
    today = timezone.localdate()
    services = service_list_published(query=query, category_code=category)
    context = {
        "rows": [(s, service_price_on(s, today)) for s in services],
        "categories": service_category_list(),
        "query": query,
        "category": category,
    }
    return render(request, "service_requests/portal/catalogue.html", context)


@require_GET
@refusals_to_http
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = service_get_published(code=code)
    context = {
        "service": service,
        "price": service_price_on(service, timezone.localdate()),
        "passport_fields": service.passport_fields.all(),
        "passport_stages": service.passport_stages.all(),
    }
    return render(request, "service_requests/portal/service.html", context)


@portal_view()
def order_new(request: HttpRequest, code: str) -> HttpResponse:
    service = service_get_published(code=code)
    accounts = list(consumer_account_list_for_user(user=request.user))
    form = OrderForm(request.POST or None, request.FILES or None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        account_id, point_id = form.account_and_point()
        try:
            order = service_order_create(
                actor=request.user,
                data=ServiceOrderInput(
                    service_code=service.code,
                    consumer_account_id=account_id,
                    supply_point_id=point_id,
                    comment=form.cleaned_data["comment"],
                    preferred_from=form.cleaned_data["preferred_from"],
                    preferred_to=form.cleaned_data["preferred_to"],
                    channel=Channel.PERSONAL_ACCOUNT,
                    files=form.cleaned_data["files"],
                ),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Заявка принята и зарегистрирована под № %(number)s.")
                % {"number": order.number},
            )
            return redirect("service_requests:portal_detail", order.pk)
    context = {
        "service": service,
        "price": service_price_on(service, timezone.localdate()),
        "form": form,
        "has_accounts": bool(accounts),
    }
    return render(request, "service_requests/portal/order.html", context)


@portal_view()
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    orders = service_order_list_visible(user=request.user).order_by(
        "-ordered_at", "-pk"
    )
    page = Paginator(orders, 20).get_page(request.GET.get("page"))
    return render(request, "service_requests/portal/list.html", {"page": page})


@portal_view()
@require_GET
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = service_order_get_for_user(user=request.user, order_id=order_id)
    context = {
        "order": order,
        "stages": stage_views(order),
        "events": order.events.all(),
        "cancel_form": CancelForm() if consumer_may_cancel(order) else None,
    }
    return render(request, "service_requests/portal/detail.html", context)


@portal_view()
@require_POST
def order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    order = service_order_get_for_user(user=request.user, order_id=order_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Причина отмены слишком длинная."))
        return redirect("service_requests:portal_detail", order.pk)
    try:
        service_order_cancel(
            actor=request.user, order=order, reason=form.cleaned_data["reason"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Заявка отменена."))
    return redirect("service_requests:portal_detail", order.pk)
