"""Schemas of the chat API (/api/v1/chat)."""

from typing import Literal

from ninja import Field, Schema


class OptionOut(Schema):
    label: str = Field(description="Надпись кнопки.")
    value: str = Field(description="Что отправить сообщением при нажатии.")


class ChatMessageOut(Schema):
    id: int
    author: str = Field(description="`bot`, `user`, `specialist` или `system`.")
    text: str
    kind: str = Field(
        description="Решение бота (`answer`, `clarify`, `handoff`, `smalltalk`) "
        "или действие (`outage`, `appeal_status`, `reading`, `appeal`, `callback`, "
        "`queue`, `live`, `closed`); пусто для сообщений потребителя."
    )
    options: list[OptionOut] = Field(description="Кнопки уточняющего вопроса.")
    created: str = Field(description="Время по Москве, ISO 8601.")


class ConversationStartIn(Schema):
    channel: Literal["mobile_app", "api", "portal"] = Field(
        "mobile_app", description="Откуда разговор."
    )


class ConversationOut(Schema):
    token: str = Field(
        description="Ключ разговора: анонимный разговор открывает тот, у кого он есть."
    )
    channel: str
    state: str = Field(description="`bot`, `live` (со специалистом) или `closed`.")
    queue_position: int | None = Field(
        description="Место в очереди к специалисту, пока разговор ждёт."
    )
    appeal_number: str | None = Field(description="Номер обращения в реестре.")
    messages: list[ChatMessageOut]


class MessageIn(Schema):
    text: str = Field(min_length=1, max_length=2000)


class MessagePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ChatMessageOut]


class NewMessagesOut(Schema):
    items: list[ChatMessageOut] = Field(description="Сообщение потребителя и ответы.")


class CallbackIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=1, max_length=32)
    preferred_time: str = Field("", max_length=100)


class CallbackOut(Schema):
    id: int
    phone: str
    due_at: str = Field(description="Перезвонить до (по Москве, ISO 8601).")
    appeal_number: str | None
