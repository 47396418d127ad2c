from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gridcare.accounts.forms import LoginForm
from gridcare.accounts.roles import Right, has_right


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


class LogoutView(auth_views.LogoutView):
    next_page = "portal_home"
