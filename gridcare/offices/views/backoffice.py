"""The office desk (staff): today's queue with waiting times, tickets for walk-ins
and by booking code, «call next», served and no-show."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.accounts.access import staff_view
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.core.web import form_errors_to_messages
from gridcare.offices.forms import CodeForm, DeskForm, WalkInForm
from gridcare.offices.models import Visit
from gridcare.offices.rules import WAIT_LIMIT_MINUTES
from gridcare.offices.schedule import MOSCOW
from gridcare.offices.selectors import (
    DESK_RIGHT,
    appointment_get_by_code,
    appointments_expected,
    desk_office_get,
    desk_office_list,
    queue_for_day,
    visit_get_for_desk,
)
from gridcare.offices.services import (
    appointment_arrive,
    appointment_mark_no_show,
    visit_call_next,
    visit_no_show,
    visit_serve,
    visit_walk_in,
)


@staff_view(DESK_RIGHT)
def desk_offices(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "offices/backoffice/offices.html",
        {"offices": desk_office_list(user=request.user)},
    )


def _queue_rows(visits: list[Visit], now: Any) -> list[dict[str, Any]]:
    rows = []
    for visit in visits:
        end = visit.called_at or (now if visit.status == Visit.Status.WAITING else None)
        waited = (
            max(0, int((end - visit.wait_from).total_seconds() // 60))
            if end is not None
            else None
        )
        rows.append(
            {
                "visit": visit,
                "waited": waited,
                "over_limit": waited is not None and waited > WAIT_LIMIT_MINUTES,
                "service_minutes": (
                    visit.service_seconds // 60
                    if visit.service_seconds is not None
                    else None
                ),
            }
        )
    return rows


@staff_view(DESK_RIGHT)
def desk(request: HttpRequest, office_id: int) -> HttpResponse:
    """Today's queue of the office."""
    office = desk_office_get(user=request.user, office_id=office_id)
    now = timezone.now()
    today = timezone.localtime(now, MOSCOW).date()
    rows = _queue_rows(queue_for_day(office=office, day=today), now)
    waiting = [r for r in rows if r["visit"].status == Visit.Status.WAITING]
    return render(
        request,
        "offices/backoffice/desk.html",
        {
            "office": office,
            "today": today,
            "now": now,
            "rows": rows,
            "waiting_count": len(waiting),
            "over_limit_count": sum(1 for r in waiting if r["over_limit"]),
            "called": [r for r in rows if r["visit"].status == Visit.Status.CALLED],
            "expected": appointments_expected(office=office, day=today),
            "wait_limit": WAIT_LIMIT_MINUTES,
            "walk_in_form": WalkInForm(
                office_services=office.appointment_services.filter(is_active=True)
            ),
            "code_form": CodeForm(),
            "desk_form": DeskForm(
                initial={"desk": request.session.get("office_desk", 1)}
            ),
            "desks": range(1, office.desks + 1),
        },
    )


def _back(office_id: int) -> HttpResponse:
    return redirect("offices:desk", office_id)


@require_POST
@staff_view(DESK_RIGHT)
def walk_in(request: HttpRequest, office_id: int) -> HttpResponse:
    office = desk_office_get(user=request.user, office_id=office_id)
    form = WalkInForm(
        request.POST,
        office_services=office.appointment_services.filter(is_active=True),
    )
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(office.pk)
    try:
        visit = visit_walk_in(
            office=office, service=form.cleaned_data["service"], actor=request.user
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Выдан талон %(t)s.") % {"t": visit.ticket})
    return _back(office.pk)


@require_POST
@staff_view(DESK_RIGHT)
def ticket_by_code(request: HttpRequest, office_id: int) -> HttpResponse:
    """A ticket for a booking by its code (the visitor names it at the desk)."""
    office = desk_office_get(user=request.user, office_id=office_id)
    form = CodeForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(office.pk)
    try:
        appointment = appointment_get_by_code(code=form.cleaned_data["code"])
        if appointment.office_id != office.pk:
            raise NotFoundError(_("Запись с таким кодом в этот офис не найдена."))
        visit = appointment_arrive(appointment=appointment, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Выдан талон %(t)s.") % {"t": visit.ticket})
    return _back(office.pk)


@require_POST
@staff_view(DESK_RIGHT)
def call_next(request: HttpRequest, office_id: int) -> HttpResponse:
    office = desk_office_get(user=request.user, office_id=office_id)
    form = DeskForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(office.pk)
    request.session["office_desk"] = form.cleaned_data["desk"]
    try:
        visit = visit_call_next(
            office=office, desk=form.cleaned_data["desk"], actor=request.user
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _back(office.pk)
    if visit is None:
        messages.info(request, _("Очередь пуста."))
    else:
        messages.success(
            request,
            _("Приглашён талон %(t)s к окну %(d)s.")
            % {"t": visit.ticket, "d": visit.desk},
        )
    return _back(office.pk)


def _finish(request: HttpRequest, visit_id: int, act: Any, done: str) -> HttpResponse:
    visit = visit_get_for_desk(user=request.user, visit_id=visit_id)
    try:
        act(visit=visit, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"t": visit.ticket})
    return _back(visit.office_id)


@require_POST
@staff_view(DESK_RIGHT)
def serve(request: HttpRequest, visit_id: int) -> HttpResponse:
    return _finish(request, visit_id, visit_serve, _("Талон %(t)s обслужен."))


@require_POST
@staff_view(DESK_RIGHT)
def no_show(request: HttpRequest, visit_id: int) -> HttpResponse:
    return _finish(request, visit_id, visit_no_show, _("Талон %(t)s: не подошёл."))


@require_POST
@staff_view(DESK_RIGHT)
def appointment_no_show(
    request: HttpRequest, office_id: int, code: str
) -> HttpResponse:
    office = desk_office_get(user=request.user, office_id=office_id)
    try:
        appointment = appointment_get_by_code(code=code)
        if appointment.office_id != office.pk:
            raise NotFoundError(_("Запись не найдена."))
        appointment_mark_no_show(appointment=appointment, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Запись %(c)s: не явился.") % {"c": code})
    return _back(office.pk)
