"""API v1 schemas of the privacy app."""

from typing import Any

from ninja import Field, Schema

from gridcare.api.schemas import DateTime, code_enum
from gridcare.consumers.models import ConsentPurpose
from gridcare.privacy.models import Decision, RequestStatus, RequestType

RequestTypeCode = code_enum(RequestType, "SubjectRequestType", "Вид запроса")
RequestStatusCode = code_enum(RequestStatus, "SubjectRequestStatus", "Статус запроса")
DecisionCode = code_enum(Decision, "SubjectRequestDecision", "Решение")
ConsentPurposeCode = code_enum(ConsentPurpose, "ConsentPurposeCode", "Цель согласия")


class SubjectRequestIn(Schema):
    """Запрос субъекта персональных данных (152-ФЗ ст. 14, 20, 21)."""

    type: RequestTypeCode = Field(description="Вид запроса.")  # type: ignore[valid-type]
    text: str = Field("", max_length=5000, description="Пояснение, необязательно.")
    requested_changes: dict[str, str] = Field(
        default_factory=dict,
        description="Для `correction`: новые значения полей `name`, `phone`, `email`, "
        "`postal_address` (только те, что исправить).",
    )
    consent_purpose: ConsentPurposeCode | None = Field(  # type: ignore[valid-type]
        None, description="Для `withdraw_consent`: цель отзываемого согласия."
    )


class SubjectRequestOut(Schema):
    id: int
    number: str = Field(description="Регистрационный номер обращения.")
    appeal_id: int = Field(description="Обращение в реестре (переписка, история).")
    type: RequestTypeCode  # type: ignore[valid-type]
    type_label: str
    status: RequestStatusCode  # type: ignore[valid-type]
    status_label: str
    created_at: DateTime
    due_at: DateTime | None = Field(description="Срок ответа (10 рабочих дней, +5).")
    extended_at: DateTime | None
    extension_reason: str
    requested_changes: dict[str, str]
    consent_purpose: str
    decision: DecisionCode | None  # type: ignore[valid-type]
    answer_text: str
    answered_at: DateTime | None

    @staticmethod
    def resolve_number(obj: Any) -> str:
        return obj.appeal.number or ""

    @staticmethod
    def resolve_type_label(obj: Any) -> str:
        return str(obj.get_type_display())

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_due_at(obj: Any) -> Any:
        return obj.appeal.due_at

    @staticmethod
    def resolve_decision(obj: Any) -> str | None:
        return obj.decision or None


class SubjectRequestPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[SubjectRequestOut]
