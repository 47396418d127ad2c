from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gridcare.accounts.lockout import login_authenticate
from gridcare.core.errors import ApplicationError
from gridcare.core.web import client_ip


class LoginForm(AuthenticationForm):
    """Log in with a phone number or an e-mail address and a password, under the
    lockout after repeated failures (`lockout.login_authenticate`)."""

    username = forms.CharField(
        label=_("Телефон или e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("Неверный телефон/e-mail или пароль."),
        "inactive": _("Учётная запись заблокирована."),
    }

    def clean(self) -> dict[str, Any]:
        login = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        if login and password:
            try:
                self.user_cache = login_authenticate(
                    request=self.request,
                    login=login,
                    password=password,
                    ip_address=client_ip(self.request) if self.request else None,
                )
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from exc
        return self.cleaned_data
