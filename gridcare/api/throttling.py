"""Rate limits of the whole API, with django-ninja's own throttling (`ninja.throttling`):
request timestamps kept in Django's cache (Redis in production, so every app process
counts together; per process in memory when embedded).

- every caller: `API_THROTTLE_ANON` per client address for anonymous callers,
  `API_THROTTLE_USER` per user for signed-in ones (a mobile app polls, so it is high);
- the token login: also `API_THROTTLE_LOGIN` per address, whoever signs in. Wrong
  passwords are counted separately by the lockout (gridcare/accounts/lockout.py:
  per login and per address); this limit caps all attempts, right or wrong;
- public forms that create something or send a code (registration, password reset,
  outage subscriptions, power reports, chat): also `API_THROTTLE_PUBLIC_FORMS` per
  address for anonymous callers. The codes themselves have their own resend and attempt
  limits (gridcare/accounts/codes.py), the web reception its own (appeals/flood.py);
- webhooks with their own keys (telephony events and IVR steps from the PBX, the
  partner API) are not throttled: machine traffic from a few known systems, a PBX
  posts thousands of call events a minute in a busy hour and a refused event is a lost
  call record. Their key check refuses strangers; floods stop at nginx.

A rate is `<count>/<period>` (s, min, h, day: "60/min"); an empty one switches that
limit off. Settings are read at each request, so an override applies at once. A refusal
is 429 with a Russian error and `Retry-After` (seconds)."""

import math
from typing import Any, ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.constants import NOT_SET
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from gridcare.api.errors import error_body
from gridcare.core.web import client_ip

# Machine traffic authenticated by its own key: never throttled (see above).
WEBHOOK_OPERATIONS = frozenset(
    {"post_call_event", "post_ivr_step", "create_partner_appeal", "get_partner_appeal"}
)
LOGIN_OPERATIONS = frozenset({"create_token"})
# Anonymous creates and code sends: one shared count per address.
PUBLIC_FORM_OPERATIONS = frozenset(
    {
        "register_consumer",
        "confirm_registration",
        "resend_registration_code",
        "request_password_reset",
        "confirm_password_reset",
        "create_outage_subscription",
        "confirm_outage_subscription",
        "create_power_report",
        "start_conversation",
        "request_callback",
    }
)


def _signed_in_user_id(request: HttpRequest) -> Any:
    """The caller's user id: by token or session (`request.auth`), or the portal
    session on an endpoint open to everyone; None for an anonymous caller."""
    for who in (getattr(request, "auth", None), getattr(request, "user", None)):
        if who is not None and getattr(who, "is_authenticated", False):
            return who.pk
    return None


class SettingsRateThrottle(SimpleRateThrottle):
    """ninja's cache throttle with the rate taken from a Django setting."""

    setting: ClassVar[str]
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting, "") or None

    def get_ident(self, request: HttpRequest) -> str | None:
        # The address uvicorn took from the trusted proxy (--forwarded-allow-ips), not
        # an X-Forwarded-For header any client can write.
        return client_ip(request)

    def allow_request(self, request: HttpRequest) -> bool:
        rate = self.get_rate()
        if rate is None:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def wait(self) -> float | None:
        """Seconds until the oldest counted request leaves the window."""
        if not self.history or self.duration is None:
            return float(self.duration or 1)
        return max(1.0, self.duration - (self.now - self.history[-1]))


class AnonymousThrottle(SettingsRateThrottle):
    """Anonymous callers, per client address."""

    scope = "anon"
    setting = "API_THROTTLE_ANON"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if _signed_in_user_id(request) is not None:
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class UserThrottle(SettingsRateThrottle):
    """Signed-in callers, per user (all their devices and tokens together)."""

    scope = "user"
    setting = "API_THROTTLE_USER"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user_id = _signed_in_user_id(request)
        if user_id is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user_id}


class LoginThrottle(SettingsRateThrottle):
    """Token logins per client address, whoever signs in."""

    scope = "login"
    setting = "API_THROTTLE_LOGIN"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class PublicFormThrottle(AnonymousThrottle):
    """Anonymous creates and code sends, per client address."""

    scope = "form"
    setting = "API_THROTTLE_PUBLIC_FORMS"


DEFAULT_THROTTLES: list[BaseThrottle] = [AnonymousThrottle(), UserThrottle()]
_LOGIN_THROTTLES: list[BaseThrottle] = [LoginThrottle(), *DEFAULT_THROTTLES]
_PUBLIC_FORM_THROTTLES: list[BaseThrottle] = [PublicFormThrottle(), *DEFAULT_THROTTLES]


def operation_throttles(operation_id: str) -> list[BaseThrottle]:
    """The limits of one operation (by its id, the view's name)."""
    if operation_id in WEBHOOK_OPERATIONS:
        return []
    if operation_id in LOGIN_OPERATIONS:
        return _LOGIN_THROTTLES
    if operation_id in PUBLIC_FORM_OPERATIONS:
        return _PUBLIC_FORM_THROTTLES
    return DEFAULT_THROTTLES


def install_throttling(api: NinjaAPI) -> None:
    """Sets each operation's limits (call after the routers are added, before the
    URLs are built) and answers a refusal with the API's error."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if operation.throttle_param is not NOT_SET:
                    continue  # an endpoint that set its own limits keeps them
                throttles = operation_throttles(operation.view_func.__name__)
                operation.throttle_param = throttles
                operation.throttle_objects = list(throttles)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        seconds = math.ceil(exc.wait) if exc.wait is not None else None
        message = (
            _("Слишком много запросов. Повторите через %(seconds)s с.")
            % {"seconds": seconds}
            if seconds
            else _("Слишком много запросов. Повторите позже.")
        )
        response = api.create_response(
            request,
            error_body("too_many_requests", message, {"retry_after": seconds}),
            status=429,
        )
        if seconds:
            response["Retry-After"] = str(seconds)
        return response


def throttled_operation_ids(api: NinjaAPI) -> set[str]:
    """Ids of the operations that may answer 429 because of a rate limit."""
    return {
        operation.view_func.__name__
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
        if operation.throttle_objects
    }
