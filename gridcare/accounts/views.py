"""Login, logout and «Мои сеансы» (browser sessions and API tokens)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gridcare.accounts import two_factor
from gridcare.accounts.forms import LoginForm
from gridcare.accounts.roles import Right, has_right
from gridcare.accounts.services import api_token_revoke
from gridcare.accounts.sessions import (
    api_token_get_for_user,
    api_token_list_for_user,
    user_session_end,
    user_session_end_all,
    user_session_get_for_user,
    user_session_list_for_user,
    user_session_login,
)
from gridcare.core.errors import ApplicationError
from gridcare.core.web import refusals_to_http


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The back office's entry: staff go to the appeal registry, consumers home."""
    if not has_right(request.user, Right.APPEAL_VIEW_QUEUE):
        return redirect("portal_home")
    return redirect("appeals:staff_queue")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Form) -> HttpResponse:
        user = form.get_user()  # type: ignore[attr-defined]
        user_session_login(request=self.request, user=user)
        if two_factor.needs_code(user):
            return redirect(
                f"{reverse('accounts:otp_verify')}?next={self.get_success_url()}"
            )
        return HttpResponseRedirect(self.get_success_url())


class LogoutView(auth_views.LogoutView):
    next_page = "portal_home"

    def post(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponse:
        key = request.session.session_key
        if key and request.user.is_authenticated:
            for session in user_session_list_for_user(user=request.user).filter(
                session_key=key
            ):
                user_session_end(session=session)
        return super().post(request, *args, **kwargs)


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    """«Мои сеансы»: where the person is logged in, and their app tokens."""
    context = {
        "sessions": user_session_list_for_user(user=request.user),
        "tokens": api_token_list_for_user(user=request.user),
        "current_key": request.session.session_key,
    }
    return render(request, "accounts/sessions.html", context)


@login_required
@require_POST
@refusals_to_http
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    session = user_session_get_for_user(user=request.user, session_id=session_id)
    current = session.session_key == request.session.session_key
    user_session_end(session=session)
    if current:
        return redirect("accounts:login")
    messages.success(request, _("Сеанс завершён."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def session_end_others(request: HttpRequest) -> HttpResponse:
    ended = user_session_end_all(
        user=request.user,  # type: ignore[arg-type]
        except_session_key=request.session.session_key,
    )
    messages.success(
        request, _("Завершено других сеансов: %(count)s.") % {"count": ended}
    )
    return redirect("accounts:sessions")


@login_required
@require_POST
@refusals_to_http
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_token_get_for_user(user=request.user, token_id=token_id)
    api_token_revoke(token=token)
    messages.success(request, _("Доступ приложения отозван."))
    return redirect("accounts:sessions")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("staff_home")


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a staff login: the code from the authenticator app."""
    if not two_factor.needs_code(request.user) or request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    error = ""
    if request.method == "POST":
        try:
            two_factor.code_verify(request=request, code=request.POST.get("code", ""))
        except ApplicationError as exc:
            error = exc.message
        else:
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": _next_url(request)},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app of a staff member."""
    if not two_factor.applies_to(request.user):
        return redirect("portal_home")
    if two_factor.needs_code(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
    device = two_factor.setup_device(request.user)
    error = ""
    if request.method == "POST":
        try:
            two_factor.setup_confirm(
                request=request, device=device, code=request.POST.get("code", "")
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Вход с кодом из приложения включён."))
            return redirect(_next_url(request))
    qr, secret = two_factor.setup_qr(device, account=str(request.user))
    return render(
        request,
        "accounts/otp_setup.html",
        {"qr": qr, "secret": secret, "error": error, "next": _next_url(request)},
        status=400 if error else 200,
    )
