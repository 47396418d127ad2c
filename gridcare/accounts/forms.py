from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Log in with a phone number or an e-mail address and a password."""

    username = forms.CharField(
        label="Телефон или e-mail",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": "Неверный телефон/e-mail или пароль.",
        "inactive": "Учётная запись заблокирована.",
    }
