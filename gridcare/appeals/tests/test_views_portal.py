"""Personal-account appeal pages: own appeals only, the public history (no internal
notes, no staff names), reply, withdraw, rate, files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gridcare.appeals.codes import Status
from gridcare.appeals.models import AppealAttachment
from gridcare.appeals.services import (
    appeal_answer,
    appeal_assign,
    appeal_consumer_reply,
    appeal_note_add,
    appeal_request_information,
)

pytestmark = pytest.mark.django_db

LIST = reverse("appeals:portal_list")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _detail(appeal) -> str:
    return reverse("appeals:portal_detail", args=[appeal.pk])


def _url(name: str, appeal) -> str:
    return reverse(f"appeals:portal_{name}", args=[appeal.pk])


def test_login_is_required(client, make_appeal):
    appeal = make_appeal()
    for url in (LIST, _detail(appeal)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_are_sent_to_the_back_office(client, specialist):
    client.force_login(specialist)
    response = client.get(LIST)
    assert response["Location"] == reverse("staff_home")


def test_list_shows_only_own_appeals(client, make_appeal, consumer, other_consumer):
    mine = make_appeal()
    theirs = make_appeal(user=other_consumer)
    client.force_login(consumer)
    body = client.get(LIST).content.decode()
    assert mine.number in body
    assert theirs.number not in body


def test_detail_shows_the_public_history_only(
    client, make_appeal, consumer, specialist
):
    appeal = make_appeal()
    appeal_assign(actor=specialist, appeal=appeal, assignee=specialist)
    appeal_note_add(actor=specialist, appeal=appeal, text="Внутреннее: проверить ИСУ")
    appeal_request_information(
        actor=specialist, appeal=appeal, text="Пришлите фото счётчика"
    )
    client.force_login(consumer)
    body = client.get(_detail(appeal)).content.decode()
    assert f"Обращение № {appeal.number}" in body
    assert "Принято в работу" in body
    assert "Пришлите фото счётчика" in body
    assert "специалист" in body
    assert "Внутреннее: проверить ИСУ" not in body
    assert "внутренняя заметка" not in body.lower()
    assert "Специалист Сергей" not in body
    assert "срок приостановлен" in body


def test_another_consumers_appeal_is_not_found(client, make_appeal, other_consumer):
    appeal = make_appeal()
    client.force_login(other_consumer)
    assert client.get(_detail(appeal)).status_code == 404
    response = client.post(_url("reply", appeal), {"text": "Чужое"})
    assert response.status_code == 404
    assert appeal.messages.count() == 0


def test_files_public_for_the_owner_internal_never(
    client, make_appeal, consumer, other_consumer, specialist
):
    appeal = make_appeal(files=[SimpleUploadedFile("фото.pdf", PDF)])
    appeal_note_add(
        actor=specialist,
        appeal=appeal,
        text="Скан",
        files=[SimpleUploadedFile("служебный.pdf", PDF)],
    )
    public = AppealAttachment.objects.get(is_internal=False)
    internal = AppealAttachment.objects.get(is_internal=True)

    client.force_login(consumer)
    body = client.get(_detail(appeal)).content.decode()
    assert "фото.pdf" in body
    assert "служебный.pdf" not in body
    response = client.get(reverse("appeals:portal_attachment", args=[public.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    url = reverse("appeals:portal_attachment", args=[internal.pk])
    assert client.get(url).status_code == 404

    client.force_login(other_consumer)
    url = reverse("appeals:portal_attachment", args=[public.pk])
    assert client.get(url).status_code == 404


def test_reply_with_a_file_resumes_the_clock(client, make_appeal, consumer, specialist):
    appeal = make_appeal()
    appeal_request_information(actor=specialist, appeal=appeal, text="Фото?")
    client.force_login(consumer)
    response = client.post(
        _url("reply", appeal),
        {"text": "Фото во вложении", "files": SimpleUploadedFile("фото.pdf", PDF)},
    )
    assert response["Location"] == _detail(appeal)
    appeal.refresh_from_db()
    assert appeal.status == Status.IN_WORK
    message = appeal.messages.get(direction="from_consumer")
    assert message.text == "Фото во вложении"
    assert message.attachments.get().original_name == "фото.pdf"


def test_bad_file_is_refused_in_russian_and_nothing_is_written(
    client, make_appeal, consumer
):
    appeal = make_appeal()
    client.force_login(consumer)
    response = client.post(
        _url("reply", appeal),
        {"text": "Вот", "files": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")},
        follow=True,
    )
    assert "такой тип не принимается" in response.content.decode()
    assert appeal.messages.count() == 0


def test_withdraw(client, make_appeal, consumer):
    appeal = make_appeal()
    client.force_login(consumer)
    client.post(_url("withdraw", appeal), {"reason": "Вопрос решён"})
    appeal.refresh_from_db()
    assert appeal.status == Status.WITHDRAWN
    assert appeal.events.last().action == "withdrawn"
    body = client.get(_detail(appeal)).content.decode()
    assert _url("withdraw", appeal) not in body
    assert "Отозвано: Вопрос решён" in body


def test_rating_only_after_an_answer(client, make_appeal, consumer, specialist):
    appeal = make_appeal()
    client.force_login(consumer)
    assert _url("rate", appeal) not in client.get(_detail(appeal)).content.decode()
    client.post(_url("rate", appeal), {"rating": "5"})
    appeal.refresh_from_db()
    assert appeal.rating is None

    appeal_answer(actor=specialist, appeal=appeal, text="Заменим счётчик.")
    assert _url("rate", appeal) in client.get(_detail(appeal)).content.decode()
    client.post(_url("rate", appeal), {"rating": "4", "comment": "Долго"})
    appeal.refresh_from_db()
    assert (appeal.rating, appeal.rating_comment) == (4, "Долго")


def test_consumer_reply_is_shown_as_theirs(client, make_appeal, consumer):
    appeal = make_appeal()
    appeal_consumer_reply(actor=consumer, appeal=appeal, text="Дополняю")
    client.force_login(consumer)
    body = client.get(_detail(appeal)).content.decode()
    assert "Дополняю" in body
    assert "(вы)" in body
