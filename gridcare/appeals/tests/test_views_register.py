"""Registering an appeal on a consumer's behalf: the consumer look-up, the happy path,
bad input that re-renders in Russian and writes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gridcare.appeals.codes import Channel, Status
from gridcare.appeals.models import Appeal, AppealAttachment, AppealEvent

pytestmark = pytest.mark.django_db

REGISTER = reverse("appeals:staff_register")
LOOKUP = reverse("consumers:staff_lookup")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _form(**overrides) -> dict:
    data = {
        "channel": Channel.PHONE,
        "received_at": _local(timezone.now()),
        "consumer_id": "",
        "account_id": "",
        "supply_point_id": "",
        "contact_name": "Иванова Анна Петровна",
        "contact_phone": "8 (917) 000-00-01",
        "contact_email": "",
        "contact_postal_address": "",
        "address_text": "",
        "category": "metering",
        "kind": "appeal",
        "topic": "metering",
        "service_request_type": "",
        "subject": "Не работает счётчик",
        "text": "Звонила, счётчик не показывает расход.",
        "answer_channel": "phone",
    }
    data.update(overrides)
    return data


def _counts() -> tuple[int, int, int]:
    return (
        Appeal.objects.count(),
        AppealEvent.objects.count(),
        AppealAttachment.objects.count(),
    )


def test_form_page_defaults_to_now(client, operator):
    client.force_login(operator)
    response = client.get(REGISTER)
    assert response.status_code == 200
    assert f'value="{_local(timezone.now())}"' in response.content.decode()
    assert "js/register.js" in response.content.decode()


def test_operator_registers_a_phone_appeal_for_a_found_consumer(
    client, operator, consumer
):
    c = consumer.consumer
    account = c.accounts.get()
    point = account.supply_points.get()
    client.force_login(operator)
    response = client.post(
        REGISTER,
        _form(consumer_id=c.pk, account_id=account.pk, supply_point_id=point.pk),
        follow=True,
    )
    appeal = Appeal.objects.get()
    assert response.redirect_chain == [
        (reverse("appeals:staff_detail", args=[appeal.pk]), 302)
    ]
    assert f"Обращение зарегистрировано, № {appeal.number}" in (
        response.content.decode()
    )
    assert appeal.status == Status.REGISTERED
    assert (appeal.consumer, appeal.consumer_account, appeal.supply_point) == (
        c,
        account,
        point,
    )
    assert (appeal.channel, appeal.registered_by) == (Channel.PHONE, operator)
    assert appeal.contact_phone == "+79170000001"
    assert appeal.branch == account.branch


def test_backdated_anonymous_letter_with_a_scan(client, operator):
    client.force_login(operator)
    received = timezone.now() - timedelta(days=3)
    client.post(
        REGISTER,
        _form(
            channel=Channel.POST,
            received_at=_local(received),
            contact_phone="",
            contact_postal_address="420111, Казань, ул. Баумана, 5",
            answer_channel="post",
            files=SimpleUploadedFile("письмо.pdf", PDF),
        ),
    )
    appeal = Appeal.objects.get()
    assert appeal.consumer is None
    assert timezone.localtime(appeal.received_at).date() == (
        timezone.localtime(received).date()
    )
    assert appeal.attachments.get().original_name == "письмо.pdf"


def test_no_contact_at_all_rerenders_in_russian_and_writes_nothing(client, operator):
    client.force_login(operator)
    before = _counts()
    response = client.post(REGISTER, _form(contact_phone="", answer_channel="email"))
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body
    assert "Укажите хотя бы один способ связи" in body
    assert "Звонила, счётчик не показывает расход." in body  # input kept
    assert _counts() == before


def test_missing_text_and_bad_phone_are_shown_by_their_fields(client, operator):
    client.force_login(operator)
    before = _counts()
    response = client.post(REGISTER, _form(text=""))
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()
    response = client.post(REGISTER, _form(contact_phone="12345"))
    body = response.content.decode()
    assert 'id="id_contact_phone_error"' in body
    assert "Телефон указан неверно" in body
    assert _counts() == before


def test_future_received_at_is_refused(client, operator):
    client.force_login(operator)
    before = _counts()
    response = client.post(
        REGISTER, _form(received_at=_local(timezone.now() + timedelta(days=2)))
    )
    assert response.status_code == 400
    assert "не может быть в будущем" in response.content.decode()
    assert _counts() == before


def test_a_consumer_the_user_may_not_open_is_refused(
    client, remote_specialist, consumer
):
    client.force_login(remote_specialist)
    before = _counts()
    response = client.post(REGISTER, _form(consumer_id=consumer.consumer.pk))
    assert response.status_code == 400
    assert "Потребитель не найден" in response.content.decode()
    assert _counts() == before


def test_another_consumers_account_is_refused(
    client, operator, consumer, other_consumer
):
    client.force_login(operator)
    before = _counts()
    response = client.post(
        REGISTER,
        _form(
            consumer_id=consumer.consumer.pk,
            account_id=other_consumer.consumer.accounts.get().pk,
        ),
    )
    assert response.status_code == 400
    assert "Лицевой счёт не найден" in response.content.decode()
    assert _counts() == before


def test_specialist_registering_another_topic_goes_back_to_the_queue(
    client, specialist
):
    client.force_login(specialist)
    response = client.post(
        REGISTER,
        _form(category="connection", topic="connection", address_text="Казань"),
    )
    assert Appeal.objects.count() == 1
    # Not in the specialist's competence and without a branch: the card is not theirs.
    assert response["Location"] == reverse("appeals:staff_queue")


def test_analyst_may_not_register(client, analyst):
    client.force_login(analyst)
    assert client.get(REGISTER).status_code == 403
    assert client.post(REGISTER, _form()).status_code == 403
    assert Appeal.objects.count() == 0


@pytest.mark.parametrize(
    "query", ["Иванова", "иванова анна", "8 917 000 00 01", "1600000001"]
)
def test_lookup_finds_by_name_phone_and_account(client, operator, consumer, query):
    client.force_login(operator)
    response = client.get(LOOKUP, {"q": query}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'data-consumer="{consumer.consumer.pk}"' in body
    assert "Иванова Анна Петровна" in body


def test_lookup_needs_three_characters_and_respects_the_branch(
    client, operator, remote_specialist, consumer
):
    client.force_login(operator)
    assert "не менее 3 символов" in client.get(LOOKUP, {"q": "Ив"}).content.decode()
    client.force_login(remote_specialist)
    body = client.get(LOOKUP, {"q": "Иванова"}).content.decode()
    assert "data-consumer" not in body
    assert "Никого не нашли" in body
