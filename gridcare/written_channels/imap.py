"""Polling a mailbox over IMAP (imap-tools): UNSEEN messages are registered one by one,
and each is marked \\Seen (or moved) only after its registration has committed, so a
crash or a refused write leaves it for the next poll."""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from imap_tools import AND, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.consts import MailMessageFlags

from gridcare.core.env import env_secret
from gridcare.core.errors import ApplicationError
from gridcare.written_channels.models import InboundEmail, Mailbox
from gridcare.written_channels.services.mail import inbound_email_register

logger = logging.getLogger("gridcare.written_channels")

IMAP_TIMEOUT_SECONDS = 30


@dataclass
class PollResult:
    fetched: int = 0
    appeals: int = 0
    replies: int = 0
    rejected: int = 0
    failed: int = 0


def _connect(mailbox: Mailbox) -> MailBox:
    password = env_secret(mailbox.password_env) if mailbox.password_env else ""
    if not password:
        raise ApplicationError(
            f"Не задан пароль ящика «{mailbox.name}»: переменная окружения "
            f"{mailbox.password_env or '(не указана)'} пуста.",
            code="mailbox_password_missing",
        )
    kinds = {
        Mailbox.Security.SSL: MailBox,
        Mailbox.Security.STARTTLS: MailBoxStartTls,
        Mailbox.Security.NONE: MailBoxUnencrypted,
    }
    box = kinds[Mailbox.Security(mailbox.security)](
        mailbox.host, port=mailbox.port, timeout=IMAP_TIMEOUT_SECONDS
    )
    return box.login(mailbox.login, password, initial_folder=mailbox.folder)


def _raw(box: MailBox, uid: str) -> bytes:
    # BODY.PEEK leaves \Seen alone until the message is registered.
    status, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
    for item in data if status == "OK" else []:
        if isinstance(item, tuple):
            return bytes(item[1])
    return b""


def _done(box: MailBox, mailbox: Mailbox, uid: str) -> None:
    if mailbox.processed_folder:
        box.move(uid, mailbox.processed_folder)
    else:
        box.flag(uid, MailMessageFlags.SEEN, True)


def mailbox_poll(*, mailbox: Mailbox) -> PollResult:
    """Register every UNSEEN message of the mailbox's folder. Runs in autocommit
    (a command or a task), so each registration is committed when it returns."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("mailbox_poll marks messages only after commit")
    result = PollResult()
    with _connect(mailbox) as box:
        for uid in box.uids(AND(seen=False)):
            result.fetched += 1
            raw = _raw(box, uid)
            try:
                record = inbound_email_register(mailbox=mailbox, raw=raw)
            except Exception:  # the next poll retries it; others go on
                logger.exception("mailbox %s: message uid %s failed", mailbox.pk, uid)
                result.failed += 1
                continue
            _done(box, mailbox, uid)
            if record.outcome == InboundEmail.Outcome.APPEAL:
                result.appeals += 1
            elif record.outcome == InboundEmail.Outcome.REPLY:
                result.replies += 1
            else:
                result.rejected += 1
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now())
    return result


def mailboxes_poll() -> dict[str, PollResult]:
    """Poll every active mailbox; a mailbox that cannot be reached is logged."""
    results = {}
    for mailbox in Mailbox.objects.filter(is_active=True).order_by("pk"):
        try:
            results[str(mailbox)] = mailbox_poll(mailbox=mailbox)
        except Exception as exc:
            logger.error("mailbox %s: %s", mailbox.pk, exc)
    return results
