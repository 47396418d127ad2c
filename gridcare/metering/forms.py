"""The reading form: one labelled input per tariff zone of a meter. Values are kept
as typed; `reading_submit` parses and checks them (one rule set for every channel)."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.metering.models import STAFF_SOURCES, Meter, ReadingSource


class ReadingForm(forms.Form):
    """Values of every zone of `meter`; field names are the zone codes."""

    def __init__(self, *args: Any, meter: Meter, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"meter-{meter.pk}")
        super().__init__(*args, **kwargs)
        self.meter = meter
        for code, label in meter.zones:
            self.fields[code] = forms.CharField(
                label=label,
                max_length=20,
                required=False,  # the service explains a missing zone in its words
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "class": "reading-value",
                    }
                ),
                help_text=_("Цифры с табло счётчика, например 12345,6"),
            )

    def zone_values(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(code) or "" for code, _label in self.meter.zones
        }


class StaffReadingForm(ReadingForm):
    """Staff also say how the reading came and when it was taken."""

    def __init__(self, *args: Any, meter: Meter, **kwargs: Any) -> None:
        super().__init__(*args, meter=meter, **kwargs)
        self.fields["source"] = forms.ChoiceField(
            label=_("Как получены показания"),
            choices=[(s.value, s.label) for s in ReadingSource if s in STAFF_SOURCES],
        )
        self.fields["taken_on"] = forms.DateField(
            label=_("Дата снятия показаний"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text=_("Пусто — сегодня."),
        )

    def taken_on(self) -> date | None:
        return self.cleaned_data.get("taken_on")  # type: ignore[no-any-return]
