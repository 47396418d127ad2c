"""Plumbing shared by every server-rendered page: refusals from services become HTTP
responses, form errors become messages, stored files are sent back."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from gridcare.core.errors import NotFoundError, PermissionDeniedError

View = Callable[..., HttpResponse]


def refusals_to_http(view: View) -> View:
    """NotFoundError → 404, PermissionDeniedError → 403, with the Russian message."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapped


def form_errors(form: Form) -> list[str]:
    """A form's errors as «Поле: ошибка» lines."""
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines += [f"{label}: {e}" if label else str(e) for e in errors]
    return lines


def form_errors_to_messages(request: HttpRequest, form: Form) -> None:
    for line in form_errors(form):
        messages.error(request, line)


def file_response(field: Any, filename: str, content_type: str) -> FileResponse:
    """Send a stored file as a download; a file missing on disk is a 404."""
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Файл не найден.")) from exc
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, for the personal-data access log."""
    return request.META.get("REMOTE_ADDR") or None
