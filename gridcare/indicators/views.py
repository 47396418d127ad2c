"""The back-office page of the indicators (/staff/indicators/): the year picker, each
indicator with its inputs and protocol, plan and N_max entry, XLSX downloads. Thin:
parse → selector or one service → render."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gridcare.accounts.access import staff_view
from gridcare.accounts.roles import has_right
from gridcare.core.errors import ApplicationError
from gridcare.core.web import form_errors_to_messages
from gridcare.indicators.exports import indicators_xlsx
from gridcare.indicators.form81 import MONTHS, form81_get, form81_xlsx
from gridcare.indicators.forms import Form81Form, PlansForm, PointsForm, YearForm
from gridcare.indicators.rights import EDIT_RIGHT, VIEW_RIGHT
from gridcare.indicators.selectors import indicator_inputs_get, indicator_year_get
from gridcare.indicators.services import indicator_plans_save, supply_point_counts_save

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _this_year() -> int:
    return timezone.localdate().year


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page_url(year: int) -> str:
    return f"{reverse('indicators:index')}?year={year}"


@require_GET
@staff_view(VIEW_RIGHT)
def index(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or {"year": _this_year()})
    if not form.is_valid():
        form_errors_to_messages(request, form)
        form = YearForm({"year": _this_year()})
        form.is_valid()
    year = form.cleaned_data["year"]
    inputs = indicator_inputs_get(year=year)
    return render(
        request,
        "indicators/backoffice/index.html",
        {
            "year": year,
            "year_form": form,
            "data": indicator_year_get(year=year),
            "can_edit": has_right(request.user, EDIT_RIGHT),
            "plans_form": PlansForm(parameters=inputs.parameters, values=inputs.values),
            "points_form": PointsForm(initial_points=inputs.points),
            "months": list(enumerate(MONTHS, start=1)),
        },
    )


@require_POST
@staff_view(EDIT_RIGHT)
def plans_save(request: HttpRequest, year: int) -> HttpResponse:
    inputs = indicator_inputs_get(year=year)
    form = PlansForm(request.POST, parameters=inputs.parameters, values=inputs.values)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_page_url(year))
    try:
        saved = indicator_plans_save(
            actor=request.user, year=year, entries=form.entries()
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Сохранено параметров: %(n)s.") % {"n": saved})
    return redirect(_page_url(year) + "#service")


@require_POST
@staff_view(EDIT_RIGHT)
def points_save(request: HttpRequest, year: int) -> HttpResponse:
    form = PointsForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_page_url(year))
    try:
        supply_point_counts_save(
            actor=request.user,
            year=year,
            counts=form.counts(),
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Число точек поставки сохранено."))
    return redirect(_page_url(year) + "#reliability")


@require_GET
@staff_view(VIEW_RIGHT)
def export_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    try:
        content = indicators_xlsx(indicator_year_get(year=year))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("indicators:index"))
    return _xlsx(content, f"indicators-1256-{year}.xlsx")


@require_GET
@staff_view(VIEW_RIGHT)
def form81_download(request: HttpRequest) -> HttpResponse:
    form = Form81Form(request.GET)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(reverse("indicators:index"))
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    content = form81_xlsx(form81_get(year=year, month=month))
    return _xlsx(content, f"form-8.1-{year}-{month:02d}.xlsx")
