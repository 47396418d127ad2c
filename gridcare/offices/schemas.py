"""API v1 schemas of offices, slots, appointments and tickets."""

from datetime import date

from ninja import Field, Schema

from gridcare.api.schemas import DateTime, DateTimeIn


class OfficeFiltersIn(Schema):
    settlement_id: int | None = Field(None, description="Населённый пункт офиса.")
    branch_id: int | None = Field(None, description="Филиал.")
    service: str = Field("", description="Код услуги, например `consultation`.")


class ServiceOut(Schema):
    id: int
    code: str
    name: str
    slot_minutes: int = Field(description="Длительность приёма, минут.")


class HoursOut(Schema):
    weekday: int = Field(description="День недели: 0 — понедельник … 6 — воскресенье.")
    opens: str = Field(description="Начало работы, ЧЧ:ММ (московское время).")
    closes: str
    lunch_from: str | None
    lunch_to: str | None


class OfficeOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    branch_id: int
    branch: str
    settlement_id: int | None
    address: str
    phone: str
    email: str
    opening_hours: str = Field(description="Режим работы текстом, как на вывеске.")
    desks: int = Field(description="Окон приёма.")
    services: list[ServiceOut]
    hours: list[HoursOut]


class OfficePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[OfficeOut]


class SlotOut(Schema):
    starts_at: DateTime
    ends_at: DateTime


class SlotDayOut(Schema):
    date: date
    is_open: bool
    slots: list[SlotOut]


class SlotsIn(Schema):
    service: str = Field(description="Код услуги.")
    date_from: date | None = Field(
        None, description="С какой даты (по умолчанию сегодня)."
    )
    days: int = Field(7, ge=1, le=14, description="Сколько дней показать (1–14).")


class BookIn(Schema):
    office_id: int
    service: str = Field(description="Код услуги.")
    starts_at: DateTimeIn = Field(description="Начало свободного слота со смещением.")


class MoveIn(Schema):
    starts_at: DateTimeIn


class TicketOut(Schema):
    ticket: str = Field(description="Номер талона электронной очереди, например А-012.")
    status: str
    status_label: str
    arrived_at: DateTime
    called_at: DateTime | None
    desk: int | None


class AppointmentOut(Schema):
    id: int
    code: str = Field(description="Код записи: назвать в офисе или ввести в терминале.")
    status: str
    status_label: str
    office_id: int
    office: str
    address: str
    service: ServiceOut
    starts_at: DateTime
    ends_at: DateTime
    can_move: bool
    can_cancel: bool
    ticket: TicketOut | None


class AppointmentPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[AppointmentOut]
