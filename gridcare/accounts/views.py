"""Login, logout and «Мои сеансы» (browser sessions and API tokens)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

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
        user_session_login(request=self.request, user=form.get_user())  # type: ignore[attr-defined]
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
