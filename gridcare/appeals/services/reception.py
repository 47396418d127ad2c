"""The internet reception (интернет-приёмная): an appeal from a person without an
account. Sending writes the appeal unregistered and mails a confirmation link; opening
the link registers it (number and deadline start then: the registry counts deadlines
from registration, and an unconfirmed address may belong to someone else)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.appeals import flood
from gridcare.appeals.codes import AnswerChannel, Channel, Kind, Status
from gridcare.appeals.models import AppealEvent, ReceptionRequest
from gridcare.appeals.reception import (
    confirm_hours,
    confirm_link,
    reception_request_id_from_confirm_token,
    tracking_link,
)
from gridcare.appeals.self_service import RECEPTION_ANSWER_CHANNELS, category_for
from gridcare.appeals.services.common import lock_appeal
from gridcare.appeals.services.intake import (
    AppealInput,
    appeal_receive,
    appeal_register,
)
from gridcare.consumers.models import ConsentPurpose, ConsentText
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.notifications.models import Channel as NotificationChannel
from gridcare.notifications.services import notification_send


@dataclass
class ReceptionInput:
    """The internet-reception form as sent."""

    topic: str
    text: str
    contact_name: str
    contact_email: str
    consent: bool
    kind: str = Kind.APPEAL
    subject: str = ""
    contact_phone: str = ""
    contact_postal_address: str = ""
    address_text: str = ""
    answer_channel: str = AnswerChannel.EMAIL
    files: Sequence[UploadedFile] = field(default_factory=list)


@dataclass(frozen=True)
class FloodCheck:
    """What the flood guard needs from the request."""

    ip: str | None
    started: str
    honeypot: str = ""


def consent_text_current() -> ConsentText | None:
    """The consent text for considering appeals valid now (newest version)."""
    return (
        ConsentText.objects.filter(
            purpose=ConsentPurpose.SERVICE, valid_from__lte=timezone.now()
        )
        .order_by("-version")
        .first()
    )


def _check(data: ReceptionInput) -> None:
    if not data.consent:
        raise ApplicationError(
            _(
                "Без согласия на обработку персональных данных обращение рассмотреть "
                "нельзя."
            ),
            code="consent_required",
        )
    if not (data.contact_email or "").strip():
        raise ApplicationError(
            _("Укажите e-mail: на него придёт ссылка для подтверждения."),
            code="email_required",
        )
    if data.answer_channel not in RECEPTION_ANSWER_CHANNELS:
        raise ApplicationError(
            _("Без личного кабинета ответ приходит по электронной почте или почтой."),
            code="answer_channel_invalid",
        )
    if data.kind not in (Kind.APPEAL, Kind.COMPLAINT):
        raise ApplicationError(_("Неизвестный вид обращения."), code="invalid_code")


def reception_submit(*, data: ReceptionInput, guard: FloodCheck) -> ReceptionRequest:
    """Take an appeal from the internet reception: check the flood guard, write the
    appeal unregistered (status «new») with its files and consent, and mail the
    confirmation link after commit. Bad input or a refusal writes nothing."""
    flood.check_honeypot(guard.honeypot)
    flood.check_fill_time(guard.started)
    flood.check_ip_rate(guard.ip)
    _check(data)
    email = data.contact_email.strip()
    flood.check_email_rate(email)
    now = timezone.now()
    consent_text = consent_text_current()
    with transaction.atomic():
        appeal = appeal_receive(
            actor=None,
            data=AppealInput(
                channel=Channel.INTERNET_RECEPTION,
                category=category_for(topic=data.topic, kind=data.kind),
                topic=data.topic,
                kind=data.kind,
                text=data.text,
                subject=data.subject,
                contact_name=data.contact_name,
                contact_email=email,
                contact_phone=data.contact_phone,
                contact_postal_address=data.contact_postal_address,
                address_text=data.address_text,
                answer_channel=data.answer_channel,
                files=data.files,
            ),
            register=False,
        )
        request = ReceptionRequest.objects.create(
            appeal=appeal,
            email=appeal.contact_email,
            ip_address=guard.ip or None,
            consent_text=consent_text,
            consent_given_at=now,
            created_at=now,
        )
        transaction.on_commit(lambda: _send_confirmation(request.pk))
    flood.count_email(email)
    return request


def _send_confirmation(request_id: int) -> None:
    request = ReceptionRequest.objects.select_related("appeal").get(pk=request_id)
    link = confirm_link(request)
    notification_send(
        event="reception_confirm",
        context={
            "appeal": request.appeal,
            "link": link,
            "hours": confirm_hours(),
            "company": settings.COMPANY_NAME,
        },
        channels=[NotificationChannel.EMAIL],
        email=request.email,
        link=link,
        dedup_key=f"reception:{request.pk}:confirm",
    )


def _send_tracking_link(request_id: int) -> None:
    request = ReceptionRequest.objects.select_related("appeal").get(pk=request_id)
    link = tracking_link(request)
    notification_send(
        event="reception_registered",
        context={
            "appeal": request.appeal,
            "link": link,
            "company": settings.COMPANY_NAME,
        },
        channels=[NotificationChannel.EMAIL],
        email=request.email,
        link=link,
        dedup_key=f"reception:{request.pk}:registered",
    )


def reception_confirm(*, token: str) -> ReceptionRequest:
    """Confirm the e-mail by the link and register the appeal (new → registered).

    Opening the link again is harmless: the appeal stays as it is. A forged link is
    NotFoundError; an expired one ConfirmLinkExpired, and the appeal stays unregistered
    (and is deleted by `reception_discard_unconfirmed`)."""
    request_id = reception_request_id_from_confirm_token(token)
    with transaction.atomic():
        request = (
            ReceptionRequest.objects.select_for_update()
            .select_related("appeal")
            .filter(pk=request_id)
            .first()
        )
        if request is None:  # discarded after the link expired
            raise NotFoundError(_("Ссылка недействительна."))
        if request.confirmed_at is not None:
            return request
        request.confirmed_at = timezone.now()
        request.save(update_fields=["confirmed_at"])
        appeal_register(actor=None, appeal=request.appeal)
        if request.appeal.answer_channel != AnswerChannel.EMAIL:
            # The registration notice goes by e-mail only when the answer does
            # (appeals.notices); the tracking link must reach the person anyway.
            transaction.on_commit(lambda: _send_tracking_link(request.pk))
    request.appeal.refresh_from_db()
    return request


def reception_discard_unconfirmed(*, now: datetime | None = None) -> int:
    """Delete the submissions whose e-mail was not confirmed before the link expired,
    with their files; return how many. They never became appeals (no number, never
    in a queue), and personal data whose purpose cannot be reached is destroyed
    (152-ФЗ ст. 21)."""
    cutoff = (now or timezone.now()) - timedelta(hours=confirm_hours())
    count = 0
    stale = ReceptionRequest.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).values_list("pk", flat=True)
    for request_id in list(stale):
        with transaction.atomic():
            request = (
                ReceptionRequest.objects.select_for_update()
                .filter(pk=request_id, confirmed_at__isnull=True)
                .first()
            )
            if request is None:
                continue
            appeal = lock_appeal(request.appeal)
            if appeal.status != Status.NEW:
                continue
            files = [a.file.name for a in appeal.attachments.all()]
            request.delete()
            AppealEvent.objects.filter(appeal=appeal).delete()
            appeal.delete()  # messages and attachments rows cascade
            transaction.on_commit(lambda names=files: _delete_files(names))
            count += 1
    return count


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
