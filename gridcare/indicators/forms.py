"""Forms of the indicators page: the year, form 8.1's month, N_max per level, plans."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.consumers.models import VoltageLevel
from gridcare.indicators.models import ServiceParameter
from gridcare.indicators.periods import MAX_YEAR, MIN_YEAR
from gridcare.indicators.reliability import LEVELS
from gridcare.indicators.services import PlanEntry


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class Form81Form(YearForm):
    month = forms.IntegerField(label=_("Месяц"), min_value=1, max_value=12)


class PointsForm(forms.Form):
    """N_max per voltage level; an empty field = use the register's count."""

    note = forms.CharField(label=_("Источник данных"), max_length=300, required=False)

    def __init__(
        self, *args: Any, initial_points: dict[str, int] | None = None, **kw: Any
    ):
        super().__init__(*args, **kw)
        labels = dict(VoltageLevel.choices)
        for level in LEVELS:
            self.fields[f"points_{level}"] = forms.IntegerField(
                label=labels[level],
                min_value=0,
                required=False,
                initial=(initial_points or {}).get(level),
            )

    def counts(self) -> dict[str, int | None]:
        return {level: self.cleaned_data.get(f"points_{level}") for level in LEVELS}


class PlansForm(forms.Form):
    """Plan of every active parameter, and the fact of those entered by staff."""

    def __init__(
        self,
        *args: Any,
        parameters: list[ServiceParameter],
        values: dict[int, Any] | None = None,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self.parameters = parameters
        values = values or {}
        for p in parameters:
            value = values.get(p.pk)
            self.fields[f"plan_{p.pk}"] = forms.DecimalField(
                label=_("План: %(number)s %(name)s")
                % {"number": p.number, "name": p.name},
                required=False,
                localize=True,
                max_digits=14,
                decimal_places=4,
                initial=value.plan if value else None,
            )
            if p.is_entered_by_staff:
                self.fields[f"fact_{p.pk}"] = forms.DecimalField(
                    label=_("Факт: %(number)s %(name)s")
                    % {"number": p.number, "name": p.name},
                    required=False,
                    localize=True,
                    max_digits=14,
                    decimal_places=4,
                    initial=value.fact if value else None,
                )

    def entries(self) -> list[PlanEntry]:
        return [
            PlanEntry(
                parameter_id=p.pk,
                plan=self.cleaned_data.get(f"plan_{p.pk}"),
                fact=self.cleaned_data.get(f"fact_{p.pk}"),
            )
            for p in self.parameters
        ]
