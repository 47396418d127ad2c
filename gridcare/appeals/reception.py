"""Links of the internet reception: the e-mail confirmation link (signed, expires)
and the tracking link (signed, does not expire), and the one lookup of a reception
appeal by its tracking link. A token names exactly one appeal and cannot be forged, so
a tracking page never reveals another appeal."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from gridcare.appeals.models import ReceptionRequest
from gridcare.core.errors import ApplicationError, NotFoundError

CONFIRM_SALT = "appeals.reception.confirm"
TRACK_SALT = "appeals.reception.track"


def confirm_hours() -> int:
    """How long the confirmation link is valid (default 24 hours)."""
    return int(getattr(settings, "RECEPTION_CONFIRM_HOURS", 24))


def confirm_token(request: ReceptionRequest) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object({"r": request.pk})


def confirm_link(request: ReceptionRequest) -> str:
    return settings.SITE_URL + reverse(
        "appeals:reception_confirm", args=[confirm_token(request)]
    )


def tracking_token(request: ReceptionRequest) -> str:
    """The same token every time for the same appeal (it is in every message)."""
    return signing.Signer(salt=TRACK_SALT).sign_object({"r": request.pk})


def tracking_link(request: ReceptionRequest) -> str:
    return settings.SITE_URL + reverse(
        "appeals:reception_track", args=[tracking_token(request)]
    )


class ConfirmLinkExpired(ApplicationError):
    status_code = 410


def _request_id(token: str, *, salt: str, max_age: int | None = None) -> int:
    if max_age is None:
        value = signing.Signer(salt=salt).unsign_object(token)
    else:
        value = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    if not isinstance(value, dict) or not isinstance(value.get("r"), int):
        raise signing.BadSignature("bad payload")
    return int(value["r"])


def reception_request_id_from_confirm_token(token: str) -> int:
    """The request a confirmation link names; raise if forged or expired."""
    try:
        return _request_id(token, salt=CONFIRM_SALT, max_age=confirm_hours() * 3600)
    except signing.SignatureExpired as exc:
        raise ConfirmLinkExpired(
            "Срок действия ссылки истёк. Отправьте обращение заново.",
            code="link_expired",
        ) from exc
    except signing.BadSignature as exc:
        raise NotFoundError(_("Ссылка недействительна.")) from exc


def reception_get_by_tracking_token(*, token: str) -> ReceptionRequest:
    """Return the confirmed reception appeal the tracking link names, else
    NotFoundError (forged links and unconfirmed appeals alike)."""
    try:
        request_id = _request_id(token, salt=TRACK_SALT)
    except signing.BadSignature as exc:
        raise NotFoundError(_("Обращение не найдено.")) from exc
    request = (
        ReceptionRequest.objects.select_related("appeal")
        .filter(pk=request_id, confirmed_at__isnull=False)
        .first()
    )
    if request is None:
        raise NotFoundError(_("Обращение не найдено."))
    return request


def reception_tracking_link_for_appeal(appeal: object) -> str:
    """The tracking link of a confirmed reception appeal; '' for any other appeal."""
    request = ReceptionRequest.objects.filter(
        appeal_id=getattr(appeal, "pk", None), confirmed_at__isnull=False
    ).first()
    return tracking_link(request) if request else ""
