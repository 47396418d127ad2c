"""Forms of the portal order page and of the back-office actions."""

from datetime import time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.consumers.models import ConsumerAccount


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class OrderForm(forms.Form):
    """The consumer's order: which account and point, when, what to add."""

    supply_point = forms.ChoiceField(label=_("Лицевой счёт и точка поставки"))
    preferred_from = forms.DateField(
        label=_("Желаемая дата — с"), required=False, widget=DateInput()
    )
    preferred_to = forms.DateField(
        label=_("Желаемая дата — по"), required=False, widget=DateInput()
    )
    comment = forms.CharField(
        label=_("Комментарий"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Например: удобное время, как проехать, номер счётчика."),
    )
    files = MultipleFileField(
        label=_("Файлы (фото, документы)"),
        required=False,
        help_text=_("PDF, JPG или PNG, при необходимости."),
    )

    def __init__(self, *args: Any, accounts: list[ConsumerAccount], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = []
        for account in accounts:
            points = list(account.supply_points.all())
            for point in points:
                address = point.building.full_address if point.building_id else ""
                choices.append(
                    (
                        f"{account.pk}:{point.pk}",
                        f"{account.number} — {address or point.code}"
                        + (f", {point.premises}" if point.premises else ""),
                    )
                )
            if not points:
                choices.append((f"{account.pk}:", account.number))
        self.fields["supply_point"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("preferred_from"), data.get("preferred_to")
        if start and end and end < start:
            self.add_error("preferred_to", _("Дата «по» раньше даты «с»."))
        return data

    def account_and_point(self) -> tuple[int, int | None]:
        account, _sep, point = self.cleaned_data["supply_point"].partition(":")
        return int(account), int(point) if point else None


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отмены"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StaffCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отмены"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvoiceForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Количество"), min_value=1, max_value=100, initial=1
    )
    invoice_number = forms.CharField(
        label=_("Номер счёта"),
        required=False,
        max_length=40,
        help_text=_("Пусто — номер по номеру обращения."),
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Дата оплаты"), widget=DateInput(), initial=timezone.localdate
    )
    reference = forms.CharField(
        label=_("Платёжный документ"), required=False, max_length=100
    )


class ScheduleForm(forms.Form):
    day = forms.DateField(label=_("Дата работ"), widget=DateInput())
    window_start = forms.TimeField(label=_("С"), widget=TimeInput(), initial=time(9, 0))
    window_end = forms.TimeField(label=_("До"), widget=TimeInput(), initial=time(13, 0))


class CompleteForm(forms.Form):
    act_number = forms.CharField(label=_("Номер акта"), max_length=40)
