"""Writes on consumers: the personal-data access log and consents."""

from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.consumers.models import Consent, ConsentText, Consumer, PersonalDataAccess
from gridcare.core.errors import ApplicationError


def personal_data_access_log(
    *,
    user: object,
    consumer_id: int | None,
    action: str,
    object_type: str,
    object_id: object,
    ip_address: str | None = None,
) -> None:
    """Record that a staff member viewed a consumer's personal data (152-ФЗ ст. 19)."""
    PersonalDataAccess.objects.create(
        user=user,  # type: ignore[misc]
        consumer_id=consumer_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip_address=ip_address or None,
    )


def consent_give(
    *,
    consumer: Consumer,
    text: ConsentText,
    channel: str,
    ip_address: str | None = None,
) -> Consent:
    """Store a consent for one purpose and text version (a separate document, ✅ [R64])."""
    if text.valid_from > timezone.now():
        raise ApplicationError(_("Этот текст согласия ещё не действует."))
    return Consent.objects.create(
        consumer=consumer,
        text=text,
        given_at=timezone.now(),
        channel=channel,
        ip_address=ip_address or None,
    )


def consent_withdraw(*, consent: Consent) -> None:
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
