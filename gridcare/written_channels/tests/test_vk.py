"""VK Callback API: payloads in VK's documented format (API 5.199: message_new with
object.message and client_info; wall_reply_new with the comment in object)."""

from typing import Any

import pytest
from django.test import Client

from gridcare.appeals.codes import Channel, Status
from gridcare.appeals.models import Appeal, AppealMessage
from gridcare.appeals.services import appeal_answer
from gridcare.written_channels.models import VkCommunity, VkEvent, VkOutbox
from gridcare.written_channels.services.vk import (
    ASK_CONTACTS,
    vk_outbox_collect,
    vk_outbox_send,
)

GROUP_ID = 218000001
URL = "/channels/vk/callback/"


@pytest.fixture
def community(db: Any, monkeypatch: pytest.MonkeyPatch) -> VkCommunity:
    monkeypatch.setenv("TEST_VK_SECRET", "s3cr3t-key")
    return VkCommunity.objects.create(
        group_id=GROUP_ID,
        name="Сетевая компания",
        confirmation_code="a1b2c3d4",
        secret_env="TEST_VK_SECRET",
    )


def _message_new(
    event_id: str, from_id: int, text: str, **extra: Any
) -> dict[str, Any]:
    return {
        "group_id": GROUP_ID,
        "type": "message_new",
        "event_id": event_id,
        "v": "5.199",
        "secret": extra.pop("secret", "s3cr3t-key"),
        "object": {
            "message": {
                "date": 1772434800,
                "from_id": from_id,
                "id": 101,
                "out": 0,
                "attachments": extra.pop("attachments", []),
                "conversation_message_id": 55,
                "fwd_messages": [],
                "important": False,
                "is_hidden": False,
                "peer_id": from_id,
                "random_id": 0,
                "text": text,
            },
            "client_info": {
                "button_actions": [
                    "text",
                    "vkpay",
                    "open_app",
                    "location",
                    "open_link",
                ],
                "keyboard": True,
                "inline_keyboard": True,
                "carousel": True,
                "lang_id": 0,
            },
        },
    }


def _post(client: Client, payload: dict[str, Any]) -> Any:
    return client.post(URL, payload, content_type="application/json")


def test_confirmation_returns_the_configured_string(
    client: Client, community: Any
) -> None:
    response = _post(client, {"type": "confirmation", "group_id": GROUP_ID})
    assert response.status_code == 200
    assert response.content == b"a1b2c3d4"


def test_wrong_secret_is_refused_and_changes_nothing(
    client: Client, community: Any
) -> None:
    response = _post(
        client, _message_new("e1", 1001, "Нет света, +7 917 000-00-05", secret="bad")
    )
    assert response.status_code == 403
    assert response.content.decode() == "Неверный секретный ключ."
    assert VkEvent.objects.count() == 0
    assert Appeal.objects.count() == 0


def test_unknown_community_is_404(client: Client, community: Any) -> None:
    response = _post(client, {**_message_new("e1", 1001, "x"), "group_id": 1})
    assert response.status_code == 404
    assert response.content.decode() == "Сообщество ВКонтакте не подключено."


def test_message_with_phone_becomes_an_appeal_once(
    client: Client, community: Any, centre: Any, centre_staff: Any
) -> None:
    payload = _message_new(
        "ev-100",
        1001,
        "Добрый день! На Баумана 1 нет света второй час. Мой телефон 8 (917) 000-00-05",
    )
    first = _post(client, payload)
    again = _post(client, payload)  # VK retries until it gets "ok"

    assert (first.status_code, first.content) == (200, b"ok")
    assert (again.status_code, again.content) == (200, b"ok")
    appeal = Appeal.objects.get()
    assert appeal.channel == Channel.SOCIAL
    assert appeal.contact_phone == "+79170000005"
    assert appeal.contact_name == "Пользователь ВКонтакте id1001"
    assert appeal.status == Status.IN_WORK
    ack = VkOutbox.objects.get()
    assert ack.vk_user_id == 1001
    assert ack.text == (
        f"Ваше обращение зарегистрировано, номер {appeal.number}. Ответ пришлём "
        "сюда и на указанный контакт."
    )


def test_message_without_contacts_is_held_until_they_come(
    client: Client, community: Any
) -> None:
    _post(client, _message_new("ev-1", 2002, "Когда дадут свет на Баумана?"))
    assert Appeal.objects.count() == 0
    assert list(VkOutbox.objects.values_list("text", flat=True)) == [ASK_CONTACTS]

    _post(client, _message_new("ev-2", 2002, "petrova@example.ru"))

    appeal = Appeal.objects.get()
    assert appeal.text == "Когда дадут свет на Баумана?\n\npetrova@example.ru"
    assert appeal.contact_email == "petrova@example.ru"
    assert set(VkEvent.objects.values_list("outcome", flat=True)) == {
        "merged",
        "appeal",
    }


def test_next_message_is_a_reply_to_the_open_appeal(
    client: Client, community: Any
) -> None:
    _post(client, _message_new("ev-1", 3003, "Счётчик сломался. 89170000006"))
    _post(client, _message_new("ev-2", 3003, "Фото пришлю позже."))

    appeal = Appeal.objects.get()
    message = AppealMessage.objects.get(appeal=appeal)
    assert message.text == "Фото пришлю позже."
    assert message.direction == AppealMessage.Direction.FROM_CONSUMER


def test_wall_comment_becomes_an_appeal(client: Client, community: Any) -> None:
    payload = {
        "group_id": GROUP_ID,
        "type": "wall_reply_new",
        "event_id": "wall-1",
        "v": "5.199",
        "secret": "s3cr3t-key",
        "object": {
            "id": 77,
            "from_id": 4004,
            "date": 1772434800,
            "text": "Опять отключили без предупреждения! Пишите на ivanov@example.ru",
            "post_owner_id": -GROUP_ID,
            "post_id": 12,
            "parents_stack": [],
            "thread": {"count": 0},
        },
    }

    assert _post(client, payload).content == b"ok"

    appeal = Appeal.objects.get()
    assert appeal.text == (
        "Опять отключили без предупреждения! Пишите на ivanov@example.ru\n\n"
        f"[Комментарий к записи wall-{GROUP_ID}_12]"
    )


def test_answer_is_queued_back_and_sent_once(
    client: Client, community: Any, operator: Any, caplog: Any
) -> None:
    _post(client, _message_new("ev-1", 5005, "Прошу перерасчёт. +79170000007"))
    appeal = Appeal.objects.get()
    appeal_answer(actor=operator, appeal=appeal, text="Перерасчёт выполнен.")

    assert vk_outbox_collect() == 1
    assert vk_outbox_collect() == 0
    with caplog.at_level("INFO", logger="gridcare.written_channels"):
        assert vk_outbox_send() == 2  # the acknowledgement and the answer
    assert vk_outbox_send() == 0
    answer = VkOutbox.objects.get(appeal_message__isnull=False)
    assert answer.status == VkOutbox.Status.SENT
    assert answer.text == (
        f"Ответ по обращению № {appeal.number}:\nПерерасчёт выполнен."
    )
    assert f"VK {GROUP_ID} → id5005: Ответ по обращению" in caplog.text


def test_bad_json_is_refused(client: Client, community: Any) -> None:
    response = client.post(URL, b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.content.decode() == "Некорректный JSON."
