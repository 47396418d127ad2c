"""The e-mail transport: real SMTP through Django's SMTP backend, one connection per
batch. With the SMTP backend the message is written straight to the open smtplib
connection (plain text, UTF-8, base64 body, RFC 2047 subject): building it through
the `email` package costs more than sending it in a mailing of 100 000. Any other
backend (console, locmem in development) gets an ordinary Django EmailMessage."""

import base64
import logging
import smtplib
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.utils import DNS_NAME

from gridcare.notifications.models import Channel, Notification
from gridcare.notifications.transports import TransportError

logger = logging.getLogger(__name__)
CRLF = "\r\n"


def _encode_header(value: str) -> str:
    if value.isascii():
        return value
    return Header(value, "utf-8", maxlinelen=76).encode(linesep=CRLF)


class EmailTransport:
    """SMTP e-mail; one connection serves the whole batch (reopened once if dropped)."""

    channel = Channel.EMAIL
    name = "smtp"

    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)
        name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        self.sender = address
        self.from_header = (
            formataddr((name, address), charset="utf-8") if name else address
        )
        self.domain = str(DNS_NAME)
        self.subjects: dict[str, str] = {}

    def open(self) -> None:
        self.connection.open()

    def _headers(
        self, notification: Notification, message_id: str
    ) -> list[tuple[str, str]]:
        subject = self.subjects.get(notification.subject)
        if subject is None:
            subject = self.subjects[notification.subject] = _encode_header(
                notification.subject
            )
        headers = [
            ("From", self.from_header),
            ("To", notification.address),
            ("Subject", subject),
            ("Date", formatdate(localtime=True)),
            ("Message-ID", message_id),
            ("Auto-Submitted", "auto-generated"),
        ]
        if notification.unsubscribe_link:
            # RFC 2369 / RFC 8058: mail clients show a one-click «unsubscribe».
            headers.append(("List-Unsubscribe", f"<{notification.unsubscribe_link}>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        return headers

    def _raw(self, notification: Notification, message_id: str) -> bytes:
        body = base64.encodebytes(notification.body.encode("utf-8")).decode("ascii")
        lines = [f"{k}: {v}" for k, v in self._headers(notification, message_id)]
        lines += [
            "MIME-Version: 1.0",
            'Content-Type: text/plain; charset="utf-8"',
            "Content-Transfer-Encoding: base64",
            "",
            body.replace("\n", CRLF),
        ]
        return CRLF.join(lines).encode("ascii")

    def send(self, notification: Notification) -> str:
        message_id = make_msgid(domain=self.domain)
        if not isinstance(self.connection, SmtpBackend):
            return self._send_django(notification, message_id)
        raw = self._raw(notification, message_id)
        try:
            self._sendmail(notification.address, raw)
        except smtplib.SMTPServerDisconnected:
            self.close()
            self.open()
            self._sendmail(notification.address, raw)
        return message_id

    def _sendmail(self, to: str, raw: bytes) -> None:
        smtp = self.connection.connection
        if smtp is None:
            raise smtplib.SMTPServerDisconnected("not connected")
        try:
            smtp.sendmail(self.sender, [to], raw)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            # 5xx: the address does not exist — retrying will not help.
            raise TransportError(f"{code} {reply!r}", permanent=code >= 500) from exc
        except smtplib.SMTPResponseException as exc:
            raise TransportError(
                f"{exc.smtp_code} {exc.smtp_error!r}", permanent=exc.smtp_code >= 550
            ) from exc

    def _send_django(self, notification: Notification, message_id: str) -> str:
        headers = dict(self._headers(notification, message_id)[3:])
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            to=[notification.address],
            headers=headers,
            connection=self.connection,
        )
        if not self.connection.send_messages([message]):
            raise TransportError("Письмо не принято")
        return message_id

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # closing a broken connection must not hide the result
            logger.debug("SMTP close failed", exc_info=True)
