"""Forms of the outage pages: staff open, edit and close outages; the public search,
subscribes and unsubscribes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.consumers.models import VoltageLevel
from gridcare.notifications.models import Channel
from gridcare.outages.models import Cause, ExclusionClass, OutageKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _moment(label: str, *, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        help_text=_("Московское время."),
    )


class OutageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=OutageKind.choices)
    cause = forms.ChoiceField(label=_("Причина"), choices=Cause.choices)
    cause_text = forms.CharField(
        label=_("Причина для потребителей"),
        required=False,
        max_length=300,
        help_text=_("Пусто — название причины из списка."),
    )
    voltage_level = forms.ChoiceField(
        label=_("Уровень напряжения"),
        choices=VoltageLevel.choices,
        initial=VoltageLevel.LV,
    )
    equipment = forms.CharField(
        label=_("Отключаемое оборудование"), required=False, max_length=300
    )
    areas_text = forms.CharField(
        label=_("Адреса"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "По одному на строку: «Казань, Баумана, 1-15», «Казань, ул. Пушкина», "
            "«Казань, Баумана, нечётные 1-21», «Уразла, 15», «Высокая Гора»."
        ),
    )
    planned_start = _moment(_("Плановое начало"))
    planned_end = _moment(_("Плановое окончание"))
    started_at = _moment(_("Фактическое начало"))
    estimated_restoration_at = _moment(_("Ожидаемое восстановление"))
    supply_point_codes = forms.CharField(
        label=_("Дополнительные точки поставки"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Коды через запятую или пробел, если их нет по адресам."),
    )
    exclusion_class = forms.ModelChoiceField(
        label=_("Класс прекращения (для Пsaidi/Пsaifi)"),
        queryset=ExclusionClass.objects.all(),
        required=False,
        empty_label=_("учитывается (не классифицировано)"),
    )
    notice_lead_hours = forms.IntegerField(
        label=_("Уведомить подписчиков за, часов"),
        required=False,
        min_value=24,
        help_text=_("Не меньше 24; пусто — по общей настройке."),
    )
    description = forms.CharField(
        label=_("Описание для потребителей"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    internal_note = forms.CharField(
        label=_("Служебная заметка"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("kind") == OutageKind.PLANNED and not (
            data.get("planned_start") and data.get("planned_end")
        ):
            raise forms.ValidationError(
                _("Для плановых работ укажите плановое начало и окончание.")
            )
        return data


class EstimateForm(forms.Form):
    estimated_at = _moment(_("Ожидаемое восстановление"), required=True)
    reason = forms.CharField(
        label=_("Причина изменения"), required=False, max_length=300
    )


class RestoreForm(forms.Form):
    ended_at = _moment(_("Время восстановления"))


class StartForm(forms.Form):
    started_at = _moment(_("Фактическое начало"))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Причина отмены"), max_length=300)


class ScheduleUploadForm(forms.Form):
    file = forms.FileField(
        label=_("График плановых работ (XLSX или CSV)"),
        help_text=_(
            "Первая строка — заголовки: «Населённый пункт», «Улица», «Дома», "
            "«Начало», «Окончание», «Причина», «Оборудование», «Уровень напряжения», "
            "«Примечание», «Номер»."
        ),
    )


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("Адрес, номер лицевого счёта или телефон"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Например: Казань, Баумана 5")}
        ),
    )


PUBLIC_CHANNELS = [
    (Channel.EMAIL, _("Электронная почта")),
    (Channel.SMS, _("SMS")),
]


class SubscribeForm(forms.Form):
    """Subscribe to a place found by the search (ids come from the result)."""

    settlement_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    street_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    building_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    supply_point_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    channels = forms.MultipleChoiceField(
        label=_("Как сообщать"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Телефон"), required=False, max_length=20)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Код из SMS"), max_length=10)


class UnsubscribeForm(forms.Form):
    stop_all = forms.BooleanField(
        label=_("Больше не присылать на этот адрес никаких уведомлений об отключениях"),
        required=False,
    )
