"""Public calculators (no login, 1144-р item 28 ✅ [R42]): the required power and the
connection cost."""

from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.forms import CostCalculatorForm
from gridcare.grid_connections.power import ApplianceInput, required_power_calculate
from gridcare.grid_connections.selectors import appliance_list, power_profile_list
from gridcare.grid_connections.tariffs import (
    CostInput,
    LineInput,
    connection_cost_calculate,
)

CUSTOM_ROWS = 3


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal((value or "").replace(",", ".")) if value else None
    except ArithmeticError:
        return None


@require_GET
def power(request: HttpRequest) -> HttpResponse:
    appliances = list(appliance_list())
    profiles = list(power_profile_list())
    result, error = None, ""
    if "calculate" in request.GET:
        items = [
            ApplianceInput(quantity=qty, appliance_id=a.pk)
            for a in appliances
            if (qty := _int(request.GET.get(f"qty_{a.pk}"))) > 0
        ]
        for i in range(CUSTOM_ROWS):
            name = request.GET.get(f"custom_name_{i}", "").strip()
            if name:
                items.append(
                    ApplianceInput(
                        quantity=_int(request.GET.get(f"custom_qty_{i}")) or 1,
                        name=name,
                        power_kw=_decimal(request.GET.get(f"custom_kw_{i}")),
                    )
                )
        try:
            result = required_power_calculate(
                items=items,
                simultaneity=_decimal(request.GET.get("simultaneity")),
                profile_id=_int(request.GET.get("profile")) or None,
            )
        except ApplicationError as exc:
            error = exc.message
    context = {
        "appliance_rows": [(a, request.GET.get(f"qty_{a.pk}", "")) for a in appliances],
        "profiles": profiles,
        "custom_rows": range(CUSTOM_ROWS),
        "result": result,
        "error": error,
    }
    return render(request, "grid_connections/calculators/power.html", context)


@require_GET
def cost(request: HttpRequest) -> HttpResponse:
    form = CostCalculatorForm(request.GET or None)
    result, error = None, ""
    if request.GET and form.is_valid():
        data = form.cleaned_data
        lines = []
        if data.get("line_voltage"):
            lines.append(
                LineInput(
                    data["line_voltage"], data["line_type"], data["line_length_km"]
                )
            )
        try:
            result = connection_cost_calculate(
                CostInput(
                    region=settings.CALENDAR_REGION,
                    on=data.get("on") or timezone.localdate(),
                    category=data["category"],
                    requested_kw=data["requested_kw"],
                    voltage=data["voltage"],
                    reliability_category=data["reliability_category"],
                    settlement_type=data["settlement_type"],
                    distance_m=data["distance_m"],
                    lines=lines,
                    metering_points=data["metering_points"],
                    is_social=data["is_social"],
                )
            )
        except ApplicationError as exc:
            error = exc.message
    return render(
        request,
        "grid_connections/calculators/cost.html",
        {"form": form, "result": result, "error": error},
    )
