"""API authentication: a bearer token (mobile app, partners) or the browser session."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from gridcare.accounts.models import ApiToken
from gridcare.core.errors import PermissionDeniedError

# How often the token's last_used_at is refreshed (one write per token per 5 minutes).
_LAST_USED_PRECISION_SECONDS = 300


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token's record is on `request.api_token`."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        record = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .first()
        )
        if record is None or not record.user.is_active:
            return None
        now = timezone.now()
        if record.expires_at and record.expires_at <= now:
            return None
        if (
            record.last_used_at is None
            or (now - record.last_used_at).total_seconds()
            > _LAST_USED_PRECISION_SECONDS
        ):
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.user
        request.api_token = record  # type: ignore[attr-defined]
        return record.user


class SessionAuth(APIKeyCookie):
    """The portal's own session cookie; unsafe methods also need the CSRF token
    (`X-CSRFToken` header with the `csrftoken` cookie's value)."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if not key:
            # No session: nothing to protect, and a bad bearer token stays a 401.
            return None
        exempt = not self.csrf or getattr(request, "_ninja_csrf_exempt", False)
        if not exempt and check_csrf(request) is not None:
            raise PermissionDeniedError(
                "Проверка CSRF не пройдена: передайте заголовок X-CSRFToken "
                "со значением cookie csrftoken.",
                code="csrf_failed",
            )
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> object | None:
        if key is None:
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


def optional_auth(request: HttpRequest) -> object:
    """Lets anonymous callers through (internet reception, calculators): `request.auth`
    is the user or an AnonymousUser (ninja refuses a falsy result)."""
    for scheme in (TokenAuth(), SessionAuth()):
        try:
            result = scheme(request)
        except Exception:  # a malformed header or a failed CSRF check: anonymous
            result = None
        if result:
            return result
    return AnonymousUser()


AUTH = [TokenAuth(), SessionAuth()]
