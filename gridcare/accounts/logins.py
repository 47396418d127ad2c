"""What a person types as a login: a Russian phone number or an e-mail address."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError
from gridcare.core.text import normalize_phone

EMAIL = "email"
PHONE = "phone"


@dataclass(frozen=True)
class Login:
    """A normalised login: `kind` is "email" or "phone", `value` is the lower-case
    e-mail or +7XXXXXXXXXX."""

    kind: str
    value: str

    @property
    def is_email(self) -> bool:
        return self.kind == EMAIL

    @property
    def masked(self) -> str:
        """The address shown back to the person: i***@example.ru, +7917***0001."""
        if self.is_email:
            name, _at, domain = self.value.partition("@")
            return f"{name[:1]}***@{domain}"
        return f"{self.value[:5]}***{self.value[-4:]}"


def login_parse(raw: str) -> Login:
    """Normalise a phone number or an e-mail address; refuse anything else."""
    text = (raw or "").strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise ApplicationError(
                _("Проверьте адрес e-mail."), code="invalid_login"
            ) from exc
        return Login(EMAIL, text.lower())
    phone = normalize_phone(text)
    if not phone:
        raise ApplicationError(
            _("Укажите телефон в формате +7 XXX XXX-XX-XX или адрес e-mail."),
            code="invalid_login",
        )
    return Login(PHONE, phone)


def login_key(raw: str) -> str:
    """A key of what was typed, for counting failed logins (never raises)."""
    text = (raw or "").strip()
    if "@" in text:
        return text.lower()[:254]
    return normalize_phone(text) or text.lower()[:254]
