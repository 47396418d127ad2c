"""Log in by e-mail or by phone number with one password field."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from gridcare.accounts.models import User
from gridcare.core.text import normalize_phone


def user_find_by_login(login: str) -> User | None:
    """Return the user whose e-mail or phone equals `login`, or None."""
    login = (login or "").strip()
    if not login:
        return None
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    phone = normalize_phone(login)
    return User.objects.filter(phone=phone).first() if phone else None


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        login = username or kwargs.get("email") or kwargs.get("phone") or ""
        user = user_find_by_login(login)
        if user is None:
            # Run the hasher anyway so timing does not reveal which logins exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
