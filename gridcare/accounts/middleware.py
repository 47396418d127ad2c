"""Keeps «Мои сеансы» current: the last activity of the browser session."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gridcare.accounts.sessions import user_session_touch


class SessionActivityMiddleware:
    """After AuthenticationMiddleware: refresh UserSession.last_seen_at (at most every
    five minutes per session)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user_session_touch(request=request)
        return self.get_response(request)
