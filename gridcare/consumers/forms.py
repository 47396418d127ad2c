"""Portal forms of consumers: registration with a checkbox per consent purpose, the
one-time code, password reset, linking a consumer account. Forms check the shape of
input; the rules are in the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.consumers.models import ConsentText

LOGIN_HELP = _("Например, +7 917 000-00-01 или ivanova@example.ru.")


def _login_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Телефон или e-mail"),
        max_length=254,
        help_text=LOGIN_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "inputmode": "email"}
        ),
        **kwargs,
    )


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Код из сообщения"),
        max_length=12,
        help_text=_("6 цифр."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
    )


class _NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Пароль"),
        strip=False,
        help_text=_("Не короче 8 символов, не только цифры, не похож на ФИО и логин."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Пароль ещё раз"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("Пароли не совпадают."))
        return data


class RegistrationForm(_NewPasswordMixin):
    full_name = forms.CharField(
        label=_("Фамилия, имя, отчество"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    login = _login_field()
    field_order = ["full_name", "login", "password1", "password2"]

    def __init__(self, *args: Any, texts: dict[str, ConsentText], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.texts = texts
        for purpose, text in texts.items():
            # Never pre-ticked; only the purpose needed for the service is required.
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=text.get_purpose_display(),
                required=text.is_required,
                initial=False,
                error_messages={
                    "required": _("Без этого согласия личный кабинет создать нельзя.")
                },
            )

    def consent_fields(self) -> list[tuple[forms.BoundField, ConsentText]]:
        return [(self[f"consent_{p}"], t) for p, t in self.texts.items()]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("full_name", "login", "password1", "password2")]

    def consent_purposes(self) -> frozenset[str]:
        return frozenset(p for p in self.texts if self.cleaned_data.get(f"consent_{p}"))


class CodeForm(forms.Form):
    login = _login_field()
    code = _code_field()


class LoginOnlyForm(forms.Form):
    login = _login_field()


class PasswordResetConfirmForm(_NewPasswordMixin):
    login = _login_field()
    code = _code_field()
    field_order = ["login", "code", "password1", "password2"]


class AccountLinkForm(forms.Form):
    number = forms.CharField(
        label=_("Номер лицевого счёта"),
        max_length=40,
        help_text=_("Указан в квитанции."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    meter_serial = forms.CharField(
        label=_("Заводской номер счётчика"),
        max_length=40,
        help_text=_("Указан на корпусе счётчика и в квитанции."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
