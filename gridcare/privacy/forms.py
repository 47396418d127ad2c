"""Forms of the privacy pages: they parse input only; the rules are in the services."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.appeals.codes import Channel
from gridcare.calendars.terms import MOSCOW
from gridcare.consumers.models import ConsentPurpose, PersonalDataAccess
from gridcare.privacy.models import CorrectableField, Decision, RequestType
from gridcare.privacy.services import RequestInput
from gridcare.privacy.services.requests import STAFF_CHANNELS

_NEW_VALUE_FIELDS = {
    CorrectableField.NAME: "new_name",
    CorrectableField.PHONE: "new_phone",
    CorrectableField.EMAIL: "new_email",
    CorrectableField.POSTAL_ADDRESS: "new_postal_address",
}


class RequestForm(forms.Form):
    """A subject's request in the personal account."""

    type = forms.ChoiceField(
        label=_("Что вы просите"), choices=RequestType.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Пояснение"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    new_name = forms.CharField(label=_("Верные ФИО"), required=False, max_length=300)
    new_phone = forms.CharField(
        label=_("Верный телефон"), required=False, max_length=20
    )
    new_email = forms.CharField(
        label=_("Верный e-mail"), required=False, max_length=254
    )
    new_postal_address = forms.CharField(
        label=_("Верный почтовый адрес"), required=False, max_length=500
    )
    consent_purpose = forms.ChoiceField(
        label=_("Какое согласие отзываете"),
        required=False,
        choices=[("", "—"), *ConsentPurpose.choices],
    )

    def request_input(self, channel: str = Channel.PERSONAL_ACCOUNT) -> RequestInput:
        data = self.cleaned_data
        changes = {
            name: data[key].strip()
            for name, key in _NEW_VALUE_FIELDS.items()
            if data.get(key, "").strip()
        }
        return RequestInput(
            type=data["type"],
            text=data["text"],
            channel=channel,
            requested_changes=changes if data["type"] == RequestType.CORRECTION else {},
            consent_purpose=data.get("consent_purpose") or "",
        )


class StaffRequestForm(RequestForm):
    """A request that came by post, in person or by e-mail, registered by the officer."""

    consumer_id = forms.IntegerField(label=_("Номер карточки потребителя"), min_value=1)
    channel = forms.ChoiceField(
        label=_("Как поступил"),
        choices=[(c.value, c.label) for c in Channel if c in STAFF_CHANNELS],
    )
    received_on = forms.DateField(
        label=_("Дата поступления"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Пусто — сегодня."),
    )

    def request_input(self, channel: str = "") -> RequestInput:
        data = super().request_input(channel=self.cleaned_data["channel"])
        day = self.cleaned_data.get("received_on")
        if day and day != timezone.localdate():
            data.received_at = datetime.combine(day, time(12, 0), MOSCOW)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Решение"), choices=Decision.choices)
    text = forms.CharField(
        label=_("Ответ заявителю"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CorrectionForm(forms.Form):
    """One field per value the request names, prefilled with what was asked."""

    def __init__(self, *args: object, requested: dict[str, str], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, value in requested.items():
            self.fields[name] = forms.CharField(
                label=CorrectableField(name).label, initial=value, max_length=500
            )


class AccessLogFilterForm(forms.Form):
    consumer = forms.IntegerField(
        label=_("Номер карточки потребителя"), required=False, min_value=1
    )
    user = forms.CharField(
        label=_("Сотрудник (ФИО, e-mail или телефон)"), required=False, max_length=100
    )
    action = forms.ChoiceField(
        label=_("Действие"),
        required=False,
        choices=[("", _("Все")), *PersonalDataAccess.Action.choices],
    )
    date_from = forms.DateField(
        label=_("С"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("По"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Начало периода позже его конца."))
        return data
