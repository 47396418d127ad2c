"""Back-office forms of the post channel (input parsing only; rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.appeals.codes import Category, Kind, Topic


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PostalLetterForm(forms.Form):
    sender_name = forms.CharField(
        label=_("Отправитель (ФИО или организация)"), max_length=300
    )
    sender_address = forms.CharField(
        label=_("Почтовый адрес отправителя"), max_length=500
    )
    contact_phone = forms.CharField(label=_("Телефон"), max_length=32, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    postmark_date = forms.DateField(
        label=_("Дата на почтовом штемпеле"), widget=DateInput()
    )
    received_on = forms.DateField(label=_("Дата получения"), widget=DateInput())
    category = forms.ChoiceField(label=_("Категория"), choices=Category.choices)
    kind = forms.ChoiceField(label=_("Вид"), choices=Kind.choices, initial=Kind.APPEAL)
    topic = forms.ChoiceField(
        label=_("Тематика"), choices=Topic.choices, initial=Topic.GENERAL
    )
    summary = forms.CharField(
        label=_("Краткое содержание письма"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    scan = forms.FileField(
        label=_("Скан письма (PDF или JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg"}),
    )


class LetterCreateForm(forms.Form):
    number = forms.CharField(
        label=_("Регистрационный номер обращения"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"placeholder": "26-0000123", "inputmode": "numeric"}
        ),
    )
    mailing_date = forms.DateField(label=_("Дата отправки"), widget=DateInput())


class TrackingForm(forms.Form):
    tracking_number = forms.CharField(label=_("ШПИ"), max_length=20)


class DayForm(forms.Form):
    day = forms.DateField(label=_("Дата реестра"), widget=DateInput(), required=False)
