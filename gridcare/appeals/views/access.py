"""Who may open a page, and how refusals from the services become HTTP responses —
once for every appeal page."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from gridcare.accounts.roles import Right, has_right
from gridcare.core.errors import NotFoundError, PermissionDeniedError

View = Callable[..., HttpResponse]


def _refusals_to_http(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapped


def staff_view(right: Right) -> Callable[[View], View]:
    """A back-office page: login, then `right`, else 403 (before anything is read)."""

    def decorator(view: View) -> View:
        guarded = _refusals_to_http(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_right(request.user, right):
                raise PermissionDenied("Недостаточно прав для этого действия.")
            return guarded(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def portal_view(view: View) -> View:
    """A personal-account page: consumers only; staff are sent to the back office."""
    guarded = _refusals_to_http(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_consumer:  # type: ignore[union-attr]
            return redirect("staff_home")
        return guarded(request, *args, **kwargs)

    return login_required(wrapped)


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, for the personal-data access log."""
    return request.META.get("REMOTE_ADDR") or None
