"""Forms of the office pages: filters, the slot choice, the desk's actions."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.offices.models import OfficeService
from gridcare.territory.models import Branch, Settlement


class OfficeFilterForm(forms.Form):
    settlement = forms.ModelChoiceField(
        label=_("Населённый пункт"),
        queryset=Settlement.objects.filter(
            pk__in=[]
        ),  # set in __init__: only settlements with offices
        required=False,
        empty_label=_("Все"),
    )
    branch = forms.ModelChoiceField(
        label=_("Филиал"),
        queryset=Branch.objects.all(),
        required=False,
        empty_label=_("Все"),
    )
    service = forms.ModelChoiceField(
        label=_("Услуга"),
        queryset=OfficeService.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label=_("Любая"),
    )

    def __init__(self, *args: object, settlement_ids: list[int], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["settlement"].queryset = Settlement.objects.filter(  # type: ignore[attr-defined]
            pk__in=settlement_ids
        ).order_by("name")


class SlotForm(forms.Form):
    """The chosen slot: its start as ISO 8601 with the offset (radio value)."""

    starts_at = forms.CharField(
        label=_("Время"),
        error_messages={"required": _("Выберите время приёма.")},
    )

    def clean_starts_at(self) -> datetime:
        raw = self.cleaned_data["starts_at"]
        try:
            value = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise forms.ValidationError(_("Выберите время из списка.")) from exc
        if value.tzinfo is None:
            raise forms.ValidationError(_("Выберите время из списка."))
        return value


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Код записи"),
        max_length=8,
        error_messages={"required": _("Введите код записи.")},
    )


class WalkInForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Услуга"),
        queryset=OfficeService.objects.none(),
        error_messages={
            "required": _("Выберите услугу."),
            "invalid_choice": _("Выберите услугу из списка."),
        },
    )

    def __init__(self, *args: object, office_services: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["service"].queryset = office_services  # type: ignore[attr-defined]
        self.fields["service"].empty_label = _("— выберите —")  # type: ignore[attr-defined]


class DeskForm(forms.Form):
    desk = forms.IntegerField(
        label=_("Окно"),
        min_value=1,
        error_messages={
            "required": _("Укажите номер окна."),
            "invalid": _("Номер окна — целое число."),
            "min_value": _("Номер окна — от 1."),
        },
    )
