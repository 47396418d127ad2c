"""Registration by e-mail or phone confirmed by a one-time code (real SMTP for e-mail,
the logging SMS gateway for phones), consents per purpose, and the refusals."""

import logging
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gridcare.accounts.models import OneTimeCode, User, UserSession
from gridcare.consumers.models import Consent, Consumer
from gridcare.notifications.models import Notification

pytestmark = pytest.mark.django_db
PASSWORD = "Kvartira-Baumana-9"
# After the consent texts of the data migration came into force.
START = timezone.now() + timedelta(days=1)


def _form(**overrides) -> dict:
    data = {
        "full_name": "Смирнова Мария Ивановна",
        "login": "smirnova@example.ru",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent_service": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _counts() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Consumer.objects.count(),
        Consent.objects.count(),
        Notification.objects.count(),
    )


def test_page_shows_each_consent_separately_and_none_is_ticked(client):
    body = client.get("/register/").content.decode()
    for name in ("service", "notifications", "surveys", "marketing"):
        tag = re.search(rf'<input[^>]*name="consent_{name}"[^>]*>', body).group(0)
        assert "checked" not in tag
        assert ("required" in tag) == (name == "service")
    assert "(обязательно)" in body and "(по желанию)" in body
    assert 'style="' not in body and "<script>" not in body


def test_register_by_email_code_arrives_by_smtp_and_confirms(
    client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/register/", _form(consent_notifications="on"), REMOTE_ADDR="10.0.0.7"
        )
    assert response.status_code == 302
    assert response.url == reverse("consumers:register_confirm")
    user = User.objects.get(email="smirnova@example.ru")
    assert not user.is_active and user.is_consumer
    assert user.consumer.name == "Смирнова Мария Ивановна"
    consents = {c.text.purpose: c for c in user.consumer.consents.all()}
    assert sorted(consents) == ["notifications", "service"]
    assert consents["service"].text.version == 1
    assert consents["service"].ip_address == "10.0.0.7"
    # Cannot log in before confirming.
    page = client.post(
        "/login/", {"username": "smirnova@example.ru", "password": PASSWORD}
    )
    assert "Регистрация не завершена" in page.content.decode()

    code = smtp.last_code("smirnova@example.ru")
    record = OneTimeCode.objects.get(user=user)
    assert code not in record.code_hash and len(record.code_hash) == 64
    confirm = client.get("/register/confirm/").content.decode()
    assert 'value="smirnova@example.ru"' in confirm
    response = client.post(
        "/register/confirm/", {"login": "smirnova@example.ru", "code": code}
    )
    assert response.url == "/account/"
    user.refresh_from_db()
    assert user.is_active
    assert UserSession.objects.filter(user=user, ended_at=None).count() == 1
    assert "Личный кабинет" in client.get("/account/").content.decode()


def test_register_by_phone_sends_sms_through_logging_gateway(
    client, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.INFO, logger="gridcare.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post("/register/", _form(login="8 (917) 123-45-67"))
    user = User.objects.get(phone="+79171234567")
    assert user.email is None and not user.is_active
    match = re.search(
        r"SMS to \+79171234567: Код подтверждения регистрации: (\d{6})\.", caplog.text
    )
    assert match, caplog.text
    client.post("/register/confirm/", {"login": "+79171234567", "code": match[1]})
    user.refresh_from_db()
    assert user.is_active


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        (
            {"consent_service": None},
            "Без этого согласия личный кабинет создать нельзя.",
        ),
        ({"login": "не телефон"}, "Укажите телефон в формате +7 XXX XXX-XX-XX"),
        (
            {"password1": "12345678", "password2": "12345678"},
            "слишком широко распространён",
        ),
        ({"password2": "другой-пароль-1"}, "Пароли не совпадают."),
        ({"full_name": ""}, "Обязательное поле."),
    ],
)
def test_bad_input_gets_russian_error_and_nothing_is_saved(client, overrides, error):
    before = _counts()
    response = client.post("/register/", _form(**overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert _counts() == before


def test_already_registered_login_gets_same_answer_and_a_notice_not_a_code(
    client, consumer, smtp, django_capture_on_commit_callbacks
):
    users = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/register/", _form(login="ivanova@example.ru"))
    assert response.url == reverse("consumers:register_confirm")
    assert User.objects.count() == users
    consumer.refresh_from_db()
    assert consumer.check_password("Str0ng-pass-2026")
    [mail] = smtp.to("ivanova@example.ru")
    assert mail["Subject"] == "Вы уже зарегистрированы в личном кабинете"
    assert not OneTimeCode.objects.exists()


def test_wrong_code_counts_attempts_and_the_fifth_burns_the_code(
    client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/register/", _form())
    code = smtp.last_code("smirnova@example.ru")
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        body = client.post(
            "/register/confirm/", {"login": "smirnova@example.ru", "code": wrong}
        ).content.decode()
        assert f"Неверный код. Осталось попыток: {left}." in body
    client.post("/register/confirm/", {"login": "smirnova@example.ru", "code": wrong})
    body = client.post(
        "/register/confirm/", {"login": "smirnova@example.ru", "code": code}
    ).content.decode()
    assert "Превышено число попыток ввода кода. Запросите новый код." in body
    assert not User.objects.get(email="smirnova@example.ru").is_active


def test_resend_is_limited_to_once_a_minute(
    client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/register/", _form())
        response = client.post(
            "/register/resend/", {"login": "smirnova@example.ru"}, follow=True
        )
    assert "Новый код можно запросить через" in response.content.decode()
    assert len(smtp.to("smirnova@example.ru")) == 1


def test_unconfirmed_registration_can_be_made_again(
    client, smtp, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(START, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/register/", _form(consent_marketing="on"))
    time_machine.move_to(START + timedelta(minutes=5), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/register/", _form(full_name="Смирнова Мария"))
    user = User.objects.get(email="smirnova@example.ru")
    assert user.full_name == "Смирнова Мария" and user.consumer.name == "Смирнова Мария"
    active = Consent.objects.filter(consumer=user.consumer, withdrawn_at=None)
    assert [c.text.purpose for c in active] == ["service"]
    code = smtp.last_code("smirnova@example.ru")
    client.post("/register/confirm/", {"login": "smirnova@example.ru", "code": code})
    user.refresh_from_db()
    assert user.is_active


def test_code_expires_after_ten_minutes(
    client, smtp, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(START, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/register/", _form())
    code = smtp.last_code("smirnova@example.ru")
    time_machine.move_to(START + timedelta(minutes=10, seconds=1), tick=False)
    body = client.post(
        "/register/confirm/", {"login": "smirnova@example.ru", "code": code}
    ).content.decode()
    assert "Код истёк или не запрашивался. Запросите новый код." in body
    assert not User.objects.get(email="smirnova@example.ru").is_active
