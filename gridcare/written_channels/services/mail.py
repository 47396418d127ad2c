"""E-mail into the registry: a message becomes a new appeal, or the consumer's reply
to the appeal whose registration number its subject quotes."""

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gridcare.appeals.attachments import attachments_validate
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import (
    AppealInput,
    appeal_consumer_reply,
    appeal_receive,
)
from gridcare.consumers.models import Consumer
from gridcare.core.errors import ApplicationError
from gridcare.written_channels.mail_parsing import ParsedEmail, email_parse
from gridcare.written_channels.models import InboundEmail, Mailbox
from gridcare.written_channels.services.remote import (
    consumer_branch_id,
    remote_centre_for,
    remote_queue_enqueue,
)


def files_split(files: list[UploadedFile]) -> tuple[list[UploadedFile], list[str]]:
    """Keep the files the registry accepts; say in Russian why each other one was not
    taken (the message itself is still registered)."""
    accepted: list[UploadedFile] = []
    notes: list[str] = []
    for upload in files:
        if len(accepted) >= settings.UPLOAD_MAX_FILES:
            notes.append(
                f"Вложение «{upload.name}» не принято: больше "
                f"{settings.UPLOAD_MAX_FILES} файлов."
            )
            continue
        try:
            attachments_validate([upload])
        except ApplicationError as exc:
            notes.append(f"Вложение не принято. {exc.message}")
            continue
        accepted.append(upload)
    return accepted, notes


def _with_notes(text: str, notes: list[str]) -> str:
    return "\n\n".join(part for part in (text, "\n".join(notes)) if part)


def _consumer_by_email(address: str) -> Consumer | None:
    matches = list(Consumer.objects.filter(email__iexact=address)[:2])
    return matches[0] if len(matches) == 1 else None


def _thread_target(parsed: ParsedEmail, notes: list[str]) -> Appeal | None:
    """The appeal this message answers: its number in the subject and the same
    sender as the appeal's; anyone else quoting a number files a new appeal."""
    number = parsed.quoted_number
    if not number:
        return None
    appeal = Appeal.objects.select_related("consumer").filter(number=number).first()
    owners = {
        (appeal.contact_email or "").lower() if appeal else "",
        (appeal.consumer.email or "").lower() if appeal and appeal.consumer else "",
    } - {""}
    if appeal is None or parsed.sender_email not in owners:
        notes.append(
            f"В теме указан номер {number}, но такого обращения этого отправителя нет: "
            "письмо зарегистрировано как новое обращение."
        )
        return None
    return appeal


def _new_appeal(
    parsed: ParsedEmail, files: list[UploadedFile], notes: list[str]
) -> Appeal:
    consumer = _consumer_by_email(parsed.sender_email)
    centre = remote_centre_for(branch_id=consumer_branch_id(consumer))
    text = parsed.text or "Текст обращения — во вложенных файлах."
    appeal = appeal_receive(
        actor=None,
        data=AppealInput(
            channel=Channel.EMAIL,
            category=Category.OTHER,
            topic=Topic.GENERAL,
            text=_with_notes(text, notes),
            subject=parsed.subject,
            contact_name=(consumer.name if consumer else "")
            or parsed.sender_name
            or parsed.sender_email,
            contact_email=parsed.sender_email,
            answer_channel=AnswerChannel.EMAIL,
            consumer=consumer,
            office=centre,
            received_at=min(parsed.sent_at, timezone.now()) if parsed.sent_at else None,
            external_id=parsed.message_id[:64],
            files=files,
        ),
    )
    remote_queue_enqueue(appeal=appeal, office=centre)
    return appeal


def inbound_email_register(*, mailbox: Mailbox, raw: bytes) -> InboundEmail:
    """Register one raw message from `mailbox`; a message seen before (same
    Message-ID) returns its first record and changes nothing. A message the registry
    refuses (no usable sender, empty) is recorded as rejected with the reason."""
    parsed = email_parse(raw)
    message_id = parsed.message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    existing = InboundEmail.objects.filter(
        mailbox=mailbox, message_id=message_id
    ).first()
    if existing is not None:
        return existing
    files, notes = files_split(parsed.files)
    record = InboundEmail(
        mailbox=mailbox,
        message_id=message_id,
        sender=parsed.sender_email[:320],
        subject=parsed.subject[:300],
        received_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            if not parsed.text and not files:
                raise ApplicationError(
                    "Письмо без текста и без принятых вложений.", code="empty_message"
                )
            target = _thread_target(parsed, notes)
            if target is not None:
                try:
                    appeal_consumer_reply(
                        actor=None,
                        appeal=target,
                        text=_with_notes(parsed.text, notes),
                        files=files,
                    )
                    record.outcome, record.appeal = InboundEmail.Outcome.REPLY, target
                except ApplicationError as exc:
                    notes.append(f"{exc.message} Письмо зарегистрировано как новое.")
                    target = None
            if target is None:
                record.appeal = _new_appeal(parsed, files, notes)
                record.outcome = InboundEmail.Outcome.APPEAL
            record.notes = "\n".join(notes)
            record.save()
    except ApplicationError as exc:
        record.outcome, record.appeal = InboundEmail.Outcome.REJECTED, None
        record.notes = "\n".join([exc.message, *notes])
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            return InboundEmail.objects.get(mailbox=mailbox, message_id=message_id)
    except IntegrityError:
        # Another poller registered the same message first.
        return InboundEmail.objects.get(mailbox=mailbox, message_id=message_id)
    return record
