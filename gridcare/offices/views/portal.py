"""Consumer pages: offices (public), booking, my appointments, the queue ticket.

Every page works without JavaScript: the booking form is GET steps (service → day)
and one POST with the chosen slot."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gridcare.accounts.access import portal_view
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.core.web import refusals_to_http
from gridcare.offices.forms import OfficeFilterForm, SlotForm
from gridcare.offices.models import Office, OfficeService
from gridcare.offices.selectors import (
    appointment_get_for_user,
    appointment_list_for_user,
    booking_days,
    free_slots,
    office_get,
    office_list,
    office_service_get,
    office_week_hours,
)
from gridcare.offices.services import (
    appointment_arrive,
    appointment_book,
    appointment_cancel,
    appointment_move,
)

WEEKDAYS = [
    gettext_lazy("Пн"),
    gettext_lazy("Вт"),
    gettext_lazy("Ср"),
    gettext_lazy("Чт"),
    gettext_lazy("Пт"),
    gettext_lazy("Сб"),
    gettext_lazy("Вс"),
]


def office_index(request: HttpRequest) -> HttpResponse:
    """The offices with filters by settlement, branch and service."""
    settlement_ids = [
        pk
        for pk in office_list().values_list("building__settlement_id", flat=True)
        if pk
    ]
    form = OfficeFilterForm(request.GET or None, settlement_ids=settlement_ids)
    offices = office_list()
    if form.is_valid():
        data = form.cleaned_data
        offices = office_list(
            settlement_id=data["settlement"].pk if data["settlement"] else None,
            branch_id=data["branch"].pk if data["branch"] else None,
            service_code=data["service"].code if data["service"] else "",
        )
    return render(
        request, "offices/portal/index.html", {"form": form, "offices": offices}
    )


@refusals_to_http
def office_detail(request: HttpRequest, office_id: int) -> HttpResponse:
    office = office_get(office_id=office_id)
    return render(
        request,
        "offices/portal/detail.html",
        {
            "office": office,
            "hours": [(WEEKDAYS[r.weekday], r) for r in office_week_hours(office)],
        },
    )


def _day_param(request: HttpRequest, allowed: list[date]) -> date | None:
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None
    return day if day in allowed else None


def _slot_context(
    request: HttpRequest,
    office: Office,
    service: OfficeService | None,
    *,
    exclude_id: int | None = None,
) -> dict[str, Any]:
    """The day list (with free-slot counts) and the chosen day's slots."""
    days = booking_days()
    context: dict[str, Any] = {"days": [], "day": None, "slots": []}
    if service is None:
        return context
    slots = free_slots(
        office=office, service=service, days=days, exclude_appointment_id=exclude_id
    )
    context["days"] = [(d, WEEKDAYS[d.weekday()], len(slots[d])) for d in days]
    day = _day_param(request, days)
    if day is not None:
        context["day"] = day
        context["slots"] = slots[day]
    return context


def _service_param(office: Office, code: str) -> OfficeService | None:
    if not code:
        return None
    try:
        return office_service_get(office=office, code=code)
    except NotFoundError:
        return None


@portal_view()
def book(request: HttpRequest, office_id: int) -> HttpResponse:
    """Book: service → day → free slot (GET steps, then POST)."""
    office = office_get(office_id=office_id)
    code = request.POST.get("service") or request.GET.get("service", "")
    service = _service_param(office, code)
    form = SlotForm(request.POST or None)
    if request.method == "POST":
        if service is None:
            messages.error(request, _("Выберите услугу."))
        elif form.is_valid():
            try:
                appointment = appointment_book(
                    user=request.user,
                    office=office,
                    service=service,
                    starts_at=form.cleaned_data["starts_at"],
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Вы записаны. Код записи: %(code)s.")
                    % {"code": appointment.code},
                )
                return redirect("offices:appointment_detail", appointment.pk)
    context = {
        "office": office,
        "services": office.appointment_services.all(),
        "service": service,
        "form": form,
        **_slot_context(request, office, service),
    }
    return render(request, "offices/portal/book.html", context)


@portal_view()
def my_appointments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "offices/portal/my.html",
        {
            "upcoming": appointment_list_for_user(user=request.user, upcoming=True),
            "past": appointment_list_for_user(user=request.user, upcoming=False)[:20],
        },
    )


@portal_view()
def appointment_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = appointment_get_for_user(
        user=request.user, appointment_id=appointment_id
    )
    return render(
        request,
        "offices/portal/appointment.html",
        {"appointment": appointment, "visit": getattr(appointment, "visit", None)},
    )


@portal_view()
def move(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Move: pick another day and slot of the same service."""
    appointment = appointment_get_for_user(
        user=request.user, appointment_id=appointment_id
    )
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment_move(
                appointment=appointment,
                starts_at=form.cleaned_data["starts_at"],
                actor=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Запись перенесена."))
            return redirect("offices:appointment_detail", appointment.pk)
    context = {
        "appointment": appointment,
        "office": appointment.office,
        "service": appointment.service,
        "form": form,
        **_slot_context(
            request, appointment.office, appointment.service, exclude_id=appointment.pk
        ),
    }
    return render(request, "offices/portal/move.html", context)


def _act(
    request: HttpRequest, appointment_id: int, act: Any, done: str
) -> HttpResponse:
    appointment = appointment_get_for_user(
        user=request.user, appointment_id=appointment_id
    )
    try:
        act(appointment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("offices:appointment_detail", appointment.pk)


@require_POST
@portal_view()
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _act(
        request,
        appointment_id,
        lambda a: appointment_cancel(appointment=a, actor=request.user),
        _("Запись отменена."),
    )


@require_POST
@portal_view()
def arrive(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """«Я в офисе»: a queue ticket for the booking."""
    return _act(
        request,
        appointment_id,
        lambda a: appointment_arrive(appointment=a, actor=request.user),
        _("Талон получен. Ожидайте приглашения на табло."),
    )
