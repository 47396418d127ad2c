"""Алсу's dialog: knowledge-base replies and the live actions (outages, «нет света»,
an appeal's status, meter readings, filing an appeal), each for a logged-in consumer
and an anonymous visitor, with the follow-up questions in between."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gridcare.appeals.models import Appeal
from gridcare.chatbot import actions
from gridcare.chatbot.models import BotMessage, Conversation
from gridcare.chatbot.services import conversation_post, conversation_start
from gridcare.chatbot.tests.fakes import fake_matcher  # noqa: F401
from gridcare.contact_centre.models import ChatMessage, LiveChat
from gridcare.core.errors import ApplicationError
from gridcare.outages.models import PowerReport
from gridcare.outages.services import AreaInput, OutageInput, outage_register_unplanned

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_matcher")]


def _say(conversation: Conversation, text: str) -> list[BotMessage]:
    """The person writes; return Алсу's replies (without the person's own message)."""
    messages = conversation_post(conversation=conversation, text=text)
    assert messages[0].author == "user" and messages[0].text == text
    conversation.refresh_from_db()
    return messages[1:]


def _texts(messages: list[BotMessage]) -> list[str]:
    return [m.text for m in messages]


@pytest.fixture
def storm(street: Any, supervisor: Any) -> Any:
    """An unplanned outage on ул. Баумана in Kazan (the consumer lives at no. 1)."""
    return outage_register_unplanned(
        actor=supervisor,
        data=OutageInput(
            cause="equipment_failure",
            cause_text="Повреждение кабельной линии 10 кВ",
            voltage_level="SN2",
            areas=[AreaInput(settlement_id=street.settlement_id, street_id=street.pk)],
            estimated_restoration_at=timezone.now() + timedelta(hours=3),
        ),
    )


def test_a_conversation_is_saved_with_the_greeting_and_action_buttons(consumer):
    conversation = conversation_start(user=consumer, channel="portal")
    greeting = conversation.messages.get()
    assert (greeting.author, greeting.kind) == ("bot", "smalltalk")
    assert [o["label"] for o in greeting.options] == [
        "Нет света",
        "Передать показания",
        "Статус обращения",
        "Подать обращение",
    ]
    assert conversation.state == "bot" and conversation.user == consumer


def test_knowledge_base_answer_is_saved_with_article_and_confidence(db):
    conversation = conversation_start(user=None, channel="api")
    (reply,) = _say(conversation, "Как оформить техприсоединение?")
    assert (reply.kind, reply.article_id, reply.confidence) == (
        "answer",
        "connection-apply",
        0.93,
    )
    assert reply.text == "Заявку на присоединение подают в личном кабинете."
    assert conversation.topic == "connection"


def test_clarifying_buttons_answer_with_the_chosen_article(db):
    conversation = conversation_start(user=None, channel="portal")
    (question,) = _say(conversation, "пломба")
    assert question.kind == "clarify"
    assert question.options == [
        {"label": "Опломбирование счётчика", "value": "article:seal-install"},
        {"label": "Замена неисправного счётчика", "value": "article:meter-replace"},
    ]
    (answer,) = _say(conversation, "article:seal-install")
    assert (answer.kind, answer.article_id) == ("answer", "seal-install")


def test_outage_at_a_typed_address(storm, make_building):
    make_building("5")
    conversation = conversation_start(user=None, channel="portal")
    (reply,) = _say(conversation, "Есть ли отключение по адресу Казань, Баумана 5?")
    assert reply.kind == "outage"
    assert "Аварийное — электроснабжение прекращено" in reply.text
    assert "Повреждение кабельной линии 10 кВ" in reply.text


def test_outage_question_without_address_asks_for_it(storm, make_building):
    make_building("5")
    conversation = conversation_start(user=None, channel="portal")
    (ask,) = _say(conversation, "Будут ли отключения на этой неделе?")
    assert ask.text == "Напишите адрес: населённый пункт, улицу и дом."
    assert conversation.step == "outage_address"
    (reply,) = _say(conversation, "Казань Баумана 5")
    assert "Повреждение кабельной линии 10 кВ" in reply.text
    assert conversation.step == ""


def test_no_power_at_the_consumers_address_under_a_known_outage(consumer, storm):
    conversation = conversation_start(user=consumer, channel="portal")
    (reply,) = _say(conversation, "У меня нет света")
    assert reply.text.startswith("По вашему адресу с ")
    assert "Повреждение кабельной линии 10 кВ" in reply.text
    assert not Appeal.objects.exists()


def test_no_power_without_outage_is_reported_as_a_chatbot_appeal(consumer):
    conversation = conversation_start(user=consumer, channel="portal")
    (offer,) = _say(conversation, "пропал свет")
    assert offer.text == (
        "По адресу г. Казань, ул. Баумана, д. 1 известных отключений нет. Сообщить "
        "диспетчеру, что у вас нет света?"
    )
    assert offer.options == [
        {"label": "Да", "value": "Да"},
        {"label": "Нет", "value": "Нет"},
    ]
    (done,) = _say(conversation, "Да")
    appeal = Appeal.objects.get()
    assert (appeal.channel, appeal.topic, appeal.consumer_id) == (
        "chatbot",
        "reliability",
        consumer.consumer.pk,
    )
    assert appeal.power_report.channel == "chatbot"
    assert done.text.startswith(
        f"Сообщение зарегистрировано, обращение № {appeal.number}."
    )
    assert conversation.appeal == appeal and conversation.carries_request


def test_anonymous_no_power_asks_the_address_and_goes_to_dispatch(make_building):
    make_building("7")
    conversation = conversation_start(user=None, channel="mobile_app")
    (_ask,) = _say(conversation, "нет электричества")
    assert conversation.step == "no_power_address"
    (_offer,) = _say(conversation, "Казань, Баумана 7")
    assert conversation.step == "report_confirm"
    (done,) = _say(conversation, "да")
    report = PowerReport.objects.get()
    assert (report.channel, report.building.number) == ("chatbot", "7")
    assert done.text.startswith("Известных отключений по вашему адресу нет.")
    assert not Appeal.objects.exists()


def test_status_of_own_appeal(consumer, make_appeal):
    appeal = make_appeal()
    conversation = conversation_start(user=consumer, channel="portal")
    (reply,) = _say(conversation, f"Какой статус обращения {appeal.number}?")
    assert reply.kind == "appeal_status"
    assert reply.text.startswith(f"Обращение № {appeal.number} от ")
    assert "«Зарегистрировано»" in reply.text


def test_status_asks_for_the_number_then_answers(consumer, make_appeal):
    appeal = make_appeal()
    conversation = conversation_start(user=consumer, channel="portal")
    (ask,) = _say(conversation, "Где моё обращение?")
    assert ask.text == "Напишите номер обращения, например 26-0001234."
    (reply,) = _say(conversation, appeal.number.replace("-", ""))
    assert "«Зарегистрировано»" in reply.text


def test_another_consumers_appeal_is_not_revealed(other_consumer, make_appeal):
    appeal = make_appeal()  # the consumer's, not other_consumer's
    conversation = conversation_start(user=other_consumer, channel="portal")
    (reply,) = _say(conversation, f"статус обращения {appeal.number}")
    assert (
        reply.text == f"Обращение № {appeal.number} среди ваших обращений не найдено."
    )


def test_anonymous_is_asked_to_log_in_for_an_appeal_status(make_appeal):
    appeal = make_appeal()
    conversation = conversation_start(user=None, channel="portal")
    (reply,) = _say(conversation, f"статус обращения {appeal.number}")
    assert "после входа в личный кабинет" in reply.text
    assert "Зарегистрировано" not in reply.text and appeal.number not in reply.text


class _Meter:
    def __init__(self, pk: int, serial: str, zones: int) -> None:
        self.pk, self.serial_number, self.tariff_zones = pk, serial, zones
        self.is_remote = False


def test_meter_readings_for_a_logged_in_consumer(consumer, monkeypatch):
    meters = [_Meter(11, "0012345", 1), _Meter(12, "0067890", 2)]
    submitted: list[dict[str, Any]] = []

    def submit(**kwargs: Any) -> None:
        if kwargs["values"]["T1"] < 100:
            raise ApplicationError("Показание меньше предыдущего (100 от 01.03.2026).")
        submitted.append(kwargs)

    monkeypatch.setattr(actions, "_metering", lambda: (lambda c: meters, submit))
    conversation = conversation_start(user=consumer, channel="portal")
    (choose,) = _say(conversation, "Хочу передать показания")
    assert choose.options == [
        {"label": "№ 0012345", "value": "meter:11"},
        {"label": "№ 0067890", "value": "meter:12"},
    ]
    (ask,) = _say(conversation, "meter:12")
    assert ask.text == (
        "Счётчик № 0067890. Напишите показания через пробел: день (Т1), ночь (Т2)."
    )
    (again,) = _say(conversation, "1500")
    assert again.text.startswith("Нужно 2 числа")
    (refused,) = _say(conversation, "50 20")
    assert refused.text.startswith("Показание меньше предыдущего (100 от 01.03.2026).")
    assert conversation.step == "reading_values"
    (accepted,) = _say(conversation, "1500,5 700")
    assert accepted.text == "Показания счётчика № 0067890 приняты: 1500.5 / 700."
    assert submitted == [
        {
            "meter": meters[1],
            "values": {"T1": Decimal("1500.5"), "T2": Decimal("700")},
            "source": "chatbot",
            "submitted_by": consumer,
        }
    ]


def test_meter_readings_need_a_login(db):
    conversation = conversation_start(user=None, channel="portal")
    (reply,) = _say(conversation, "передать показания счётчика")
    assert reply.text.startswith("Передать показания в чате можно после входа")


def test_consumer_files_an_appeal_from_the_conversation(consumer):
    conversation = conversation_start(user=consumer, channel="mobile_app")
    (_ask,) = _say(conversation, "Хочу подать обращение")
    assert conversation.step == "appeal_text"
    (topics,) = _say(conversation, "Счётчик мигает и не считает, прошу проверить")
    assert topics.options[0] == {"label": "Учёт", "value": "topic:metering"}
    (done,) = _say(conversation, "topic:metering")
    appeal = Appeal.objects.get()
    assert (appeal.channel, appeal.topic, appeal.category, appeal.status) == (
        "chatbot",
        "metering",
        "metering",
        "registered",
    )
    assert appeal.text == "Счётчик мигает и не считает, прошу проверить"
    assert appeal.consumer == consumer.consumer
    assert done.text.startswith(f"Обращение зарегистрировано, номер {appeal.number}.")
    assert conversation.appeal == appeal


def test_visitor_files_an_appeal_with_name_and_phone(db):
    conversation = conversation_start(user=None, channel="portal")
    _say(conversation, "написать жалобу")
    _say(conversation, "Долго не подключают дом к сетям")
    (_ask,) = _say(conversation, "ТП")
    assert conversation.step == "appeal_contact"
    (again,) = _say(conversation, "Анна")
    assert again.text.startswith("Нужны и имя, и телефон")
    (done,) = _say(conversation, "Анна Смирнова, 8 (917) 123-45-67")
    appeal = Appeal.objects.get()
    assert (appeal.contact_name, appeal.contact_phone, appeal.topic) == (
        "Анна Смирнова",
        "+79171234567",
        "connection",
    )
    assert appeal.number in done.text


def test_cancel_leaves_a_follow_up_question(consumer):
    conversation = conversation_start(user=consumer, channel="portal")
    _say(conversation, "подать обращение")
    (reply,) = _say(conversation, "отмена")
    assert reply.text == "Хорошо, отменила. Чем ещё помочь?"
    assert conversation.step == "" and not Appeal.objects.exists()


def test_unsure_bot_hands_a_consumer_over_and_messages_go_to_the_chat(consumer):
    conversation = conversation_start(user=consumer, channel="portal")
    replies = _say(conversation, "Счётчик крутится, когда всё выключено")
    assert [m.kind for m in replies] == ["handoff", "queue"]
    assert replies[1].text.startswith(
        "Все специалисты сейчас заняты. Вы в очереди: 1-й."
    )
    chat = LiveChat.objects.get()
    assert (chat.topic, chat.status, chat.user) == ("metering", "waiting", consumer)
    assert chat.transcript[-2]["text"] == "Счётчик крутится, когда всё выключено"
    assert conversation.state == "live" and conversation.live_chat == chat
    assert _say(conversation, "Жду ответа") == []
    assert ChatMessage.objects.get().text == "Жду ответа"


def test_visitor_gives_name_and_phone_before_the_hand_off(db):
    conversation = conversation_start(user=None, channel="portal")
    replies = _say(conversation, "позовите оператора")
    assert conversation.step == "handoff_contact"
    assert replies[-1].options == [
        {"label": "Перезвоните мне", "value": "Перезвоните мне"}
    ]
    _say(conversation, "Олег, +7 917 555-44-33")
    chat = LiveChat.objects.get()
    assert (chat.contact_name, chat.contact_phone, chat.topic) == (
        "Олег",
        "+79175554433",
        "general",
    )
