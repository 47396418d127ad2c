"""The voice menu end to end through the webhook: the PBX posts each step and gets
the next instruction. Every self-service flow of the company menu (seeded by the
data migration): outage at my address, meter reading by keypad, appeal status,
call-back request, transfer to an operator queue."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gridcare.contact_centre.desk_selectors import callback_request_list_for_desk
from gridcare.contact_centre.models import CallbackRequest
from gridcare.metering.models import Meter, MeterReading
from gridcare.outages.models import Outage
from gridcare.telephony.models import Call, IvrStep
from gridcare.telephony.services import pbx_create
from gridcare.telephony.tests.conftest import PbxClient

pytestmark = pytest.mark.django_db

CONSUMER_PHONE = "+79170000001"  # the `consumer` persona
STRANGER = "+79990001122"
MENU = (
    "Здравствуйте! Вы позвонили в контакт-центр Сетевой компании. Разговор может "
    "быть записан. Узнать об отключении электроэнергии по вашему адресу — нажмите 1. "
    "Передать показания счётчика — 2. Узнать статус обращения — 3. Заказать обратный "
    "звонок — 4. Технологическое присоединение — 5. Соединиться с оператором — 0."
)
AFTER = (
    "Вернуться в главное меню — нажмите 1. Соединиться с оператором — 0. "
    "Завершить звонок — 9 или просто положите трубку."
)
MENU_GATHER = {
    "max_digits": 1,
    "timeout_seconds": 6,
    "finish_on_key": "#",
    "speech": True,
}
NUMBER_GATHER = {**MENU_GATHER, "max_digits": 20, "timeout_seconds": 10}


class Dialog:
    """One caller going through the menu over the webhook."""

    def __init__(self, client: PbxClient, call_id: str, caller: str) -> None:
        self.client = client
        self.call_id = call_id
        self.caller = caller
        self.step = 0
        self.last: dict[str, Any] = {}

    def start(self) -> dict[str, Any]:
        response = self.client.step(
            call_id=self.call_id, caller=self.caller, called="88002000878"
        )
        assert response.status_code == 200, response.content
        return self._keep(response.json())

    def press(self, digits: str = "", speech: str = "") -> dict[str, Any]:
        response = self.client.step(
            call_id=self.call_id, step=self.step, digits=digits, speech=speech
        )
        assert response.status_code == 200, response.content
        return self._keep(response.json())

    def _keep(self, body: dict[str, Any]) -> dict[str, Any]:
        self.step = body["step"]
        self.last = body
        return body

    @property
    def call(self) -> Call:
        return Call.objects.get(external_id=self.call_id)


@pytest.fixture
def dial(pbx_client: PbxClient) -> Callable[..., Dialog]:
    def make(caller: str = CONSUMER_PHONE, call_id: str = "c1") -> Dialog:
        dialog = Dialog(pbx_client, call_id, caller)
        dialog.start()
        return dialog

    return make


def test_greets_with_the_menu_and_records_the_call(
    pbx_client: PbxClient, consumer: Any
) -> None:
    response = pbx_client.step(call_id="c1", caller="89170000001", called="88002000878")
    assert response.status_code == 200
    assert response.json() == {
        "call_id": "c1",
        "step": 1,
        "say": MENU,
        "gather": MENU_GATHER,
        "transfer": None,
        "hangup": False,
    }
    call = Call.objects.get(external_id="c1")
    assert (call.status, call.caller) == ("ivr", CONSUMER_PHONE)
    assert list(call.events.values_list("type", flat=True)) == ["new", "ivr_entered"]


def test_outage_by_caller_id_tells_cause_and_restoration_time(
    dial: Callable[..., Dialog], consumer: Any, make_storm: Callable[[], Outage]
) -> None:
    outage = make_storm()
    dialog = dial()
    body = dialog.press("1")
    eta = timezone.localtime(outage.estimated_restoration_at).strftime("%d.%m.%Y %H:%M")
    start = timezone.localtime(outage.started_at).strftime("%d.%m.%Y %H:%M")
    assert body == {
        "call_id": "c1",
        "step": 2,
        "say": "Проверяю отключения по вашему адресу. "
        f"По вашему адресу с {start} (мск) аварийное отключение. Причина: "
        "Повреждение кабельной линии 10 кВ. Ожидаемое время восстановления "
        f"электроснабжения — {eta} (мск). Мы сообщим, когда электроснабжение "
        f"восстановят. {AFTER}",
        "gather": MENU_GATHER,
        "transfer": None,
        "hangup": False,
    }
    goodbye = dialog.press("9")
    assert goodbye["say"] == "Спасибо за звонок. До свидания!"
    assert goodbye["hangup"] is True
    call = dialog.call
    assert (call.status, call.handled_by, call.self_service) == (
        "ended",
        "ivr",
        "outage",
    )


def test_outage_asks_a_stranger_for_the_account_number(
    dial: Callable[..., Dialog], consumer: Any
) -> None:
    dialog = dial(caller=STRANGER)
    asked = dialog.press("1")
    assert asked["say"] == (
        "Проверяю отключения по вашему адресу. "
        "Введите номер лицевого счёта и нажмите решётку."
    )
    assert asked["gather"] == NUMBER_GATHER
    wrong = dialog.press("999999")
    assert wrong["say"] == (
        "Лицевой счёт не найден. Введите номер лицевого счёта и нажмите решётку."
    )
    answer = dialog.press("1600000001")
    assert answer["say"].startswith("Известных отключений по вашему адресу нет.")
    assert answer["say"].endswith(AFTER)


def test_meter_reading_by_keypad_is_accepted_through_metering(
    dial: Callable[..., Dialog], consumer: Any, meter: Meter, in_window: None
) -> None:
    dialog = dial()
    asked = dialog.press("2")
    assert asked["say"] == (
        "Передача показаний счётчика. Введите показание прибора учёта номер "
        "0 1 2 3 4 5 6 7: целую часть, затем звёздочку и дробную часть, в конце "
        "нажмите решётку."
    )
    assert asked["gather"] == NUMBER_GATHER
    done = dialog.press("12345*6")
    assert done["say"] == f"Показания приняты: 12345,60. Спасибо! {AFTER}"
    reading = MeterReading.objects.get(meter=meter)
    assert (reading.value_t1, reading.source, reading.submitted_by) == (
        Decimal("12345.6"),
        "ivr",
        None,
    )
    assert dialog.call.self_service == "reading"


def test_meter_reading_refused_is_explained_and_asked_again(
    dial: Callable[..., Dialog], consumer: Any, meter: Meter, in_window: None
) -> None:
    dialog = dial()
    dialog.press("2")
    again = dialog.press("1234567890")
    assert again["say"] == (
        "Показание Т1 (однотарифный): у прибора учёта 6 цифр до запятой, а введено "
        "10. Перепишите цифры с табло счётчика. Введите показание прибора учёта "
        "номер 0 1 2 3 4 5 6 7: целую часть, затем звёздочку и дробную часть, в конце "
        "нажмите решётку."
    )
    assert again["say"].endswith("в конце нажмите решётку.")
    assert again["gather"] == NUMBER_GATHER
    assert MeterReading.objects.count() == 0
    dialog.press("100")
    assert MeterReading.objects.count() == 1


def test_appeal_status_is_told_to_the_appeal_phone_only(
    dial: Callable[..., Dialog], make_appeal: Callable[..., Any], other_consumer: Any
) -> None:
    appeal = make_appeal()
    digits = appeal.number.replace("-", "")
    dialog = dial()
    assert dialog.press("3")["say"] == (
        "Статус обращения. Введите номер обращения: две цифры года и семь цифр "
        "номера, затем нажмите решётку."
    )
    told = dialog.press(digits)
    spelled = " ".join(digits)
    assert told["say"].startswith(f"Обращение номер {spelled} от "), told["say"]
    assert "Статус: зарегистрировано. Ответ будет дан не позднее" in told["say"]
    assert dialog.call.self_service == "appeal_status"

    stranger = dial(caller=other_consumer.phone, call_id="c2")
    stranger.press("3")
    refused = stranger.press(digits)
    assert refused["say"] == (
        "Обращение с таким номером для телефона, с которого вы звоните, не найдено. "
        "Введите номер обращения: две цифры года и семь цифр номера, затем нажмите "
        "решётку."
    )
    assert appeal.number not in refused["say"]
    assert stranger.call.self_service == ""


def test_callback_request_is_left_and_the_call_ends(
    dial: Callable[..., Dialog], consumer: Any, operator: Any
) -> None:
    dialog = dial()
    body = dialog.press("4")
    assert body == {
        "call_id": "c1",
        "step": 2,
        "say": "Заказ обратного звонка. Заявка принята. Специалист перезвонит вам на "
        "номер, оканчивающийся на 0 0 0 1, в течение четырёх часов. Спасибо за "
        "звонок. До свидания!",
        "gather": None,
        "transfer": None,
        "hangup": True,
    }
    request = CallbackRequest.objects.get()
    assert (request.phone, request.name, request.topic) == (
        CONSUMER_PHONE,
        "Иванова Анна Петровна",
        "general",
    )
    assert request.appeal is not None
    # Counted in the registry under the voice menu, not the chat-bot; a call-back
    # task of the desk due in 4 hours.
    assert (request.appeal.channel, request.appeal.regime) == ("ivr", "phone_callback")
    assert request.due_at - request.created_at == timedelta(hours=4)
    assert request in callback_request_list_for_desk(user=operator)
    call = dialog.call
    assert (call.handled_by, call.self_service) == ("ivr", "callback")


def test_hidden_caller_id_types_the_callback_number(
    dial: Callable[..., Dialog], db: Any
) -> None:
    dialog = dial(caller="anonymous")
    asked = dialog.press("4")
    assert asked["say"].endswith(
        "Введите номер телефона для обратного звонка: десять цифр после восьмёрки, "
        "затем нажмите решётку."
    )
    done = dialog.press("89991234567")
    assert done["hangup"] is True
    assert CallbackRequest.objects.get().phone == "+79991234567"


def test_transfer_puts_the_caller_into_the_topic_queue(
    dial: Callable[..., Dialog], consumer: Any
) -> None:
    dialog = dial()
    body = dialog.press("5")
    assert body == {
        "call_id": "c1",
        "step": 2,
        "say": "Соединяю со специалистом по технологическому присоединению. "
        "Пожалуйста, оставайтесь на линии.",
        "gather": None,
        "transfer": {"queue": "connection"},
        "hangup": False,
    }
    call = dialog.call
    assert (call.status, call.topic, call.handled_by) == ("queued", "connection", "")


def test_speech_keyword_chooses_like_a_digit(
    dial: Callable[..., Dialog], consumer: Any, meter: Meter, in_window: None
) -> None:
    dialog = dial()
    body = dialog.press(speech="Хочу передать показания счётчика")
    assert body["say"].startswith("Передача показаний счётчика.")
    assert (
        dialog.press(speech="двенадцать: 12345")
        .get("say", "")
        .startswith("Показания приняты: 12345,00.")
    )


def test_unrecognised_choice_repeats_then_goes_to_an_operator(
    dial: Callable[..., Dialog], consumer: Any
) -> None:
    dialog = dial()
    assert dialog.press("7")["say"] == f"Выбор не распознан. {MENU}"
    assert dialog.press("")["say"] == MENU  # silence: the menu again
    last = dialog.press("8")
    assert last["transfer"] == {"queue": "general"}
    assert last["say"] == "Соединяю с оператором, пожалуйста, оставайтесь на линии."


def test_repeated_step_returns_the_same_instruction_once(
    dial: Callable[..., Dialog], pbx_client: PbxClient, consumer: Any
) -> None:
    dialog = dial()
    first = dialog.press("0")
    replay = pbx_client.step(call_id="c1", step=1, digits="0")
    assert replay.status_code == 200
    assert replay.json() == first
    other = pbx_client.step(call_id="c1", step=1, digits="4")
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "ivr_step_stale"
    assert IvrStep.objects.count() == 2
    assert CallbackRequest.objects.count() == 0


def test_step_after_the_menu_ended_is_refused(
    dial: Callable[..., Dialog], pbx_client: PbxClient, consumer: Any
) -> None:
    dialog = dial()
    dialog.press("0")
    response = pbx_client.step(call_id="c1", step=2, digits="1")
    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "code": "ivr_finished",
            "message": "Голосовое меню этого звонка завершено.",
            "details": None,
        }
    }


def test_another_pbx_cannot_step_this_call(
    dial: Callable[..., Dialog], consumer: Any
) -> None:
    dial()
    _other, key = pbx_create(name="Чужая АТС")
    response = PbxClient(key).step(call_id="c1", step=1, digits="4")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == (
        "Сеанс голосового меню для этого звонка не найден."
    )
    assert CallbackRequest.objects.count() == 0


def test_step_after_the_caller_hung_up_is_refused(
    dial: Callable[..., Dialog], pbx_client: PbxClient, consumer: Any
) -> None:
    dialog = dial()
    pbx_client.event(event_id="h1", type="hangup", call_id="c1")
    response = pbx_client.step(call_id="c1", step=1, digits="4")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "ivr_finished"
    assert CallbackRequest.objects.count() == 0
    assert (dialog.call.handled_by, dialog.call.self_service) == ("ivr", "")
