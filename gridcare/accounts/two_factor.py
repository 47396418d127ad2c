"""Two-factor login for staff: a TOTP app code after the password (django-otp).

Modes (setting STAFF_TWO_FACTOR): `required` — every staff member sets up an
authenticator app before the back office opens (production default); `enrolled` —
only those who set one up are asked for codes (the embedded demo default); `off`.
Consumers are never asked: their login is confirmed by a one-time code at sign-up."""

import base64
from urllib.parse import quote

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.core.errors import ApplicationError

REQUIRED = "required"
ENROLLED = "enrolled"
OFF = "off"
MODES = (REQUIRED, ENROLLED, OFF)


def mode() -> str:
    return settings.STAFF_TWO_FACTOR


def applies_to(user: object) -> bool:
    """Staff (anyone but a consumer) in a mode that asks for codes."""
    return (
        mode() != OFF
        and getattr(user, "is_authenticated", False)
        and not getattr(user, "is_consumer", True)
    )


def needs_code(user: object) -> bool:
    """A second step is due: the person has a confirmed authenticator."""
    return applies_to(user) and user_has_device(user, confirmed=True)


def needs_setup(user: object) -> bool:
    """The back office stays closed until an authenticator is set up."""
    return (
        applies_to(user)
        and mode() == REQUIRED
        and not user_has_device(user, confirmed=True)
    )


def code_verify(*, request: HttpRequest, code: str) -> None:
    """Check the code of the signed-in person's authenticator and mark the session
    verified; refuse in Russian (django-otp slows down repeated failures)."""
    device = match_token(request.user, (code or "").replace(" ", ""))
    if device is None:
        raise ApplicationError(
            _("Код не подошёл. Введите шесть цифр из приложения-аутентификатора."),
            code="otp_invalid",
        )
    otp_login(request, device)


def token_code_check(*, user: object, code: str) -> None:
    """For the API token endpoint: staff with an authenticator give its code too."""
    if not needs_code(user):
        if needs_setup(user):
            raise ApplicationError(
                _("Сначала настройте вход с кодом в бэк-офисе, затем получите токен."),
                code="otp_setup_required",
            )
        return
    code = (code or "").replace(" ", "")
    # An empty code is a missing field, not a guess: it must not start the throttle.
    if not code or match_token(user, code) is None:
        raise ApplicationError(
            _("Нужен верный код из приложения-аутентификатора (поле otp)."),
            code="otp_invalid",
        )


def setup_device(user: object) -> TOTPDevice:
    """The person's unconfirmed authenticator being set up (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Приложение-аутентификатор"), confirmed=False
    )


def setup_qr(device: TOTPDevice, *, account: str) -> tuple[str, str]:
    """The otpauth URI as an SVG QR code (data URI) and the secret for typing in."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    issuer = quote(settings.COMPANY_NAME)
    uri = (
        f"otpauth://totp/{issuer}:{quote(account)}?secret={secret}"
        f"&issuer={issuer}&digits={device.digits}&period={device.step}"
    )
    return segno.make(uri, error="m").svg_data_uri(scale=4), secret


@transaction.atomic
def setup_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> None:
    """Confirm a new authenticator by its first code; others of the person go."""
    if not device.verify_token((code or "").replace(" ", "")):
        raise ApplicationError(
            _("Код не подошёл. Проверьте время на телефоне и введите новый код."),
            code="otp_invalid",
        )
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
