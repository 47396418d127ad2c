"""Forms of the reports pages: the year of Приложение 7 and the dashboard filters."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.appeals.codes import Category, Channel
from gridcare.reports.dashboards import DashboardFilters
from gridcare.territory.models import Branch

ANY = [("", _("Все"))]
# Longest dashboard period: ten years of history.
MAX_DAYS = 3700


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Отчётный год"), min_value=2000, max_value=2100)

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Отчёт за будущий год построить нельзя."))
        return year


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("С"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("По"), widget=forms.DateInput(attrs={"type": "date"})
    )
    branch = forms.ModelChoiceField(
        label=_("Филиал"),
        required=False,
        queryset=Branch.objects.all(),
        empty_label=_("Все"),
    )
    channel = forms.ChoiceField(
        label=_("Канал"), required=False, choices=ANY + Channel.choices
    )
    category = forms.ChoiceField(
        label=_("Категория"), required=False, choices=ANY + Category.choices
    )

    @classmethod
    def initial_period(cls) -> dict[str, date]:
        today = timezone.localdate()
        return {"date_from": today - timedelta(days=364), "date_to": today}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None and not data.get("date_from") and not data.get("date_to"):
            data = data.copy()
            for name, value in self.initial_period().items():
                data[name] = value.isoformat()
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", _("Конец периода раньше начала."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("date_from", _("Период не длиннее десяти лет."))
        return cleaned

    def filters(self) -> DashboardFilters:
        c = self.cleaned_data
        return DashboardFilters(
            date_from=c["date_from"],
            date_to=c["date_to"],
            branch_id=c["branch"].pk if c.get("branch") else None,
            channel=c.get("channel") or "",
            category=c.get("category") or "",
        )

    def params(self) -> dict[str, object]:
        f = self.filters()
        return {
            "date_from": f.date_from.isoformat(),
            "date_to": f.date_to.isoformat(),
            "branch_id": f.branch_id,
            "channel": f.channel,
            "category": f.category,
        }
