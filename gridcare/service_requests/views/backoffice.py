"""The back-office queue of service orders and the order card with its transitions.

Viewing needs the right to see the appeal registry, acting the right to work on
appeals (accounts.roles); which orders a person sees follows their appeals' scope."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gridcare.accounts.access import staff_view
from gridcare.accounts.roles import Right, has_right
from gridcare.core.errors import ApplicationError
from gridcare.core.web import form_errors_to_messages
from gridcare.service_requests.forms import (
    CompleteForm,
    InvoiceForm,
    PaymentForm,
    ScheduleForm,
    StaffCancelForm,
)
from gridcare.service_requests.models import OrderStatus, ServiceOrder
from gridcare.service_requests.selectors import (
    service_order_get_for_user,
    service_order_list_for_queue,
)
from gridcare.service_requests.services import (
    service_order_cancel,
    service_order_complete,
    service_order_invoice,
    service_order_record_payment,
    service_order_schedule,
)
from gridcare.service_requests.timeline import stage_views
from gridcare.service_requests.workflow import can_move

S = OrderStatus
Act = Callable[[Any, ServiceOrder, dict[str, Any]], ServiceOrder]

# action slug → (form, target status, title, service call, success message)
ACTIONS: dict[str, tuple[type[Form], str, Any, Act, Any]] = {
    "invoice": (
        InvoiceForm,
        S.INVOICED,
        gettext_lazy("Выставить счёт"),
        lambda u, o, d: service_order_invoice(
            actor=u,
            order=o,
            quantity=d["quantity"],
            invoice_number=d["invoice_number"],
        ),
        gettext_lazy("Счёт выставлен."),
    ),
    "pay": (
        PaymentForm,
        S.PAID,
        gettext_lazy("Отметить оплату"),
        lambda u, o, d: service_order_record_payment(
            actor=u, order=o, paid_on=d["paid_on"], reference=d["reference"]
        ),
        gettext_lazy("Оплата отмечена."),
    ),
    "schedule": (
        ScheduleForm,
        S.SCHEDULED,
        gettext_lazy("Назначить дату и время работ"),
        lambda u, o, d: service_order_schedule(
            actor=u,
            order=o,
            day=d["day"],
            window_start=d["window_start"],
            window_end=d["window_end"],
        ),
        gettext_lazy("Дата и время работ назначены."),
    ),
    "complete": (
        CompleteForm,
        S.DONE,
        gettext_lazy("Отметить выполнение (акт)"),
        lambda u, o, d: service_order_complete(
            actor=u, order=o, act_number=d["act_number"]
        ),
        gettext_lazy("Услуга отмечена как оказанная."),
    ),
    "cancel": (
        StaffCancelForm,
        S.CANCELLED,
        gettext_lazy("Отменить заявку"),
        lambda u, o, d: service_order_cancel(actor=u, order=o, reason=d["reason"]),
        gettext_lazy("Заявка отменена."),
    ),
}


@staff_view(Right.APPEAL_VIEW_QUEUE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in S.values:
        status = ""
    query = request.GET.get("q", "").strip()[:40]
    orders = service_order_list_for_queue(user=request.user, status=status, query=query)
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "query": query,
        "statuses": S.choices,
    }
    return render(request, "service_requests/backoffice/queue.html", context)


@staff_view(Right.APPEAL_VIEW_QUEUE)
@require_GET
def order_card(request: HttpRequest, order_id: int) -> HttpResponse:
    order = service_order_get_for_user(user=request.user, order_id=order_id)
    actions = []
    if has_right(request.user, Right.APPEAL_WORK):
        for slug, (form_class, target, title, _act, _done) in ACTIONS.items():
            if can_move(order.status, target):
                actions.append((slug, title, form_class(prefix=slug)))
    context = {
        "order": order,
        "stages": stage_views(order),
        "events": order.events.select_related("actor"),
        "actions": actions,
    }
    return render(request, "service_requests/backoffice/card.html", context)


@staff_view(Right.APPEAL_WORK)
@require_POST
def order_act(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(_("Действие не найдено."))
    order = service_order_get_for_user(user=request.user, order_id=order_id)
    form_class, _target, _title, act, done = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            act(request.user, order, form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(done))
    return redirect("service_requests:staff_detail", order.pk)
