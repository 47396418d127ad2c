"""Who may open a page: one pair of decorators for every app's views."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.core.web import View, refusals_to_http


def staff_view(right: Right) -> Callable[[View], View]:
    """A back-office page: login, then `right`, else 403 (before anything is read)."""

    def decorator(view: View) -> View:
        guarded = refusals_to_http(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_right(request.user, right):
                raise PermissionDenied(_("Недостаточно прав для этого действия."))
            return guarded(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def portal_view(staff_home: str = "staff_home") -> Callable[[View], View]:
    """A personal-account page: consumers only; staff are sent to `staff_home`."""

    def decorator(view: View) -> View:
        guarded = refusals_to_http(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_consumer:  # type: ignore[union-attr]
                return redirect(staff_home)
            return guarded(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
