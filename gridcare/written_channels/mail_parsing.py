"""Reading an e-mail: sender, subject, the text (plain preferred, HTML stripped, any
declared charset such as koi8-r or windows-1251), attachments, and the registration
number an answer quotes in its subject."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile

# A registration number of the registry, '26-0000123' (gridcare.appeals.registration).
NUMBER_RE = re.compile(r"(?<!\d)(\d{2}-\d{7})(?!\d)")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table"}


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML body, paragraphs on their own lines."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass
class ParsedEmail:
    message_id: str
    sender_email: str
    sender_name: str
    subject: str
    text: str
    sent_at: datetime | None
    files: list[SimpleUploadedFile] = field(default_factory=list)

    @property
    def quoted_number(self) -> str:
        """The registration number in the subject ('Re: Обращение № 26-0000123')."""
        found = NUMBER_RE.search(self.subject)
        return found.group(1) if found else ""


def _decode(part: EmailMessage) -> str:
    try:
        return str(part.get_content())
    except (LookupError, UnicodeDecodeError):
        # An unknown or lying charset: keep what can be read.
        raw = part.get_payload(decode=True) or b""
        return raw.decode("utf-8", errors="replace")  # type: ignore[union-attr]


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    text = _decode(body)  # type: ignore[arg-type]
    if body.get_content_subtype() == "html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n").strip()


def email_parse(raw: bytes) -> ParsedEmail:
    """Parse a raw RFC 5322 message."""
    message: EmailMessage = message_from_bytes(raw, policy=policy.default)  # type: ignore[assignment]
    addresses = getaddresses([str(message.get("From", ""))])
    name, address = addresses[0] if addresses else ("", "")
    try:
        sent_at = (
            parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
        )
    except (TypeError, ValueError):
        sent_at = None
    if sent_at is not None and sent_at.tzinfo is None:
        sent_at = None
    files = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        filename = part.get_filename() or "вложение"
        files.append(
            SimpleUploadedFile(filename, payload, content_type=part.get_content_type())
        )
    message_id = str(message.get("Message-ID", "") or "").strip()
    return ParsedEmail(
        message_id=message_id,
        sender_email=address.strip().lower(),
        sender_name=name.strip(),
        subject=" ".join(str(message.get("Subject", "") or "").split()),
        text=_text_of(message),
        sent_at=sent_at,
        files=files,
    )
