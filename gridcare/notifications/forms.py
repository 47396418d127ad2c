"""The notification pages' forms: the centre's filters and the preferences (which
channels to receive per topic, quiet hours)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.notifications.catalogue import (
    MUTABLE_TOPICS,
    PREFERENCE_CHANNELS,
    PREFERENCE_TOPICS,
    preference_keys,
)
from gridcare.notifications.models import Channel, Topic
from gridcare.notifications.selectors import CentreFilters


class CentreFilterForm(forms.Form):
    """GET filters of the notifications centre; a bad value is ignored."""

    topic = forms.ChoiceField(
        label=_("Тема"), required=False, choices=[("", _("Все темы")), *Topic.choices]
    )
    channel = forms.ChoiceField(
        label=_("Канал"),
        required=False,
        choices=[("", _("Все каналы")), *Channel.choices],
    )
    unread = forms.BooleanField(label=_("Только непрочитанные"), required=False)

    def to_filters(self) -> CentreFilters:
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return CentreFilters(
            topic=data.get("topic") or "",
            channel=data.get("channel") or "",
            unread=bool(data.get("unread")),
        )


def switchable() -> list[tuple[str, str]]:
    """Every «topic.channel» a person may turn off, labelled."""
    return [
        (key, f"{Topic(key.split('.')[0]).label}: {Channel(key.split('.')[1]).label}")
        for key in sorted(preference_keys())
    ]


class PreferenceForm(forms.Form):
    """Ticked = receive. The page draws `receive` as a topic × channel grid."""

    receive = forms.MultipleChoiceField(
        label=_("Получать"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=switchable,
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

    @staticmethod
    def receive_from_muted(muted: list[str]) -> list[str]:
        return sorted(preference_keys() - set(muted))

    def muted(self) -> list[str]:
        return sorted(preference_keys() - set(self.cleaned_data["receive"]))


# Column headings short enough for a phone; the full name is read by screen readers.
SHORT_CHANNEL = {
    Channel.EMAIL: _("E-mail"),
    Channel.SMS: _("SMS"),
    Channel.WEB_PUSH: _("Push"),
    Channel.IN_APP: _("В кабинете"),
}


def preference_grid(form: PreferenceForm) -> list[dict[str, Any]]:
    """Rows of the preferences table: a topic, then one cell per channel — a
    checkbox, or none for topics that cannot be switched off (always sent)."""
    boxes = {str(w.data["value"]): w for w in form["receive"]}
    return [
        {
            "label": Topic(topic).label,
            "fixed": topic not in MUTABLE_TOPICS,
            "cells": [
                {
                    "channel": Channel(c).label,
                    "short": SHORT_CHANNEL[c],
                    "box": boxes.get(f"{topic}.{c}"),
                }
                for c in PREFERENCE_CHANNELS
            ],
        }
        for topic in PREFERENCE_TOPICS
    ]
