"""Post: a paper letter registered with its scan; answers as PDF letters in the day's
mailing register (XLSX/PDF), tracking numbers entered later."""

import io
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from gridcare.appeals.codes import AnswerChannel, Channel, ServiceForm
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import appeal_answer
from gridcare.conftest import PASSWORD
from gridcare.written_channels.models import OutgoingLetter, PostalLetter
from gridcare.written_channels.tests.conftest import JPEG_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db


def _login(client: Client, user: Any) -> Client:
    assert client.login(username=user.email, password=PASSWORD)
    return client


def _form(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "sender_name": "Гарипов Ильдар Ринатович",
        "sender_address": "420111, г. Казань, ул. Баумана, д. 5, кв. 3",
        "contact_phone": "",
        "contact_email": "",
        "postmark_date": (today - timedelta(days=3)).isoformat(),
        "received_on": today.isoformat(),
        "category": "transmission",
        "kind": "complaint",
        "topic": "reliability",
        "summary": "Жалоба на частые отключения в доме.",
        "scan": SimpleUploadedFile(
            "скан.pdf", PDF_BYTES, content_type="application/pdf"
        ),
    }
    data.update(overrides)
    return data


def test_operator_registers_a_paper_letter(client: Client, operator: Any) -> None:
    response = _login(client, operator).post("/staff/written/post/new/", _form())

    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/appeals/{appeal.pk}/"
    assert appeal.channel == Channel.POST
    assert appeal.service_form == ServiceForm.POST
    assert appeal.answer_channel == AnswerChannel.POST
    assert appeal.has_complaint
    assert (
        appeal.contact_postal_address == "420111, г. Казань, ул. Баумана, д. 5, кв. 3"
    )
    assert [a.original_name for a in appeal.attachments.all()] == ["скан.pdf"]
    letter = PostalLetter.objects.get()
    assert letter.postmark_date == timezone.localdate() - timedelta(days=3)
    assert letter.registered_by == operator


def test_jpeg_scan_is_accepted(client: Client, operator: Any) -> None:
    scan = SimpleUploadedFile("scan.jpg", JPEG_BYTES, content_type="image/jpeg")
    _login(client, operator).post("/staff/written/post/new/", _form(scan=scan))
    assert Appeal.objects.get().attachments.get().content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "scan": SimpleUploadedFile(
                    "a.png", bytes.fromhex("89504e470d0a1a0a") + b"\0" * 32
                )
            },
            "Скан письма — файл PDF или JPEG.",
        ),
        (
            {"postmark_date": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "Дата на штемпеле не может быть позже даты получения.",
        ),
    ],
)
def test_bad_letter_is_refused_and_changes_nothing(
    client: Client, operator: Any, overrides: dict[str, Any], message: str
) -> None:
    response = _login(client, operator).post(
        "/staff/written/post/new/", _form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Appeal.objects.count() == 0
    assert PostalLetter.objects.count() == 0


def test_analyst_may_not_register_letters(client: Client, analyst: Any) -> None:
    response = _login(client, analyst).post("/staff/written/post/new/", _form())
    assert response.status_code == 403
    assert Appeal.objects.count() == 0


def _answered_letter_appeal(client: Client, operator: Any) -> Appeal:
    _login(client, operator).post("/staff/written/post/new/", _form())
    appeal = Appeal.objects.get()
    appeal_answer(actor=operator, appeal=appeal, text="Проведена проверка линии.")
    return appeal


def test_answer_letter_and_mailing_register(client: Client, operator: Any) -> None:
    appeal = _answered_letter_appeal(client, operator)
    today = timezone.localdate()

    response = client.post(
        "/staff/written/letters/new/",
        {"number": appeal.number, "mailing_date": today.isoformat()},
    )
    assert response.status_code == 302
    letter = OutgoingLetter.objects.get()
    assert letter.recipient_address == appeal.contact_postal_address
    pdf = client.get(f"/staff/written/letters/{letter.pk}/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    bad = client.post(
        f"/staff/written/letters/{letter.pk}/tracking/", {"tracking_number": "123"}
    )
    assert bad.status_code == 302
    letter.refresh_from_db()
    assert letter.tracking_number == ""
    client.post(
        f"/staff/written/letters/{letter.pk}/tracking/",
        {"tracking_number": "4201 1100 0000 12"},
    )
    letter.refresh_from_db()
    assert letter.tracking_number == "42011100000012"

    xlsx = client.get(f"/staff/written/letters/register.xlsx?day={today.isoformat()}")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[4]] == [
        1,
        "Гарипов Ильдар Ринатович",
        "420111, г. Казань, ул. Баумана, д. 5, кв. 3",
        appeal.number,
        "42011100000012",
    ]
    register_pdf = client.get(
        f"/staff/written/letters/register.pdf?day={today.isoformat()}"
    )
    assert register_pdf["Content-Type"] == "application/pdf"
    assert register_pdf.content.startswith(b"%PDF")
    page = client.get(f"/staff/written/letters/?day={today.isoformat()}")
    assert appeal.number in page.content.decode()


def test_letter_needs_an_answer_first(client: Client, operator: Any) -> None:
    _login(client, operator).post("/staff/written/post/new/", _form())
    appeal = Appeal.objects.get()
    response = client.post(
        "/staff/written/letters/new/",
        {"number": appeal.number, "mailing_date": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Письмо можно подготовить только после ответа по существу." in (
        response.content.decode()
    )
    assert OutgoingLetter.objects.count() == 0


def test_letter_of_an_invisible_appeal_is_404(
    client: Client, operator: Any, remote_specialist: Any
) -> None:
    appeal = _answered_letter_appeal(client, operator)
    client.post(
        "/staff/written/letters/new/",
        {"number": appeal.number, "mailing_date": timezone.localdate().isoformat()},
    )
    letter = OutgoingLetter.objects.get()
    other = Client()
    _login(other, remote_specialist)
    assert other.get(f"/staff/written/letters/{letter.pk}/pdf/").status_code == 404
    assert (
        other.post(
            f"/staff/written/letters/{letter.pk}/tracking/",
            {"tracking_number": "42011100000012"},
        ).status_code
        == 404
    )
