"""«Нет света» over HTTP (mounted at /api/v1/power-reports): the mobile app, the
chatbot and the IVR report no power at an address; the appeal is registered and
linked to the known outage, and the answer (cause, expected restoration) comes back at
once."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from gridcare.api.auth import optional_auth
from gridcare.api.idempotency import idempotency_openapi, idempotent_response
from gridcare.api.schemas import DateTime, errors
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.power_reports import appeal_receive_power_report
from gridcare.appeals.services import AppealInput
from gridcare.core.errors import NotFoundError, PermissionDeniedError
from gridcare.outages.selectors import supply_point_list_for_consumer

router = Router(tags=["Сообщения об отключениях"])

REPORT_CHANNELS = {
    Channel.MOBILE_APP,
    Channel.PERSONAL_ACCOUNT,
    Channel.CHATBOT,
    Channel.IVR,
    Channel.INTERNET_RECEPTION,
    Channel.PHONE,
}


class PowerReportIn(Schema):
    channel: str = Field(
        Channel.MOBILE_APP.value,
        description="Канал: `mobile_app`, `personal_account`, `chatbot`, `ivr`, "
        "`internet_reception`, `phone` (оператор).",
    )
    address: str = Field("", max_length=300, description="Адрес, как его назвали.")
    supply_point_id: int | None = Field(
        None, description="Своя точка поставки (после входа)."
    )
    contact_name: str = Field("", max_length=300, description="Имя заявителя.")
    contact_phone: str = Field("", max_length=20, description="Телефон для ответа.")
    contact_email: str = Field("", max_length=254, description="E-mail для ответа.")
    text: str = Field("", max_length=5000, description="Что случилось (необязательно).")


class OutageBriefOut(Schema):
    id: int = Field(description="Номер отключения.")
    kind: str = Field(description="`planned` или `unplanned`.")
    cause_text: str = Field(description="Причина.")
    started_at: DateTime | None = Field(description="Начало.")
    estimated_restoration_at: DateTime | None = Field(
        description="Ожидаемое восстановление."
    )


class PowerReportOut(Schema):
    appeal_id: int = Field(description="Обращение.")
    appeal_number: str = Field(description="Регистрационный номер обращения.")
    report_id: int = Field(description="Сообщение об отключении.")
    outage: OutageBriefOut | None = Field(
        description="Известное отключение; null — передано диспетчеру."
    )
    answer: str = Field(
        description="Ответ потребителю сразу: причина и ожидаемое время."
    )


@router.post(
    "",
    auth=optional_auth,
    response={201: PowerReportOut, **errors(400, 403, 404, 409, 422)},
    openapi_extra=idempotency_openapi(),
)
def create_power_report(request: HttpRequest, payload: PowerReportIn) -> HttpResponse:
    """Сообщить, что нет электроэнергии.

    Если по адресу известно отключение, обращение привязывается к нему и ответ с
    причиной и ожидаемым временем восстановления приходит сразу; иначе сообщение
    уходит диспетчеру как возможное новое отключение."""
    user = request.auth  # type: ignore[attr-defined]
    signed_in = bool(getattr(user, "is_authenticated", False))
    if payload.channel not in REPORT_CHANNELS:
        raise NotFoundError("Канал не поддерживается.")
    if (
        signed_in
        and not getattr(user, "is_consumer", False)
        and payload.channel
        not in (
            Channel.PHONE,
            Channel.IVR,
        )
    ):
        raise PermissionDeniedError("Сотрудник принимает сообщение по телефону.")
    consumer = (
        getattr(user, "consumer", None) if getattr(user, "is_consumer", False) else None
    )
    point = None
    if payload.supply_point_id is not None:
        points = supply_point_list_for_consumer(user=user) if consumer else []
        point = next((p for p in points if p.pk == payload.supply_point_id), None)
        if point is None:
            raise NotFoundError("Точка поставки не найдена.")

    def create() -> tuple[int, Any]:
        data = AppealInput(
            channel=payload.channel,
            category=Category.TRANSMISSION,
            topic=Topic.RELIABILITY,
            text=payload.text or "Нет электроэнергии.",
            contact_name=payload.contact_name or (consumer.name if consumer else ""),
            contact_phone=payload.contact_phone or (consumer.phone if consumer else ""),
            contact_email=payload.contact_email or (consumer.email if consumer else ""),
            answer_channel=(
                AnswerChannel.PERSONAL_ACCOUNT
                if consumer is not None and consumer.user_id
                else AnswerChannel.SMS
                if payload.contact_phone
                else AnswerChannel.EMAIL
            ),
            subject="Нет электроэнергии",
            consumer=consumer,
            consumer_account=point.account if point else None,
            supply_point=point,
            building=point.building if point else None,
            address_text=payload.address,
        )
        result = appeal_receive_power_report(
            actor=user if signed_in else None, data=data
        )
        outage = result.outage
        return 201, PowerReportOut(
            appeal_id=result.appeal.pk,
            appeal_number=result.appeal.number or "",
            report_id=result.report.pk,
            outage=OutageBriefOut.from_orm(outage) if outage else None,
            answer=result.answer,
        )

    return idempotent_response(
        request, operation="create_power_report", payload=payload, create=create
    )
