"""Paper mail: a letter received by post is registered with its scan as an appeal
(channel «Почта», answered by post); answers go out as PDF letters listed in the day's
mailing register (реестр почтовых отправлений), tracking numbers entered later."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals.attachments import attachments_validate
from gridcare.appeals.codes import AnswerChannel, Channel, Kind, Status
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.written_channels.letters_pdf import letter_pdf
from gridcare.written_channels.models import OutgoingLetter, PostalLetter
from gridcare.written_channels.services.remote import (
    remote_centre_for,
    remote_queue_enqueue,
)

SCAN_TYPES = frozenset({"application/pdf", "image/jpeg"})
# Russian Post tracking numbers: 14 digits inside Russia, 13 characters
# (two letters, nine digits, two letters) abroad.
TRACKING_RE = re.compile(r"^(\d{14}|[A-Z]{2}\d{9}[A-Z]{2})$")


@dataclass
class PostalLetterInput:
    sender_name: str
    sender_address: str
    postmark_date: date
    received_on: date
    category: str
    topic: str
    summary: str
    scan: UploadedFile | None
    kind: str = Kind.APPEAL
    contact_phone: str = ""
    contact_email: str = ""


def _received_at(day: date) -> datetime:
    """Noon of the day of receipt (the hour is not recorded on paper), never later
    than now."""
    moment = timezone.make_aware(datetime.combine(day, time(12, 0)))
    return min(moment, timezone.now())


def postal_letter_register(*, actor: object, data: PostalLetterInput) -> PostalLetter:
    """Register a paper letter and its scan (PDF or JPEG) as an appeal."""
    if not has_right(actor, Right.APPEAL_REGISTER):
        raise PermissionDeniedError()
    if data.scan is None:
        raise ApplicationError("Приложите скан письма.", code="scan_required")
    [(_scan, content_type)] = attachments_validate([data.scan])
    if content_type not in SCAN_TYPES:
        raise ApplicationError("Скан письма — файл PDF или JPEG.", code="scan_type")
    today = timezone.localdate()
    if data.received_on > today:
        raise ApplicationError(
            "Дата получения не может быть в будущем.", code="received_future"
        )
    if data.postmark_date > data.received_on:
        raise ApplicationError(
            "Дата на штемпеле не может быть позже даты получения.",
            code="postmark_after_receipt",
        )
    if not (data.sender_address or "").strip():
        raise ApplicationError(
            "Укажите почтовый адрес отправителя: ответ уходит по почте.",
            code="address_required",
        )
    centre = remote_centre_for(branch_id=getattr(actor, "branch_id", None))
    with transaction.atomic():
        appeal = appeal_receive(
            actor=actor,
            data=AppealInput(
                channel=Channel.POST,
                category=data.category,
                topic=data.topic,
                kind=data.kind,
                text=data.summary,
                contact_name=data.sender_name,
                contact_postal_address=data.sender_address,
                contact_phone=data.contact_phone,
                contact_email=data.contact_email,
                answer_channel=AnswerChannel.POST,
                office=centre,
                received_at=_received_at(data.received_on),
                files=[data.scan],
            ),
        )
        letter = PostalLetter.objects.create(
            appeal=appeal,
            sender_name=appeal.contact_name,
            sender_address=appeal.contact_postal_address,
            postmark_date=data.postmark_date,
            registered_by=actor,  # type: ignore[misc]
            created_at=timezone.now(),
        )
        remote_queue_enqueue(appeal=appeal, office=centre)
    return letter


def outgoing_letter_create(
    *, actor: object, appeal: Appeal, mailing_date: date | None = None
) -> OutgoingLetter:
    """Make the PDF letter with the answer on the merits and put it in the mailing
    register of `mailing_date` (today by default)."""
    if not has_right(actor, Right.APPEAL_WORK):
        raise PermissionDeniedError()
    if appeal.status not in (Status.ANSWERED, Status.CLOSED) or not appeal.answer_text:
        raise ConflictError(
            "Письмо можно подготовить только после ответа по существу.",
            code="not_answered",
        )
    if not appeal.contact_postal_address:
        raise ApplicationError(
            "У заявителя не указан почтовый адрес.", code="address_required"
        )
    mailing_date = mailing_date or timezone.localdate()
    if mailing_date < timezone.localdate():
        raise ApplicationError(
            "Дата отправки не может быть в прошлом.", code="mailing_date_past"
        )
    letter = OutgoingLetter(
        appeal=appeal,
        recipient_name=appeal.contact_name,
        recipient_address=appeal.contact_postal_address,
        text=appeal.answer_text,
        mailing_date=mailing_date,
        created_by=actor,  # type: ignore[misc]
        created_at=timezone.now(),
    )
    content = letter_pdf(letter)
    with transaction.atomic():
        letter.pdf.save(
            f"{appeal.number}-{timezone.now():%H%M%S}.pdf",
            ContentFile(content),
            save=False,
        )
        letter.save()
    return letter


def outgoing_letter_set_tracking(
    *, actor: object, letter: OutgoingLetter, tracking_number: str
) -> OutgoingLetter:
    """Record the tracking number (ШПИ) the post office gave the letter."""
    if not has_right(actor, Right.APPEAL_WORK):
        raise PermissionDeniedError()
    value = re.sub(r"\s", "", tracking_number or "").upper()
    if not TRACKING_RE.match(value):
        raise ApplicationError(
            "Почтовый идентификатор — 14 цифр или 13 знаков вида RA123456789RU.",
            code="tracking_invalid",
        )
    letter.tracking_number = value
    letter.save(update_fields=["tracking_number"])
    return letter
