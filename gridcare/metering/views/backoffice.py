"""Back-office page of a meter: its readings, chart and a form to register a reading
on the consumer's behalf (office visit or phone call)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from gridcare.accounts.access import staff_view
from gridcare.accounts.roles import Right, has_right
from gridcare.consumers.models import PersonalDataAccess
from gridcare.consumers.services import personal_data_access_log
from gridcare.core.web import client_ip
from gridcare.metering.forms import StaffReadingForm
from gridcare.metering.models import Meter
from gridcare.metering.rules import moscow_today
from gridcare.metering.selectors import meter_get_for_user
from gridcare.metering.services import STAFF_SUBMIT_RIGHT, reading_submit
from gridcare.metering.values import ReadingRefused
from gridcare.metering.views.panels import meter_panel
from gridcare.metering.views.portal import accepted_message


def _card(
    request: HttpRequest, meter: Meter, form: StaffReadingForm, status: int = 200
) -> HttpResponse:
    may_submit = has_right(request.user, STAFF_SUBMIT_RIGHT)
    panel = meter_panel(
        meter, today=moscow_today(), form=form if may_submit else None, staff=True
    )
    return render(
        request,
        "metering/backoffice/meter.html",
        {
            "panel": panel,
            "meter": meter,
            "consumer": meter.supply_point.account.consumer,
        },
        status=status,
    )


@staff_view(Right.CONSUMER_VIEW)
@require_GET
def meter_card(request: HttpRequest, meter_id: int) -> HttpResponse:
    meter = meter_get_for_user(user=request.user, meter_id=meter_id)
    # 152-ФЗ: consumption data of a consumer read by staff goes to the access log.
    personal_data_access_log(
        user=request.user,
        consumer_id=meter.supply_point.account.consumer_id,
        action=PersonalDataAccess.Action.VIEW_CONSUMER,
        object_type="meter",
        object_id=meter.pk,
        ip_address=client_ip(request),
    )
    return _card(request, meter, StaffReadingForm(meter=meter))


@staff_view(STAFF_SUBMIT_RIGHT)
@require_POST
def reading_register(request: HttpRequest, meter_id: int) -> HttpResponse:
    meter = meter_get_for_user(user=request.user, meter_id=meter_id)
    form = StaffReadingForm(request.POST, meter=meter)
    if form.is_valid():
        try:
            reading = reading_submit(
                meter=meter,
                values=form.zone_values(),
                source=form.cleaned_data["source"],
                submitted_by=request.user,
                taken_on=form.taken_on(),
            )
        except ReadingRefused as exc:
            form.add_error(exc.extra.get("zone"), exc.message)
        else:
            messages.success(request, accepted_message(reading))
            return redirect("metering:staff_meter", meter.pk)
    return _card(request, meter, form, status=400)
