"""«Нет света» in the portal (outage-aware intake) and storm mode in the back office:
appeals grouped by outage, answered and closed together with one message."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from gridcare.accounts.roles import Right
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.power_reports import (
    appeal_answer_all_for_outage,
    appeal_groups_by_outage,
    appeal_list_for_outage,
    appeal_receive_power_report,
)
from gridcare.appeals.services import AppealInput
from gridcare.appeals.views.access import staff_view
from gridcare.core.errors import ApplicationError, PermissionDeniedError
from gridcare.outages.intake import outage_storm_text
from gridcare.outages.selectors import (
    outage_get_for_user,
    supply_point_list_for_consumer,
)


class PowerReportForm(forms.Form):
    supply_point = forms.TypedChoiceField(
        label=gettext_lazy("Точка поставки"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    address = forms.CharField(
        label=gettext_lazy("Адрес, где нет электроэнергии"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Например: Казань, ул. Баумана, д. 5"),
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Как к вам обращаться"), max_length=300
    )
    contact_phone = forms.CharField(label=gettext_lazy("Телефон"), max_length=20)
    text = forms.CharField(
        label=gettext_lazy("Что случилось (необязательно)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: object, points: list | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if points:
            self.fields["supply_point"].choices = [("", _("— указать адрес —"))] + [
                (p.pk, f"{p.building.full_address}, {p.code}") for p in points
            ]
        else:
            del self.fields["supply_point"]

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("supply_point") and not data.get("address"):
            raise forms.ValidationError(_("Выберите точку поставки или укажите адрес."))
        return data


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """Report no power: linked to a known outage and answered at once, or passed to
    dispatch. Open to everyone; a signed-in consumer picks their point of supply."""
    user = request.user
    consumer = (
        getattr(user, "consumer", None) if getattr(user, "is_consumer", False) else None
    )
    points = supply_point_list_for_consumer(user=user) if consumer else []
    initial = (
        {"contact_name": consumer.name, "contact_phone": consumer.phone}
        if consumer
        else {}
    )
    form = PowerReportForm(request.POST or None, points=points, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        point = next((p for p in points if p.pk == d.get("supply_point")), None)
        data = AppealInput(
            channel=Channel.PERSONAL_ACCOUNT
            if consumer
            else Channel.INTERNET_RECEPTION,
            category=Category.TRANSMISSION,
            topic=Topic.RELIABILITY,
            text=d["text"] or _("Нет электроэнергии."),
            contact_name=d["contact_name"],
            contact_phone=d["contact_phone"],
            contact_email=(consumer.email if consumer else "") or "",
            answer_channel=AnswerChannel.PERSONAL_ACCOUNT
            if consumer
            else AnswerChannel.SMS,
            subject=_("Нет электроэнергии"),
            consumer=consumer,
            consumer_account=point.account if point else None,
            supply_point=point,
            building=point.building if point else None,
            address_text=d["address"],
        )
        try:
            result = appeal_receive_power_report(
                actor=user if consumer else None, data=data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return render(
                request, "outages/portal/report_result.html", {"result": result}
            )
    return render(request, "outages/portal/report.html", {"form": form})


@staff_view(Right.APPEAL_VIEW_QUEUE)
@require_GET
def storm_list(request: HttpRequest) -> HttpResponse:
    """Appeals grouped by outage, most open first."""
    return render(
        request,
        "outages/backoffice/storm_list.html",
        {"groups": appeal_groups_by_outage(user=request.user)},
    )


class StormForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Ответ всем потребителям"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    close = forms.BooleanField(
        label=gettext_lazy("Закрыть обращения после ответа"),
        required=False,
        initial=True,
    )


@staff_view(Right.APPEAL_VIEW_QUEUE)
@require_http_methods(["GET", "POST"])
def storm_detail(request: HttpRequest, outage_id: int) -> HttpResponse:
    """One outage's appeals; one message answers (and closes) them all."""
    outage = outage_get_for_user(user=request.user, outage_id=outage_id)
    form = StormForm(request.POST or None, initial={"text": outage_storm_text(outage)})
    if request.method == "POST" and form.is_valid():
        try:
            result = appeal_answer_all_for_outage(
                actor=request.user,
                outage_id=outage.pk,
                text=form.cleaned_data["text"],
                close=form.cleaned_data["close"],
            )
        except PermissionDeniedError:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Ответ отправлен: %(a)s, закрыто: %(c)s.")
                % {"a": result.answered, "c": result.closed},
            )
            for line in result.skipped:
                messages.error(request, line)
            return redirect("power_reports:storm_detail", outage_id=outage.pk)
    # The list is for a look; the form acts on all of them, however many.
    appeals = list(appeal_list_for_outage(user=request.user, outage_id=outage.pk)[:500])
    return render(
        request,
        "outages/backoffice/storm_detail.html",
        {"outage": outage, "appeals": appeals, "form": form},
    )
