"""Schemas of the partner API for energy retailers."""

from typing import Any

from ninja import Field, Schema

from gridcare.api.schemas import DateTime
from gridcare.appeals.codes import AnswerChannel, Kind
from gridcare.appeals.schemas import (
    AnswerChannelCode,
    CategoryCode,
    KindCode,
    StatusCode,
    TopicCode,
)


class PartnerAppealIn(Schema):
    """Обращение клиента энергосбыта, переданное в сетевую компанию."""

    external_id: str = Field(
        min_length=1, max_length=64, description="Номер обращения у энергосбыта."
    )
    category: CategoryCode = Field(description="Категория.")  # type: ignore[valid-type]
    topic: TopicCode = Field(description="Тематика.")  # type: ignore[valid-type]
    kind: KindCode = Field(KindCode(Kind.APPEAL), description="Вид обращения.")  # type: ignore[valid-type]
    subject: str = Field("", max_length=300, description="Тема, коротко.")
    text: str = Field(min_length=1, max_length=20_000, description="Текст обращения.")
    contact_name: str = Field(min_length=1, max_length=300, description="Заявитель.")
    contact_phone: str = Field("", max_length=32, description="Телефон заявителя.")
    contact_email: str = Field("", max_length=254, description="E-mail заявителя.")
    contact_postal_address: str = Field(
        "", max_length=500, description="Почтовый адрес заявителя."
    )
    answer_channel: AnswerChannelCode = Field(  # type: ignore[valid-type]
        AnswerChannelCode(AnswerChannel.EMAIL), description="Способ ответа заявителю."
    )
    account_number: str = Field(
        "", max_length=32, description="Лицевой счёт потребителя в сетевой компании."
    )
    address_text: str = Field(
        "", max_length=300, description="Адрес, о котором обращение."
    )


class PartnerAppealOut(Schema):
    """Обращение, переданное энергосбытом, и его состояние в реестре."""

    id: int = Field(description="Идентификатор обращения в реестре.")
    external_id: str = Field(description="Номер обращения у энергосбыта.")
    number: str | None = Field(description="Регистрационный номер ГГ-NNNNNNN.")
    status: StatusCode = Field(description="Статус.")  # type: ignore[valid-type]
    status_label: str = Field(description="Статус по-русски.")
    received_at: DateTime = Field(description="Когда поступило.")
    registered_at: DateTime | None = Field(description="Когда зарегистрировано.")
    due_at: DateTime | None = Field(description="Срок ответа.")
    answered_at: DateTime | None = Field(description="Когда дан ответ.")
    answer_text: str = Field(description="Ответ по существу (после ответа).")

    @staticmethod
    def from_link(link: Any) -> "PartnerAppealOut":
        appeal = link.appeal
        return PartnerAppealOut(
            id=appeal.pk,
            external_id=link.external_id,
            number=appeal.number,
            status=appeal.status,
            status_label=appeal.get_status_display(),
            received_at=appeal.received_at,
            registered_at=appeal.registered_at,
            due_at=appeal.due_at,
            answered_at=appeal.answered_at,
            answer_text=appeal.answer_text,
        )
