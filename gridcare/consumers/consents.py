"""Consents to personal-data processing, one separate document per purpose (152-ФЗ
ст. 9 as amended by 156-ФЗ, from 01.09.2025 ✅ [R64]): never pre-ticked, optional
purposes never required, each consent tied to the text version the person saw.

Texts are data (`ConsentText`, versioned, edited in /admin/); the one marked
`is_required` is the purpose without which the service is impossible."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.consumers.models import Consent, ConsentPurpose, ConsentText, Consumer
from gridcare.consumers.services import consent_give, consent_withdraw
from gridcare.core.errors import ApplicationError, ConflictError, NotFoundError


def consent_texts_current() -> dict[str, ConsentText]:
    """The text in force for each purpose (the latest version already valid), in the
    order of ConsentPurpose."""
    now = timezone.now()
    latest: dict[str, ConsentText] = {}
    for text in ConsentText.objects.filter(valid_from__lte=now).order_by(
        "purpose", "-version"
    ):
        latest.setdefault(text.purpose, text)
    return {p.value: latest[p.value] for p in ConsentPurpose if p.value in latest}


@dataclass(frozen=True)
class ConsentState:
    """One purpose on the consents page: the text in force and the person's consent."""

    purpose: str
    label: str
    text: ConsentText
    consent: Consent | None

    @property
    def is_required(self) -> bool:
        return self.text.is_required

    @property
    def is_given(self) -> bool:
        return self.consent is not None

    @property
    def needs_renewal(self) -> bool:
        """Given for an older version of the text."""
        return self.consent is not None and self.consent.text_id != self.text.pk


def _active_consents(consumer: Consumer) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(consumer=consumer, withdrawn_at=None)
        .select_related("text")
        .order_by("-given_at", "-id")
    )


def consent_states_for_consumer(*, consumer: Consumer) -> list[ConsentState]:
    """Every purpose with its current text and the consumer's consent in force."""
    given: dict[str, Consent] = {}
    for consent in _active_consents(consumer):
        given.setdefault(consent.text.purpose, consent)
    return [
        ConsentState(
            purpose=purpose,
            label=text.get_purpose_display(),
            text=text,
            consent=given.get(purpose),
        )
        for purpose, text in consent_texts_current().items()
    ]


def consent_list_for_consumer(*, consumer: Consumer) -> QuerySet[Consent]:
    """Every consent of the consumer, given and withdrawn, newest first."""
    return (
        Consent.objects.filter(consumer=consumer)
        .select_related("text")
        .order_by("-given_at", "-id")
    )


def consent_get_for_user(*, user: object, consent_id: int) -> Consent:
    """The user's own consent; NotFoundError for anyone else's."""
    consent = (
        Consent.objects.select_related("text", "consumer")
        .filter(pk=consent_id, consumer__user=user)  # type: ignore[misc]
        .first()
    )
    if consent is None:
        raise NotFoundError(_("Согласие не найдено."))
    return consent


def consumer_consent_give(
    *, consumer: Consumer, purpose: str, channel: str, ip_address: str | None = None
) -> Consent:
    """Give the consent for `purpose` on the text in force. A consent already in
    force on that text is returned as is; one on an older text is replaced."""
    text = consent_texts_current().get(purpose)
    if text is None:
        raise ApplicationError(
            _("Неизвестная цель согласия: %(purpose)s.") % {"purpose": purpose},
            code="consent_unknown",
        )
    with transaction.atomic():
        Consumer.objects.select_for_update().filter(pk=consumer.pk).first()
        current = _active_consents(consumer).filter(text__purpose=purpose)
        same = current.filter(text=text).first()
        if same is not None:
            return same
        for old in current:
            consent_withdraw(consent=old)
        return consent_give(
            consumer=consumer, text=text, channel=channel, ip_address=ip_address
        )


def consumer_consent_withdraw(*, consent: Consent) -> Consent:
    """Withdraw an optional consent; withdrawing twice changes nothing. The consent
    required for the service is withdrawn by a written application (processing stops
    and the personal account is closed), not by a click."""
    if consent.text.is_required:
        raise ConflictError(
            _(
                "Согласие на обработку данных для обслуживания отзывается письменным "
                "заявлением в офисе обслуживания или через обращение: после отзыва мы "
                "прекратим обработку данных и закроем личный кабинет."
            ),
            code="consent_required",
        )
    consent_withdraw(consent=consent)
    return consent
