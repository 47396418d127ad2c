"""One-time codes: six digits, stored as a keyed hash, valid for a few minutes, a few
attempts, resent no more than once a minute. Delivery is the caller's job (the
notification layer sits above accounts): `one_time_code_issue` returns the code."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from gridcare.accounts.models import CodePurpose, OneTimeCode, User
from gridcare.core.errors import ApplicationError

CODE_LENGTH = 6
CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(minutes=1)
# At most this many codes of one purpose per person per hour (SMS cost, abuse).
MAX_CODES_PER_HOUR = 5


class CodeResendTooSoon(ApplicationError):
    """A new code was asked for too soon after the previous one."""

    status_code = 429

    def __init__(self, retry_at: datetime):
        seconds = max(1, int((retry_at - timezone.now()).total_seconds()) + 1)
        super().__init__(
            _("Новый код можно запросить через %(seconds)s с.") % {"seconds": seconds},
            code="code_resend_too_soon",
            extra={"retry_after_seconds": seconds},
        )


class CodeInvalid(ApplicationError):
    """The code is wrong, expired, used up or was never sent (one refusal for all)."""

    def __init__(self, message: str):
        super().__init__(message, code="code_invalid")


@dataclass(frozen=True)
class IssuedCode:
    record: OneTimeCode
    code: str

    @property
    def resend_at(self) -> datetime:
        return self.record.created_at + RESEND_INTERVAL


def _hash(*, user_id: int, purpose: str, code: str) -> str:
    return salted_hmac(
        "gridcare.accounts.one_time_code",
        f"{user_id}:{purpose}:{code}",
        algorithm="sha256",
    ).hexdigest()


def one_time_code_issue(
    *, user: User, purpose: str, channel: str, address: str
) -> IssuedCode:
    """Create a new code for `user` and `purpose`, replacing the previous one; return
    it with the plain code for delivery. Refuses (429) within a minute of the previous
    code and after MAX_CODES_PER_HOUR codes in an hour."""
    now = timezone.now()
    with transaction.atomic():
        # Lock the user row: two quick requests must not both pass the resend limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        recent = OneTimeCode.objects.filter(
            user=user, purpose=purpose, created_at__gt=now - timedelta(hours=1)
        ).order_by("-created_at")
        latest = recent.first()
        if latest is not None and latest.created_at + RESEND_INTERVAL > now:
            raise CodeResendTooSoon(latest.created_at + RESEND_INTERVAL)
        if recent.count() >= MAX_CODES_PER_HOUR:
            oldest = list(recent.values_list("created_at", flat=True))[-1]
            raise CodeResendTooSoon(oldest + timedelta(hours=1))
        OneTimeCode.objects.filter(
            user=user, purpose=purpose, used_at=None, expires_at__gt=now
        ).update(expires_at=now)
        code = "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))
        record = OneTimeCode.objects.create(
            user=user,
            purpose=purpose,
            channel=channel,
            address=address,
            code_hash=_hash(user_id=user.pk, purpose=purpose, code=code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    return IssuedCode(record=record, code=code)


def one_time_code_verify(*, user: User | None, purpose: str, code: str) -> None:
    """Accept the latest valid code of `user` for `purpose` and mark it used; else
    count the attempt and refuse with CodeInvalid.

    Must not run inside a transaction that the refusal rolls back: the attempt
    counter has to stay counted."""
    code = "".join((code or "").split())
    now = timezone.now()
    record = (
        OneTimeCode.objects.filter(user=user, purpose=purpose, used_at=None)
        .order_by("-created_at")
        .first()
        if user is not None
        else None
    )
    if record is None or record.expires_at <= now:
        raise CodeInvalid(_("Код истёк или не запрашивался. Запросите новый код."))
    if record.attempts >= MAX_ATTEMPTS:
        raise CodeInvalid(_("Превышено число попыток ввода кода. Запросите новый код."))
    expected = _hash(user_id=record.user_id, purpose=purpose, code=code)
    if not (
        len(code) == CODE_LENGTH and constant_time_compare(expected, record.code_hash)
    ):
        attempts = record.attempts + 1
        OneTimeCode.objects.filter(pk=record.pk).update(attempts=attempts)
        left = MAX_ATTEMPTS - attempts
        if left <= 0:
            raise CodeInvalid(
                _("Неверный код. Попытки исчерпаны — запросите новый код.")
            )
        raise CodeInvalid(
            _("Неверный код. Осталось попыток: %(left)s.") % {"left": left}
        )
    updated = OneTimeCode.objects.filter(pk=record.pk, used_at=None).update(used_at=now)
    if updated != 1:  # a concurrent request used it first
        raise CodeInvalid(_("Код уже использован. Запросите новый код."))


def registration_is_pending(user: User) -> bool:
    """True for an inactive account that was created by registration and has not been
    confirmed yet (an account blocked by an administrator is not pending)."""
    if user.is_active:
        return False
    codes = OneTimeCode.objects.filter(user=user, purpose=CodePurpose.REGISTRATION)
    return codes.exists() and not codes.filter(used_at__isnull=False).exists()
