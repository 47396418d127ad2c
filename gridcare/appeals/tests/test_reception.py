"""The internet reception without an account: the form, the confirmation mail over
real SMTP, registration on confirmation, the tracking page, link expiry, and the
flood guard (honeypot, minimum fill time, rate limits per IP and e-mail)."""

import re
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gridcare.appeals.codes import Channel, Status
from gridcare.appeals.flood import form_started_token
from gridcare.appeals.models import Appeal, AppealAttachment, ReceptionRequest
from gridcare.appeals.reception import tracking_token
from gridcare.appeals.services import appeal_answer, appeal_assign
from gridcare.appeals.services.reception import reception_discard_unconfirmed
from gridcare.notifications.models import Notification
from gridcare.notifications.testing import SmtpSink, body_of, smtp_server

pytestmark = pytest.mark.django_db

FORM = reverse("appeals:reception")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
EMAIL = "sidorov@example.ru"


@pytest.fixture(autouse=True)
def _clean(settings, tmp_path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "http://testserver"
    cache.clear()  # rate-limit counters of earlier tests
    yield
    cache.clear()


@pytest.fixture
def smtp(settings) -> Iterator[SmtpSink]:
    yield from smtp_server(settings)


def _form(**overrides):
    data = {
        "contact_name": "Сидоров Пётр Ильич",
        "contact_email": EMAIL,
        "contact_phone": "",
        "topic": "reliability",
        "kind": "appeal",
        "subject": "Мигает свет",
        "text": "Третий день мигает свет по вечерам.",
        "address_text": "Казань, ул. Баумана, 7",
        "answer_channel": "email",
        "contact_postal_address": "",
        "consent": "on",
        "website": "",
        "started": form_started_token(at=time.time() - 60),
    }
    data.update(overrides)
    return data


def _link(body: str, kind: str) -> str:
    match = re.search(rf"http://testserver(/reception/{kind}/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def _submit_and_confirm(client, smtp, django_capture_on_commit_callbacks, **form):
    data = _form(**form)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, data)
    confirm = _link(body_of(smtp.to(data["contact_email"])[-1]), "confirm")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(confirm)
    return response


def test_form_is_plain_accessible_and_csp_ready(client):
    body = client.get(FORM).content.decode()
    assert '<div class="hp" aria-hidden="true">' in body
    assert 'name="website"' in body and 'tabindex="-1"' in body
    assert re.search(r'<input type="checkbox" name="consent"[^>]*>', body)
    assert "checked" not in re.search(
        r'<input type="checkbox" name="consent"[^>]*>', body
    ).group(0)
    assert 'name="started"' in body
    assert 'value="personal_account"' not in body  # no account, no answer there
    for forbidden in ("style=", "<script>", " onclick=", " onsubmit="):
        assert forbidden not in body


def test_appeal_waits_unregistered_until_the_email_is_confirmed(
    client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, _form(files=[SimpleUploadedFile("фото.pdf", PDF)]))
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:reception_sent")
    sent = client.get(response["Location"]).content.decode()
    assert f"<strong>{EMAIL}</strong>" in sent

    appeal = Appeal.objects.get()
    request = ReceptionRequest.objects.get()
    assert (appeal.status, appeal.number, appeal.due_at) == (Status.NEW, None, None)
    assert appeal.channel == Channel.INTERNET_RECEPTION
    assert appeal.consumer is None
    assert [f.original_name for f in appeal.attachments.all()] == ["фото.pdf"]
    assert request.email == EMAIL and request.confirmed_at is None
    assert request.consent_text is not None and request.ip_address == "127.0.0.1"

    [mail] = smtp.to(EMAIL)
    assert mail["Subject"] == "Подтвердите обращение в интернет-приёмную"
    body = body_of(mail)
    assert "Сидоров Пётр Ильич" in body and "действует 24 ч." in body
    confirm = _link(body, "confirm")

    with django_capture_on_commit_callbacks(execute=True):
        opened = client.get(confirm)
    appeal.refresh_from_db()
    request.refresh_from_db()
    assert appeal.status == Status.REGISTERED and appeal.number
    assert appeal.due_at is not None and request.confirmed_at is not None
    assert opened.status_code == 302
    assert opened["Location"] == reverse(
        "appeals:reception_track", args=[tracking_token(request)]
    )

    registered = smtp.to(EMAIL)[-1]
    assert registered["Subject"] == f"Обращение № {appeal.number} зарегистрировано"
    assert _link(body_of(registered), "track") == opened["Location"]
    assert "/appeals/" not in body_of(registered)  # no personal-account link

    page = client.get(opened["Location"])
    html = page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    assert f'id="number">{appeal.number}</span>' in html
    assert 'id="status">Зарегистрировано</span>' in html
    assert appeal.due_at.astimezone().strftime("%d.%m.%Y") in html
    assert "Поступило: Интернет-приёмная" in html
    assert "Ответа пока нет." in html

    # The link again: nothing changes, no second registration.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.get(confirm)
    assert again["Location"] == opened["Location"]
    assert Appeal.objects.get().number == appeal.number
    assert len(smtp.to(EMAIL)) == 2


def test_answer_by_post_still_mails_the_tracking_link(
    client, smtp, django_capture_on_commit_callbacks
):
    response = _submit_and_confirm(
        client,
        smtp,
        django_capture_on_commit_callbacks,
        answer_channel="post",
        contact_postal_address="420111, Казань, ул. Баумана, 7, кв. 3",
    )
    appeal = Appeal.objects.get()
    mail = smtp.to(EMAIL)[-1]
    assert mail["Subject"] == f"Обращение № {appeal.number} зарегистрировано"
    body = body_of(mail)
    assert "Ответ будет направлен почтой по адресу: 420111, Казань" in body
    assert _link(body, "track") == response["Location"]


def test_tracking_page_shows_the_answer_and_only_its_own_appeal(
    client, smtp, django_capture_on_commit_callbacks, specialist, operator
):
    first = _submit_and_confirm(client, smtp, django_capture_on_commit_callbacks)
    _submit_and_confirm(
        client,
        smtp,
        django_capture_on_commit_callbacks,
        contact_email="other@example.ru",
        text="Совсем другое обращение соседа.",
    )
    mine = Appeal.objects.get(contact_email=EMAIL)
    appeal_assign(actor=operator, appeal=mine, assignee=None)
    with django_capture_on_commit_callbacks(execute=True):
        appeal_answer(actor=operator, appeal=mine, text="Заменили ввод в дом 7.")
    html = client.get(first["Location"]).content.decode()
    assert "Заменили ввод в дом 7." in html and "Ответ по существу" in html
    assert 'id="status">Дан ответ</span>' in html
    assert "Совсем другое обращение соседа." not in html
    answered = smtp.to(EMAIL)[-1]
    assert answered["Subject"] == f"Ответ на обращение № {mine.number}"
    assert _link(body_of(answered), "track") == first["Location"]


def test_forged_or_unconfirmed_tracking_links_are_404(
    client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, _form())
    request = ReceptionRequest.objects.get()
    unconfirmed = reverse("appeals:reception_track", args=[tracking_token(request)])
    assert client.get(unconfirmed).status_code == 404
    forged = reverse("appeals:reception_track", args=[f"{request.pk}:forged"])
    assert client.get(forged).status_code == 404
    bad_confirm = reverse("appeals:reception_confirm", args=["x:y"])
    response = client.get(bad_confirm)
    assert response.status_code == 404
    assert "Ссылка недействительна." in response.content.decode()
    assert Appeal.objects.get().status == Status.NEW


def test_expired_confirmation_link_registers_nothing(
    client, smtp, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, _form(files=[SimpleUploadedFile("фото.pdf", PDF)]))
    stored = tmp_path / AppealAttachment.objects.get().file.name
    assert stored.exists()
    confirm = _link(body_of(smtp.to(EMAIL)[-1]), "confirm")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = client.get(confirm)
        assert response.status_code == 410
        assert "Срок действия ссылки истёк" in response.content.decode()
        assert Appeal.objects.get().status == Status.NEW
        with django_capture_on_commit_callbacks(execute=True):
            assert reception_discard_unconfirmed() == 1
    # Never an appeal: deleted with its file (152-ФЗ ст. 21).
    assert not Appeal.objects.exists() and not ReceptionRequest.objects.exists()
    assert not AppealAttachment.objects.exists() and not stored.exists()
    assert client.get(confirm).status_code == 404


def test_fresh_requests_are_not_expired(
    client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, _form())
    assert reception_discard_unconfirmed() == 0
    assert Appeal.objects.get().status == Status.NEW


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": ""}, "Без согласия на обработку персональных данных"),
        ({"contact_email": ""}, "Обязательное поле."),
        ({"contact_email": "не-почта"}, "Введите правильный адрес электронной почты."),
        ({"contact_name": ""}, "Обязательное поле."),
        ({"text": ""}, "Обязательное поле."),
        (
            {"answer_channel": "post"},
            "Укажите почтовый адрес: ответ будет направлен почтой.",
        ),
        ({"answer_channel": "personal_account"}, "Выберите корректный вариант."),
        ({"contact_phone": "123"}, "Телефон указан неверно"),
    ],
)
def test_bad_input_is_refused_in_russian_and_nothing_is_sent(
    client, smtp, django_capture_on_commit_callbacks, overrides, message
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appeal.objects.exists() and not ReceptionRequest.objects.exists()
    assert smtp.messages == [] and not Notification.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": "http://spam.example"}, "Форма заполнена автоматически."),
        ({"started": 0}, "Форма отправлена слишком быстро."),
        ({"started": "подделка"}, "Форма устарела."),
        ({"started": 2 * 86400}, "Форма устарела."),
    ],
)
def test_robots_are_refused(
    client, smtp, django_capture_on_commit_callbacks, overrides, message
):
    if isinstance(overrides.get("started"), int):  # seconds since the form was shown
        overrides = {
            "started": form_started_token(at=time.time() - overrides["started"])
        }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, _form(**overrides))
    assert response.status_code == 429
    assert message in response.content.decode()
    assert not Appeal.objects.exists() and smtp.messages == []


def test_rate_limit_per_ip(client, settings, smtp, django_capture_on_commit_callbacks):
    settings.RECEPTION_MAX_PER_IP_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            ok = client.post(FORM, _form(contact_email=f"p{n}@example.ru"))
            assert ok.status_code == 302
        refused = client.post(FORM, _form(contact_email="p3@example.ru"))
    assert refused.status_code == 429
    assert "Слишком много обращений с вашего адреса." in refused.content.decode()
    assert Appeal.objects.count() == 2
    other_ip = client.post(
        FORM, _form(contact_email="p4@example.ru"), REMOTE_ADDR="10.0.0.9"
    )
    assert other_ip.status_code == 302


def test_rate_limit_per_email(
    client, settings, smtp, django_capture_on_commit_callbacks
):
    settings.RECEPTION_MAX_PER_EMAIL_HOUR = 1
    first = client.post(FORM, _form())
    second = client.post(
        FORM, _form(contact_email=EMAIL.upper()), REMOTE_ADDR="10.0.0.2"
    )
    assert first.status_code == 302 and second.status_code == 429
    assert "уже отправлено много обращений" in second.content.decode()
    assert Appeal.objects.count() == 1
