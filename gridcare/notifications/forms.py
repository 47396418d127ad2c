"""The preferences form: channels muted per topic and quiet hours."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.notifications.catalogue import MUTABLE_TOPICS
from gridcare.notifications.models import Channel, Topic


def mutable_choices() -> list[tuple[str, str]]:
    return [
        (f"{topic}.{channel}", f"{Topic(topic).label}: {Channel(channel).label}")
        for topic in sorted(MUTABLE_TOPICS)
        for channel in Channel.values
        if channel != Channel.IN_APP
    ]


class PreferenceForm(forms.Form):
    muted = forms.MultipleChoiceField(
        label=_("Не присылать"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=mutable_choices,
    )
    quiet_hours_enabled = forms.BooleanField(
        label=_(
            "Тихие часы: SMS и push-уведомления, кроме срочных, ночью не присылать"
        ),
        required=False,
    )
    quiet_from = forms.TimeField(
        label=_("Тихие часы с"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    quiet_to = forms.TimeField(
        label=_("Тихие часы до"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
