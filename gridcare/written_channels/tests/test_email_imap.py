"""E-mail intake against a real IMAP server (dovecot started by the fixture): messages
delivered by APPEND become appeals or replies, are marked \\Seen only after the
registration committed, and a re-poll never duplicates."""

import imaplib
from collections.abc import Iterator
from email.header import Header
from email.message import EmailMessage
from email.mime.text import MIMEText
from typing import Any

import pytest

from gridcare.appeals.codes import Channel, Status
from gridcare.appeals.models import Appeal, AppealMessage
from gridcare.written_channels import imap as imap_module
from gridcare.written_channels.imap import mailbox_poll
from gridcare.written_channels.models import InboundEmail, RemoteAssignment
from gridcare.written_channels.tests.conftest import PDF_BYTES, ImapServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def inbox(imap_server: ImapServer) -> Iterator[imaplib.IMAP4]:
    client = imaplib.IMAP4(imap_server.host, imap_server.port)
    client.login(imap_server.user, imap_server.password)
    client.select("INBOX")
    _empty(client)
    yield client
    _empty(client)
    client.logout()


def _empty(client: imaplib.IMAP4) -> None:
    _status, data = client.search(None, "ALL")
    for num in data[0].split():
        client.store(num, "+FLAGS", "\\Deleted")
    client.expunge()


def _deliver(client: imaplib.IMAP4, message: Any) -> None:
    status, _ = client.append("INBOX", "", None, message.as_bytes())
    assert status == "OK"


def _unseen(client: imaplib.IMAP4) -> int:
    client.select("INBOX")
    _status, data = client.search(None, "UNSEEN")
    return len(data[0].split())


def _letter(*, sender: str, subject: str, text: str, message_id: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "info@gridcare.test"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = "Mon, 02 Mar 2026 10:00:00 +0300"
    message.set_content(text)
    return message


def test_message_with_attachments_becomes_an_appeal_once(
    inbox: imaplib.IMAP4, mailbox: Any, centre: Any, centre_staff: Any
) -> None:
    message = _letter(
        sender="Сидоров Пётр <sidorov@example.ru>",
        subject="Нет света на ул. Баумана",
        text="Третий день мигает свет в квартире.",
        message_id="<m1@example.ru>",
    )
    message.add_attachment(
        PDF_BYTES, maintype="application", subtype="pdf", filename="акт.pdf"
    )
    message.add_attachment(
        b"MZ\x90\x00binary",
        maintype="application",
        subtype="octet-stream",
        filename="virus.exe",
    )
    _deliver(inbox, message)

    result = mailbox_poll(mailbox=mailbox)

    assert (result.fetched, result.appeals, result.failed) == (1, 1, 0)
    appeal = Appeal.objects.get()
    assert appeal.channel == Channel.EMAIL
    assert appeal.status == Status.IN_WORK  # given to a remote specialist at once
    assert appeal.number
    assert appeal.contact_email == "sidorov@example.ru"
    assert appeal.contact_name == "Сидоров Пётр"
    assert appeal.subject == "Нет света на ул. Баумана"
    assert appeal.text.startswith("Третий день мигает свет в квартире.")
    assert "Вложение не принято. Файл «virus.exe»: такой тип не принимается." in (
        appeal.text
    )
    assert [a.original_name for a in appeal.attachments.all()] == ["акт.pdf"]
    assert appeal.external_id == "<m1@example.ru>"
    assert RemoteAssignment.objects.get(appeal=appeal).office == centre
    record = InboundEmail.objects.get()
    assert record.outcome == InboundEmail.Outcome.APPEAL
    assert _unseen(inbox) == 0

    # The same message again (unread once more): nothing new is registered.
    inbox.store("1", "-FLAGS", "\\Seen")
    again = mailbox_poll(mailbox=mailbox)
    assert again.fetched == 1
    assert Appeal.objects.count() == 1
    assert InboundEmail.objects.count() == 1
    assert _unseen(inbox) == 0


def test_cp1251_message_is_decoded(inbox: imaplib.IMAP4, mailbox: Any) -> None:
    message = MIMEText("Прошу заменить счётчик, показания не видны.", "plain", "cp1251")
    message["From"] = "petrova@example.ru"
    message["Subject"] = Header("Замена счётчика", "cp1251").encode()
    message["Message-ID"] = "<cp1251@example.ru>"
    _deliver(inbox, message)

    mailbox_poll(mailbox=mailbox)

    appeal = Appeal.objects.get()
    assert appeal.subject == "Замена счётчика"
    assert appeal.text == "Прошу заменить счётчик, показания не видны."
    assert appeal.contact_name == "petrova@example.ru"


def test_html_only_message_is_stripped(inbox: imaplib.IMAP4, mailbox: Any) -> None:
    message = EmailMessage()
    message["From"] = "html@example.ru"
    message["Subject"] = "HTML"
    message["Message-ID"] = "<html@example.ru>"
    message.set_content(
        "<html><head><style>p{color:red}</style></head><body><p>Добрый день!</p>"
        "<p>Прошу <b>проверить</b> счёт.</p></body></html>",
        subtype="html",
        charset="koi8-r",
    )
    _deliver(inbox, message)

    mailbox_poll(mailbox=mailbox)

    assert Appeal.objects.get().text == "Добрый день!\n\nПрошу проверить счёт."


def test_reply_quoting_the_number_joins_the_appeal(
    inbox: imaplib.IMAP4, mailbox: Any
) -> None:
    _deliver(
        inbox,
        _letter(
            sender="sidorov@example.ru",
            subject="Обращение",
            text="Первое письмо.",
            message_id="<first@example.ru>",
        ),
    )
    mailbox_poll(mailbox=mailbox)
    appeal = Appeal.objects.get()
    _deliver(
        inbox,
        _letter(
            sender="SIDOROV@example.ru",
            subject=f"Re: Ваше обращение № {appeal.number}",
            text="Дополняю: номер счётчика 123.",
            message_id="<second@example.ru>",
        ),
    )
    # Someone else quoting the number files a new appeal instead.
    _deliver(
        inbox,
        _letter(
            sender="stranger@example.ru",
            subject=f"Re: {appeal.number}",
            text="Чужое письмо.",
            message_id="<third@example.ru>",
        ),
    )

    result = mailbox_poll(mailbox=mailbox)

    assert (result.replies, result.appeals) == (1, 1)
    reply = AppealMessage.objects.get(appeal=appeal)
    assert reply.direction == AppealMessage.Direction.FROM_CONSUMER
    assert reply.text == "Дополняю: номер счётчика 123."
    stranger = Appeal.objects.exclude(pk=appeal.pk).get()
    assert stranger.contact_email == "stranger@example.ru"
    assert f"В теме указан номер {appeal.number}" in stranger.text


def test_failed_registration_leaves_the_message_unseen(
    inbox: imaplib.IMAP4, mailbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deliver(
        inbox,
        _letter(
            sender="sidorov@example.ru",
            subject="Тема",
            text="Текст.",
            message_id="<fail@example.ru>",
        ),
    )

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("база недоступна")

    monkeypatch.setattr(imap_module, "inbound_email_register", broken)
    result = mailbox_poll(mailbox=mailbox)

    assert (result.fetched, result.failed) == (1, 1)
    assert Appeal.objects.count() == 0
    assert _unseen(inbox) == 1


def test_empty_message_is_recorded_as_rejected(
    inbox: imaplib.IMAP4, mailbox: Any
) -> None:
    _deliver(
        inbox,
        _letter(
            sender="empty@example.ru", subject="", text="", message_id="<e@example.ru>"
        ),
    )

    result = mailbox_poll(mailbox=mailbox)

    assert result.rejected == 1
    assert Appeal.objects.count() == 0
    record = InboundEmail.objects.get()
    assert record.notes == "Письмо без текста и без принятых вложений."
    assert _unseen(inbox) == 0


def test_missing_password_is_a_clear_error(mailbox: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("TEST_MAILBOX_PASSWORD")
    from gridcare.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as error:
        mailbox_poll(mailbox=mailbox)
    assert error.value.message == (
        "Не задан пароль ящика «Обращения»: переменная окружения "
        "TEST_MAILBOX_PASSWORD пуста."
    )
