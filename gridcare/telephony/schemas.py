"""API schemas of telephony: call events from a PBX and steps of the voice menu."""

from typing import Any

from ninja import Field, Schema

from gridcare.api.schemas import DateTime, DateTimeIn, code_enum
from gridcare.telephony.models import CallEventType, CallStatus, HandledBy

EventTypeCode = code_enum(CallEventType, "CallEventType", "Событие звонка")
CallStatusCode = code_enum(CallStatus, "CallStatus", "Статус звонка")


class CallEventIn(Schema):
    event_id: str = Field(
        min_length=1,
        max_length=128,
        description="Идентификатор события в АТС; повтор с тем же идентификатором "
        "ничего не меняет и возвращает первый ответ.",
    )
    type: EventTypeCode = Field(description="Тип события.")  # type: ignore[valid-type]
    call_id: str = Field(
        min_length=1, max_length=64, description="Идентификатор звонка в АТС."
    )
    at: DateTimeIn | None = Field(
        None, description="Когда произошло (с часовым поясом); нет — время приёма."
    )
    caller: str = Field("", max_length=32, description="Номер звонящего.")
    called: str = Field("", max_length=32, description="Набранный номер.")
    queue: str = Field(
        "",
        max_length=64,
        description="Очередь АТС или тематика: connection, services, reliability, "
        "metering, general (для queue_entered и transferred).",
    )
    operator: str = Field(
        "",
        max_length=64,
        description="Агент или внутренний номер оператора (или его e-mail), "
        "для answered.",
    )
    recording_ref: str = Field(
        "", max_length=255, description="Ссылка на запись разговора (для hangup)."
    )
    data: dict[str, Any] = Field(
        default_factory=dict, description="Прочие сведения АТС (хранятся как есть)."
    )


class CallOut(Schema):
    call_id: str = Field(description="Идентификатор звонка в АТС.")
    status: CallStatusCode  # type: ignore[valid-type]
    handled_by: str = Field(
        description="Как завершён: "
        + "; ".join(f"`{c.value}` — {c.label}" for c in HandledBy)
        + "; пусто — звонок идёт."
    )
    caller: str
    called: str
    queue: str
    topic: str = Field(description="Тематика очереди контакт-центра.")
    operator_id: int | None
    self_service: str = Field(
        description="Самообслуживание в голосовом меню: outage, reading, "
        "appeal_status, callback; пусто — не было."
    )
    started_at: DateTime
    queued_at: DateTime | None
    answered_at: DateTime | None
    ended_at: DateTime | None
    recording_ref: str


class CallEventOut(Schema):
    duplicate: bool = Field(description="true — событие уже было принято раньше.")
    event_type: EventTypeCode  # type: ignore[valid-type]
    call: CallOut


class IvrStepIn(Schema):
    call_id: str = Field(
        min_length=1, max_length=64, description="Идентификатор звонка в АТС."
    )
    caller: str = Field("", max_length=32, description="Номер звонящего (АОН).")
    called: str = Field("", max_length=32, description="Набранный номер.")
    language: str = Field("ru", description="Язык меню: ru или tt.")
    step: int | None = Field(
        None,
        ge=0,
        description="Номер инструкции, на которую отвечает ввод (из прошлого ответа). "
        "Первый запрос звонка — без step; повтор шага возвращает ту же инструкцию.",
    )
    digits: str = Field("", max_length=32, description="Нажатые клавиши.")
    speech: str = Field("", max_length=500, description="Результат распознавания речи.")


class GatherOut(Schema):
    max_digits: int
    timeout_seconds: int
    finish_on_key: str
    speech: bool


class TransferOut(Schema):
    queue: str = Field(description="Очередь (тематика) контакт-центра.")


class IvrInstructionOut(Schema):
    call_id: str
    step: int = Field(
        description="Номер инструкции; передайте его со следующим вводом."
    )
    say: str = Field(description="Что произнести (текст для синтеза речи).")
    gather: GatherOut | None = Field(description="Собрать ввод после фразы.")
    transfer: TransferOut | None = Field(description="Перевести в очередь операторов.")
    hangup: bool = Field(description="Завершить звонок после фразы.")
