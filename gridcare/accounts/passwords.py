"""Passwords: checked by Django's validators (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gridcare.accounts.models import User
from gridcare.core.errors import ApplicationError


class PasswordRejected(ApplicationError):
    """The validators refused the password; `messages` lists every reason."""

    def __init__(self, messages: list[str]):
        super().__init__(
            " ".join(messages), code="password_rejected", extra={"reasons": messages}
        )
        self.messages = messages


def password_check(*, password: str, user: User | None = None) -> None:
    """Refuse a password the validators reject (length, common, all digits, similar
    to the person's name or login)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise PasswordRejected([str(m) for m in exc.messages]) from exc


def user_password_set(*, user: User, password: str) -> None:
    """Check and set a new password; other sessions stop being valid (Django checks
    the password hash stored in each session)."""
    password_check(password=password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
