"""Personal-account page «Показания»: for each of the consumer's meters a form, the
acceptance window, the history and the monthly consumption chart."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gridcare.accounts.access import portal_view
from gridcare.metering.forms import ReadingForm
from gridcare.metering.models import Meter, MeterReading, ReadingSource
from gridcare.metering.rules import moscow_today
from gridcare.metering.selectors import meter_get_for_user, meters_for_consumer
from gridcare.metering.services import reading_submit
from gridcare.metering.values import ReadingRefused, format_kwh
from gridcare.metering.views.panels import meter_panel


def _page(
    request: HttpRequest, *, bound: ReadingForm | None = None, status: int = 200
) -> HttpResponse:
    today = moscow_today()
    consumer = getattr(request.user, "consumer", None)
    panels = [
        meter_panel(
            meter,
            today=today,
            form=bound
            if bound is not None and bound.meter.pk == meter.pk
            else ReadingForm(meter=meter),
        )
        for meter in meters_for_consumer(consumer)
    ]
    return render(
        request,
        "metering/portal/readings.html",
        {"panels": panels, "today": today},
        status=status,
    )


@portal_view()
@require_GET
def readings(request: HttpRequest) -> HttpResponse:
    return _page(request)


def accepted_message(reading: MeterReading) -> str:
    text = _("Показания прибора учёта № %(serial)s от %(date)s приняты.") % {
        "serial": reading.meter.serial_number,
        "date": date_format(reading.taken_on, "d.m.Y"),
    }
    if reading.consumption is not None:
        text += " " + _("Расход с предыдущих показаний: %(kwh)s кВт·ч.") % {
            "kwh": format_kwh(reading.consumption)
        }
    return text


@portal_view()
@require_POST
def reading_submit_view(request: HttpRequest, meter_id: int) -> HttpResponse:
    meter: Meter = meter_get_for_user(user=request.user, meter_id=meter_id)
    form = ReadingForm(request.POST, meter=meter)
    if form.is_valid():
        try:
            reading = reading_submit(
                meter=meter,
                values=form.zone_values(),
                source=ReadingSource.PERSONAL_ACCOUNT,
                submitted_by=request.user,
            )
        except ReadingRefused as exc:
            form.add_error(exc.extra.get("zone"), exc.message)
        else:
            messages.success(request, accepted_message(reading))
            return redirect(reverse("metering:portal_readings") + f"#meter-{meter.pk}")
    return _page(request, bound=form, status=400)
