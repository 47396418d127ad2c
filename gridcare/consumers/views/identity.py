"""Registration confirmed by a code, re-sending the code, password reset by code."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.accounts.sessions import user_session_login
from gridcare.consumers.consents import consent_texts_current
from gridcare.consumers.forms import (
    CodeForm,
    LoginOnlyForm,
    PasswordResetConfirmForm,
    RegistrationForm,
)
from gridcare.consumers.identity import (
    CodeSent,
    RegistrationInput,
    consumer_register,
    consumer_registration_confirm,
    password_reset_confirm,
    password_reset_request,
    registration_code_resend,
)
from gridcare.core.errors import ApplicationError
from gridcare.core.web import client_ip

REGISTRATION_LOGIN = "registration_login"
RESET_LOGIN = "password_reset_login"


def _sent_message(request: HttpRequest, sent: CodeSent) -> None:
    messages.success(
        request,
        _("Мы отправили код на %(address)s. Он действует 10 минут.")
        % {"address": sent.masked},
    )


def register(request: HttpRequest) -> HttpResponse:
    """Registration: name, phone or e-mail, password and a checkbox per consent."""
    if request.user.is_authenticated:
        return redirect("consumers:portal_home")
    texts = consent_texts_current()
    form = RegistrationForm(request.POST or None, texts=texts)
    if request.method == "POST" and form.is_valid():
        data = RegistrationInput(
            full_name=form.cleaned_data["full_name"],
            login=form.cleaned_data["login"],
            password=form.cleaned_data["password1"],
            consent_purposes=form.consent_purposes(),
            ip_address=client_ip(request),
        )
        try:
            sent = consumer_register(data=data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[REGISTRATION_LOGIN] = sent.login.value
            _sent_message(request, sent)
            return redirect("consumers:register_confirm")
    return render(request, "consumers/portal/register.html", {"form": form})


def register_confirm(request: HttpRequest) -> HttpResponse:
    """Enter the code: the account is activated and the person logged in."""
    login = request.session.get(REGISTRATION_LOGIN, "")
    form = CodeForm(request.POST or None, initial={"login": login})
    if request.method == "POST" and form.is_valid():
        try:
            user = consumer_registration_confirm(
                login=form.cleaned_data["login"], code=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            user_session_login(request=request, user=user)
            messages.success(
                request,
                _(
                    "Регистрация завершена. Привяжите лицевой счёт, чтобы видеть свои "
                    "точки поставки и счётчики."
                ),
            )
            return redirect("consumers:portal_home")
    return render(
        request,
        "consumers/portal/register_confirm.html",
        {"form": form, "login": login},
    )


@require_POST
def register_resend(request: HttpRequest) -> HttpResponse:
    form = LoginOnlyForm(request.POST)
    if form.is_valid():
        try:
            sent = registration_code_resend(login=form.cleaned_data["login"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            request.session[REGISTRATION_LOGIN] = sent.login.value
            _sent_message(request, sent)
    else:
        messages.error(request, _("Укажите телефон или e-mail."))
    return redirect("consumers:register_confirm")


def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset code; the answer is the same for unknown logins."""
    form = LoginOnlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = password_reset_request(login=form.cleaned_data["login"])
        except ApplicationError as exc:
            form.add_error("login", exc.message)
        else:
            request.session[RESET_LOGIN] = sent.login.value
            messages.success(
                request,
                _(
                    "Если учётная запись %(address)s есть, мы отправили на этот адрес "
                    "код. Он действует 10 минут."
                )
                % {"address": sent.masked},
            )
            return redirect("consumers:password_reset_confirm")
    return render(request, "consumers/portal/password_reset.html", {"form": form})


def password_reset_set(request: HttpRequest) -> HttpResponse:
    """Enter the code and a new password; every session of the account ends."""
    form = PasswordResetConfirmForm(
        request.POST or None, initial={"login": request.session.get(RESET_LOGIN, "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_confirm(
                login=form.cleaned_data["login"],
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["password1"],
            )
        except ApplicationError as exc:
            field = "code" if exc.code == "code_invalid" else None
            if exc.code == "password_rejected":
                field = "password1"
            form.add_error(field, exc.message)
        else:
            request.session.pop(RESET_LOGIN, None)
            messages.success(
                request,
                _("Пароль изменён, все сеансы завершены. Войдите с новым паролем."),
            )
            return redirect("accounts:login")
    return render(
        request, "consumers/portal/password_reset_confirm.html", {"form": form}
    )
