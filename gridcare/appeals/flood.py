"""Flood protection of the internet reception, without a third-party captcha: a
honeypot field, a minimum time to fill the form, and rate limits per IP address and
per e-mail kept in the cache (Redis in production, so every process shares them).

The limits are operations settings, not regulation: each has a default here and may be
overridden in settings (`RECEPTION_MAX_PER_IP_HOUR`, `RECEPTION_MAX_PER_EMAIL_HOUR`,
`RECEPTION_MIN_FILL_SECONDS`)."""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from gridcare.core.errors import ApplicationError

SALT = "appeals.reception.form"
WINDOW_SECONDS = 3600
# A form older than this is refused as stale (the page must be reloaded).
FORM_MAX_AGE_SECONDS = 24 * 3600


class FloodRefused(ApplicationError):
    """A submission refused as automated or too frequent (no details for bots)."""

    status_code = 429


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def form_started_token(*, at: float | None = None) -> str:
    """A signed timestamp put in the form when it is shown."""
    return signing.dumps({"t": int(at if at is not None else time.time())}, salt=SALT)


def check_honeypot(value: str) -> None:
    """People never see the field; anything in it means a robot filled the form."""
    if value:
        raise FloodRefused(
            "Форма заполнена автоматически. Если это ошибка, обновите страницу и "
            "заполните форму заново.",
            code="honeypot",
        )


def check_fill_time(token: str, *, now: float | None = None) -> None:
    """Refuse a form sent faster than a person can fill it, or with a forged stamp."""
    now = now if now is not None else time.time()
    try:
        started = int(signing.loads(token, salt=SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise FloodRefused(
            "Форма устарела. Обновите страницу и отправьте обращение ещё раз.",
            code="form_stale",
        ) from exc
    elapsed = now - started
    if elapsed > FORM_MAX_AGE_SECONDS:
        raise FloodRefused(
            "Форма устарела. Обновите страницу и отправьте обращение ещё раз.",
            code="form_stale",
        )
    if elapsed < _limit("RECEPTION_MIN_FILL_SECONDS", 3):
        raise FloodRefused(
            "Форма отправлена слишком быстро. Проверьте данные и отправьте ещё раз.",
            code="too_fast",
        )


def _key(kind: str, value: str) -> str:
    window = int(time.time()) // WINDOW_SECONDS
    return f"reception:{kind}:{value.lower()}:{window}"


def _count(key: str) -> int:
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
        return 1


def _used(key: str) -> int:
    return int(cache.get(key) or 0)


def check_ip_rate(ip: str | None) -> None:
    """Count this attempt from the address; refuse above the hourly limit."""
    if not ip:
        return
    if _count(_key("ip", ip)) > _limit("RECEPTION_MAX_PER_IP_HOUR", 10):
        raise FloodRefused(
            "Слишком много обращений с вашего адреса. Попробуйте через час или "
            "позвоните на горячую линию.",
            code="rate_limited",
        )


def check_email_rate(email: str) -> None:
    """Refuse when this e-mail already sent the hourly number of appeals."""
    if email and _used(_key("email", email)) >= _limit(
        "RECEPTION_MAX_PER_EMAIL_HOUR", 3
    ):
        raise FloodRefused(
            "С этого адреса электронной почты уже отправлено много обращений. "
            "Попробуйте через час.",
            code="rate_limited",
        )


def count_email(email: str) -> None:
    """Count an accepted appeal against the e-mail's hourly limit."""
    if email:
        _count(_key("email", email))
