"""Keeps «Мои сеансы» current: the last activity of the browser session."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from gridcare.accounts import two_factor
from gridcare.accounts.sessions import user_session_touch


class SessionActivityMiddleware:
    """After AuthenticationMiddleware: refresh UserSession.last_seen_at (at most every
    five minutes per session)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user_session_touch(request=request)
        return self.get_response(request)


# The back office and the administration need the second step of staff login.
_GUARDED = ("/staff/", "/admin/")


class StaffTwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a staff session that has not passed the code
    step is sent to it (or to set up an authenticator when that is required)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            request.path.startswith(_GUARDED)
            and two_factor.applies_to(user)
            and not user.is_verified()  # type: ignore[union-attr]
        ):
            if two_factor.needs_code(user):
                target = reverse("accounts:otp_verify")
            elif two_factor.needs_setup(user):
                target = reverse("accounts:otp_setup")
            else:
                return self.get_response(request)
            if request.headers.get("HX-Request"):
                return JsonResponse({"redirect": target}, status=401)
            return redirect(f"{target}?next={request.get_full_path()}")
        return self.get_response(request)
