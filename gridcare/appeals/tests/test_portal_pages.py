"""Appeals in the personal account: filing a new appeal or complaint (number at once),
the complaint mark, replies with files, withdrawal, rating with a reason, and another
consumer's 404 on every page, action and file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gridcare.appeals.codes import AnswerChannel, Category, Channel, Kind, Status
from gridcare.appeals.models import Appeal, AppealAttachment, AppealMessage
from gridcare.appeals.services import appeal_answer

pytestmark = pytest.mark.django_db

NEW = reverse("appeals:portal_new")
LIST = reverse("appeals:portal_list")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _form(**overrides):
    data = {
        "topic": "metering",
        "kind": "appeal",
        "subject": "Счётчик не работает",
        "text": "С 1 марта счётчик не показывает расход.",
        "address_text": "",
        "answer_channel": "personal_account",
    }
    data.update(overrides)
    return data


def _url(name: str, appeal: Appeal) -> str:
    return reverse(f"appeals:portal_{name}", args=[appeal.pk])


def test_new_appeal_form_offers_only_own_accounts(client, consumer, other_consumer):
    client.force_login(consumer)
    body = client.get(NEW).content.decode()
    assert "1600000001" in body
    assert "1600000002" not in body
    assert 'name="files"' in body and 'enctype="multipart/form-data"' in body


def test_filing_an_appeal_with_a_file_shows_number_deadline_and_timeline(
    client, consumer
):
    client.force_login(consumer)
    account = consumer.consumer.accounts.get()
    response = client.post(
        NEW,
        _form(
            account=str(account.pk),
            files=[SimpleUploadedFile("показания.pdf", PDF)],
        ),
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", appeal)
    assert appeal.status == Status.REGISTERED
    assert appeal.channel == Channel.PERSONAL_ACCOUNT
    assert appeal.category == Category.METERING
    assert appeal.consumer_account == account
    assert appeal.supply_point == account.supply_points.get()
    assert appeal.answer_channel == AnswerChannel.PERSONAL_ACCOUNT
    assert appeal.due_at is not None
    assert [f.original_name for f in appeal.attachments.all()] == ["показания.pdf"]

    page = client.get(response["Location"])
    body = page.content.decode()
    assert f"Обращение зарегистрировано под номером {appeal.number}." in body
    assert f'<span class="nowrap" id="number">{appeal.number}</span>' in body
    assert appeal.due_at.astimezone().strftime("%d.%m.%Y") in body
    assert 'class="badge ok">В срок' in body
    assert "Поступило: Личный кабинет" in body
    assert "показания.pdf" in body


def test_complaint_about_an_address_is_marked_in_list_and_detail(client, consumer):
    client.force_login(consumer)
    client.post(
        NEW,
        _form(
            kind="complaint",
            topic="general",
            subject="Грубость в офисе",
            address_text="Казань, ул. Баумана, 5",
            answer_channel="email",
        ),
    )
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.has_complaint) == (Kind.COMPLAINT, True)
    assert appeal.category == Category.SERVICE_QUALITY
    assert appeal.address_text == "Казань, ул. Баумана, 5"
    listing = client.get(LIST).content.decode()
    assert '<span class="badge complaint">Жалоба</span> Грубость в офисе' in listing
    detail = client.get(_url("detail", appeal)).content.decode()
    assert 'id="complaint">Жалоба</span>' in detail
    assert "complaint-mark" in detail


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": ""}, "Обязательное поле."),
        ({"topic": "space"}, "Выберите корректный вариант."),
        (
            {"account": "", "address_text": ""},
            "Выберите лицевой счёт или укажите адрес",
        ),
        ({"answer_channel": "post"}, "Для ответа выбранным способом укажите почтовый"),
    ],
)
def test_bad_input_shows_a_russian_error_and_files_nothing(
    client, consumer, overrides, message
):
    client.force_login(consumer)
    account = consumer.consumer.accounts.get()
    response = client.post(NEW, _form(**{"account": str(account.pk), **overrides}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appeal.objects.exists()


def test_another_consumers_account_is_not_a_choice(client, consumer, other_consumer):
    client.force_login(consumer)
    theirs = other_consumer.consumer.accounts.get()
    response = client.post(NEW, _form(account=str(theirs.pk)))
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_bad_file_refuses_the_whole_appeal(client, consumer):
    client.force_login(consumer)
    response = client.post(
        NEW,
        _form(
            address_text="Казань",
            files=[SimpleUploadedFile("вирус.exe", b"MZ\x90\x00" + b"\x00" * 100)],
        ),
    )
    assert response.status_code == 400
    assert "Файл «вирус.exe»: такой тип не принимается." in response.content.decode()
    assert not Appeal.objects.exists()
    assert not AppealAttachment.objects.exists()


def test_reply_with_a_file(client, make_appeal, consumer):
    appeal = make_appeal()
    client.force_login(consumer)
    client.post(
        _url("reply", appeal),
        {"text": "Прикладываю фото.", "files": [SimpleUploadedFile("фото.png", PNG)]},
    )
    message = AppealMessage.objects.get(appeal=appeal)
    assert message.text == "Прикладываю фото."
    assert [a.original_name for a in message.attachments.all()] == ["фото.png"]
    body = client.get(_url("detail", appeal)).content.decode()
    assert "Прикладываю фото." in body and "фото.png" in body


def test_withdraw_asks_for_confirmation_then_is_final(client, make_appeal, consumer):
    appeal = make_appeal()
    client.force_login(consumer)
    body = client.get(_url("detail", appeal)).content.decode()
    assert 'data-action="withdraw"' in body
    assert "Нажмите «Отозвать», чтобы подтвердить." in body
    client.post(_url("withdraw", appeal), {"reason": ""})
    appeal.refresh_from_db()
    assert appeal.status == Status.WITHDRAWN
    assert (
        'data-action="withdraw"'
        not in client.get(_url("detail", appeal)).content.decode()
    )


def test_low_rating_needs_a_reason(client, make_appeal, consumer, specialist):
    appeal = make_appeal()
    appeal_answer(actor=specialist, appeal=appeal, text="Счётчик заменим.")
    client.force_login(consumer)
    response = client.post(
        _url("rate", appeal), {"rating": "2", "comment": " "}, follow=True
    )
    assert "При оценке 3 и ниже причина обязательна." in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.rating is None

    client.post(_url("rate", appeal), {"rating": "2", "comment": "Ждал месяц."})
    appeal.refresh_from_db()
    assert (appeal.rating, appeal.rating_comment) == (2, "Ждал месяц.")
    body = client.get(_url("detail", appeal)).content.decode()
    assert '<dd id="rating">2 / 5 — Ждал месяц.</dd>' in body


def test_high_rating_without_reason_is_fine(client, make_appeal, consumer, specialist):
    appeal = make_appeal()
    appeal_answer(actor=specialist, appeal=appeal, text="Счётчик заменим.")
    client.force_login(consumer)
    client.post(_url("rate", appeal), {"rating": "5"})
    appeal.refresh_from_db()
    assert (appeal.rating, appeal.rating_comment) == (5, "")


def test_other_consumer_gets_404_on_every_page_action_and_file(
    client, make_appeal, other_consumer, specialist
):
    appeal = make_appeal(files=[SimpleUploadedFile("акт.pdf", PDF)])
    appeal_answer(actor=specialist, appeal=appeal, text="Ответ.")
    attachment = appeal.attachments.get()
    client.force_login(other_consumer)
    assert client.get(_url("detail", appeal)).status_code == 404
    for action, data in [
        ("reply", {"text": "Чужое"}),
        ("withdraw", {"reason": ""}),
        ("rate", {"rating": "5"}),
    ]:
        assert client.post(_url(action, appeal), data).status_code == 404
    file_url = reverse("appeals:portal_attachment", args=[attachment.pk])
    assert client.get(file_url).status_code == 404
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating) == (Status.ANSWERED, None)
    assert not AppealMessage.objects.filter(direction="from_consumer").exists()
    assert appeal.number not in client.get(LIST).content.decode()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
