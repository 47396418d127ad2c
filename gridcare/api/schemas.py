"""Building blocks shared by every router: the error object, datetimes with an offset,
pagination and code lists as OpenAPI enums with Russian descriptions."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from django.db.models import TextChoices
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AwareDatetime, PlainSerializer, WithJsonSchema

_DATE_TIME_SCHEMA = {"type": "string", "format": "date-time"}


def _iso_local(value: datetime) -> str:
    # The company's local time with its offset, to the second: "2026-03-02T12:00:00+03:00".
    return timezone.localtime(value).isoformat(timespec="seconds")


# An aware datetime rendered in ISO 8601 with the offset of settings.TIME_ZONE.
DateTime = Annotated[
    datetime,
    PlainSerializer(_iso_local, return_type=str),
    WithJsonSchema(_DATE_TIME_SCHEMA),
]
# Input datetimes must carry an offset: a naive time is ambiguous.
DateTimeIn = Annotated[AwareDatetime, WithJsonSchema(_DATE_TIME_SCHEMA)]


def code_enum(choices: type[TextChoices], name: str, title: str) -> type[StrEnum]:
    """An OpenAPI enum of stable codes whose description lists the Russian labels."""
    enum = StrEnum(name, [(c.name, c.value) for c in choices])  # type: ignore[misc]
    enum.__module__ = __name__
    enum.__doc__ = f"{title}: " + "; ".join(f"`{c.value}` — {c.label}" for c in choices)
    return enum


class ErrorDetail(Schema):
    code: str = Field(
        description="Машинный код ошибки, например `validation_error`, `not_found`."
    )
    message: str = Field(description="Сообщение для человека, на русском.")
    details: dict[str, Any] | None = Field(
        description="Подробности: для ошибок проверки — список полей `fields` "
        "с сообщением по каждому; иначе null или сведения об ошибке."
    )


class ErrorOut(Schema):
    """Ошибка: единый вид для всех ответов 4xx и 5xx."""

    error: ErrorDetail


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """Response declarations of the error codes an operation may return."""
    return dict.fromkeys(codes, ErrorOut)


class PageIn(Schema):
    limit: int = Field(
        20,
        ge=1,
        le=100,
        description="Сколько записей вернуть (1–100, по умолчанию 20).",
    )
    offset: int = Field(0, ge=0, description="Сколько записей пропустить с начала.")


class PersonOut(Schema):
    id: int = Field(description="Идентификатор пользователя.")
    name: str = Field(description="ФИО или логин.")

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)
