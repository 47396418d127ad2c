"""API shapes of the catalogue and of service orders. Money is a string with kopecks
("1850.00"), never a float."""

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from gridcare.api.schemas import DateTime
from gridcare.service_requests.services import consumer_may_cancel
from gridcare.service_requests.timeline import stage_views


class ServiceCategoryOut(Schema):
    code: str = Field(description="Код раздела каталога.")
    title: str = Field(description="Название раздела.")


class PriceOut(Schema):
    net: Decimal = Field(description="Без НДС, руб. с копейками.")
    vat: Decimal = Field(description="НДС, руб.")
    total: Decimal = Field(description="Итого с НДС, руб.")
    vat_rate: Decimal = Field(description="Ставка НДС, % (на сегодня).")
    includes_vat: bool = Field(description="Цена в каталоге указана с НДС.")
    vat_text: str = Field(description="Строка для показа: «в т.ч. НДС 22 % — …».")


class CatalogueServiceOut(Schema):
    code: str
    title: str
    category: ServiceCategoryOut
    description: str
    unit: str = Field(description="Единица, за которую указана цена.")
    term_working_days: int = Field(description="Срок оказания со дня оплаты.")
    for_individuals: bool
    for_legal_entities: bool
    is_active: bool = Field(description="Принимаются ли заявки.")
    version: int = Field(description="Редакция услуги.")
    is_sample: bool = Field(description="Цена — пример, не утверждённый прейскурант.")
    price: PriceOut


class ServicePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CatalogueServiceOut]


class PassportFieldOut(Schema):
    field: str = Field(description="Поле паспорта услуги (ЕСКО, Приложение 1).")
    value: str


class PassportStageOut(Schema):
    number: int
    stage: str
    content: str
    form: str
    term: str
    legal_reference: str


class PassportOut(Schema):
    fields: list[PassportFieldOut]
    stages: list[PassportStageOut]


class ServiceDetailOut(CatalogueServiceOut):
    passport: PassportOut


class CatalogueFiltersIn(Schema):
    q: str = Field("", max_length=100, description="Поиск по названию и описанию.")
    category: str = Field("", max_length=40, description="Код раздела.")


class OrderCreateIn(Schema):
    service_code: str = Field(max_length=40, description="Код услуги из каталога.")
    consumer_account_id: int = Field(description="Свой лицевой счёт.")
    supply_point_id: int | None = Field(
        None, description="Точка поставки этого лицевого счёта."
    )
    comment: str = Field("", max_length=2000)
    preferred_from: date | None = Field(None, description="Желаемая дата — с.")
    preferred_to: date | None = Field(None, description="Желаемая дата — по.")


class CancelIn(Schema):
    reason: str = Field("", max_length=1000, description="Причина (необязательно).")


class OrderStageOut(Schema):
    code: str
    label: str
    state: str = Field(description="done, current, ahead или skipped.")
    at: DateTime | None


class OrderOut(Schema):
    id: int
    number: str = Field(description="Регистрационный номер обращения.")
    appeal_id: int
    status: str
    status_label: str
    service_code: str
    service_title: str
    consumer_account_number: str
    supply_point_code: str | None
    comment: str
    preferred_from: date | None
    preferred_to: date | None
    ordered_at: DateTime
    unit_price: Decimal
    price_includes_vat: bool
    term_working_days: int
    quantity: int
    invoice_number: str
    invoiced_at: DateTime | None
    vat_rate: Decimal | None
    amount_net: Decimal | None
    amount_vat: Decimal | None
    amount_total: Decimal | None
    paid_at: DateTime | None
    due_at: DateTime | None = Field(description="Срок оказания услуги (после оплаты).")
    scheduled_date: date | None
    window: str | None = Field(description="Время работ, например «09:00–13:00».")
    done_at: DateTime | None
    act_number: str
    cancelled_at: DateTime | None
    cancelled_by_consumer: bool
    cancel_reason: str
    can_cancel: bool = Field(description="Потребитель может отменить заявку.")
    stages: list[OrderStageOut]

    @staticmethod
    def resolve_can_cancel(obj: Any) -> bool:
        return consumer_may_cancel(obj)

    @staticmethod
    def resolve_stages(obj: Any) -> list[dict[str, Any]]:
        return [
            {"code": s.code, "label": s.label, "state": s.state, "at": s.at}
            for s in stage_views(obj)
        ]

    @staticmethod
    def resolve_number(obj: Any) -> str:
        return str(obj.appeal.number or "")

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_service_code(obj: Any) -> str:
        return str(obj.service.code)

    @staticmethod
    def resolve_consumer_account_number(obj: Any) -> str:
        return str(obj.consumer_account.number)

    @staticmethod
    def resolve_supply_point_code(obj: Any) -> str | None:
        return obj.supply_point.code if obj.supply_point_id else None

    @staticmethod
    def resolve_window(obj: Any) -> str | None:
        if obj.window_start is None or obj.window_end is None:
            return None
        return f"{obj.window_start:%H:%M}–{obj.window_end:%H:%M}"


class OrderPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[OrderOut]
