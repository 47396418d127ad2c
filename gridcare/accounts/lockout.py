"""Lockout after repeated failed logins, per login and per IP address, for every way
in: the portal and back-office login page and the API token endpoint."""

from datetime import datetime, timedelta

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gridcare.accounts.backends import user_find_by_login
from gridcare.accounts.codes import registration_is_pending
from gridcare.accounts.logins import login_key
from gridcare.accounts.models import LoginFailure, User
from gridcare.core.errors import ApplicationError

WINDOW = timedelta(minutes=15)
# Failures of one login within WINDOW before it is locked (whoever tries).
MAX_FAILURES_PER_LOGIN = 5
# Failures from one address within WINDOW: higher, offices share one address (NAT).
MAX_FAILURES_PER_IP = 20
KEEP_FAILURES = timedelta(days=1)


class InvalidCredentials(ApplicationError):
    """Wrong login or password; the same message whether or not the login exists."""

    status_code = 401

    def __init__(self) -> None:
        super().__init__(
            _("Неверный телефон/e-mail или пароль."), code="invalid_credentials"
        )


class LoginLocked(ApplicationError):
    """Too many failed logins; says when to try again (Moscow time)."""

    status_code = 429

    def __init__(self, retry_at: datetime):
        local = timezone.localtime(retry_at)
        when = date_format(local, "H:i")
        if local.date() != timezone.localdate():
            when = date_format(local, "d.m.Y H:i")
        super().__init__(
            _(
                "Слишком много неудачных попыток входа. Повторите попытку после "
                "%(when)s (мск) или восстановите пароль."
            )
            % {"when": when},
            code="login_locked",
            extra={"retry_at": local.isoformat(timespec="seconds")},
        )


class LoginNotConfirmed(ApplicationError):
    """The password is right but the registration was never confirmed by its code."""

    status_code = 403

    def __init__(self) -> None:
        super().__init__(
            _(
                "Регистрация не завершена: подтвердите телефон или e-mail кодом из "
                "сообщения или зарегистрируйтесь заново."
            ),
            code="registration_not_confirmed",
        )


def _lock_key(login: str) -> str:
    """One key per account whichever login (phone or e-mail) is typed; the typed
    login itself when no account has it, so unknown logins lock the same way."""
    user = user_find_by_login(login)
    return f"user:{user.pk}" if user is not None else login_key(login)


def _locked_until(failures: list[datetime], limit: int) -> datetime | None:
    """With `failures` newest first: the moment the lock lifts, or None."""
    if len(failures) < limit:
        return None
    return failures[limit - 1] + WINDOW


def login_lockout_until(*, login: str, ip_address: str | None) -> datetime | None:
    """Return when the lock on this login or address lifts, None if not locked."""
    since = timezone.now() - WINDOW
    by_login = list(
        LoginFailure.objects.filter(login_key=_lock_key(login), at__gt=since)
        .order_by("-at")
        .values_list("at", flat=True)[:MAX_FAILURES_PER_LOGIN]
    )
    moments = [_locked_until(by_login, MAX_FAILURES_PER_LOGIN)]
    if ip_address:
        by_ip = list(
            LoginFailure.objects.filter(ip_address=ip_address, at__gt=since)
            .order_by("-at")
            .values_list("at", flat=True)[:MAX_FAILURES_PER_IP]
        )
        moments.append(_locked_until(by_ip, MAX_FAILURES_PER_IP))
    locked = [m for m in moments if m is not None]
    return max(locked) if locked else None


def login_failure_record(*, login: str, ip_address: str | None) -> None:
    """Count a failed login and purge failures older than a day."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - KEEP_FAILURES).delete()
    LoginFailure.objects.create(
        login_key=_lock_key(login), ip_address=ip_address or None, at=now
    )


def login_failures_clear(*, login: str) -> None:
    """Forget the failures of a login (after a successful login or password reset)."""
    LoginFailure.objects.filter(login_key=_lock_key(login)).delete()


def login_authenticate(
    *, request: HttpRequest | None, login: str, password: str, ip_address: str | None
) -> User:
    """Check a login and password under the lockout; return the active user.

    Refuses with LoginLocked (429) while the login or the address is locked, even
    with the right password; InvalidCredentials (401) otherwise, counting the
    failure; LoginNotConfirmed (403) for a right password of an unconfirmed
    registration. Must not run inside a transaction the refusal rolls back."""
    locked = login_lockout_until(login=login, ip_address=ip_address)
    if locked is not None:
        raise LoginLocked(locked)
    user = authenticate(request, username=login, password=password)
    if user is None:
        candidate = user_find_by_login(login)
        if (
            candidate is not None
            and registration_is_pending(candidate)
            and candidate.check_password(password)
        ):
            raise LoginNotConfirmed()
        login_failure_record(login=login, ip_address=ip_address)
        raise InvalidCredentials()
    login_failures_clear(login=login)
    return user  # type: ignore[return-value]
