"""API schemas of consumers: registration and password reset by code, consents,
linked consumer accounts with points of supply and meters."""

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from gridcare.api.schemas import DateTime


class RegistrationIn(Schema):
    full_name: str = Field(min_length=1, max_length=200, description="ФИО.")
    login: str = Field(
        min_length=1, max_length=254, description="Телефон (+79170000001) или e-mail."
    )
    password: str = Field(min_length=1, max_length=128, description="Пароль.")
    consents: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Цели, на которые дано согласие (`service` обязательно; "
        "`notifications`, `surveys`, `marketing` — по желанию). Список целей и тексты: "
        "GET /consumer-accounts/consents/purposes.",
    )


class CodeSentOut(Schema):
    login: str = Field(description="Куда отправлен код, частично скрыто.")
    channel: str = Field(description="`email` или `sms`.")
    expires_at: DateTime = Field(description="До какого времени действует код.")
    resend_at: DateTime = Field(description="Когда можно запросить новый код.")


class LoginIn(Schema):
    login: str = Field(min_length=1, max_length=254, description="Телефон или e-mail.")


class CodeIn(Schema):
    login: str = Field(min_length=1, max_length=254, description="Телефон или e-mail.")
    code: str = Field(min_length=1, max_length=12, description="Код из сообщения.")
    device_name: str = Field(
        "", max_length=100, description="Название устройства для списка сеансов."
    )


class PasswordResetConfirmIn(Schema):
    login: str = Field(min_length=1, max_length=254, description="Телефон или e-mail.")
    code: str = Field(min_length=1, max_length=12, description="Код из сообщения.")
    new_password: str = Field(min_length=1, max_length=128, description="Новый пароль.")


class ConsentPurposeOut(Schema):
    purpose: str = Field(description="Код цели.")
    label: str = Field(description="Цель по-русски.")
    is_required: bool = Field(
        description="Нужно для обслуживания (иначе добровольное)."
    )
    text_version: int = Field(description="Действующая редакция текста.")
    text: str = Field(description="Текст согласия.")
    consent_id: int | None = Field(description="Действующее согласие, если дано.")
    given_at: DateTime | None = Field(description="Когда дано.")
    needs_renewal: bool = Field(description="Дано на прежнюю редакцию текста.")


class ConsentOut(Schema):
    id: int
    purpose: str = Field(description="Код цели.")
    label: str = Field(description="Цель по-русски.")
    text_version: int = Field(description="Редакция текста, на которую дано согласие.")
    is_required: bool
    given_at: DateTime
    withdrawn_at: DateTime | None
    channel: str = Field(description="Где дано: personal_account, mobile_app…")

    @staticmethod
    def resolve_purpose(obj: Any) -> str:
        return str(obj.text.purpose)

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.text.get_purpose_display())

    @staticmethod
    def resolve_text_version(obj: Any) -> int:
        return int(obj.text.version)

    @staticmethod
    def resolve_is_required(obj: Any) -> bool:
        return bool(obj.text.is_required)


class ConsentPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ConsentOut]


class ConsentGiveIn(Schema):
    purpose: str = Field(min_length=1, max_length=32, description="Код цели.")


class ZoneOut(Schema):
    code: str
    label: str


class MeterOut(Schema):
    id: int
    serial_number: str = Field(description="Заводской номер.")
    model: str = Field(description="Тип (модель).")
    tariff_zones: int
    zones: list[ZoneOut]
    is_remote: bool = Field(
        description="Дистанционный (ИСУ): показания передавать не нужно."
    )
    installed_on: date | None
    verification_due_on: date | None = Field(description="Срок поверки.")

    @staticmethod
    def resolve_zones(obj: Any) -> list[dict[str, str]]:
        return [{"code": c, "label": label} for c, label in obj.zones]


class SupplyPointOut(Schema):
    id: int
    code: str = Field(description="Код точки поставки.")
    address: str
    premises: str
    voltage_level: str
    voltage_level_label: str
    max_power_kw: Decimal = Field(description="Максимальная мощность, кВт (строка).")
    meters: list[MeterOut]

    @staticmethod
    def resolve_address(obj: Any) -> str:
        return str(obj.building.full_address)

    @staticmethod
    def resolve_voltage_level_label(obj: Any) -> str:
        return str(obj.get_voltage_level_display())

    @staticmethod
    def resolve_meters(obj: Any) -> list[Any]:
        return [m for m in obj.meters.all() if m.removed_on is None]


class AccountOut(Schema):
    id: int
    number: str = Field(description="Номер лицевого счёта.")
    branch: str = Field(description="Филиал.")
    is_active: bool
    linked_at: DateTime | None = Field(
        description="Когда привязан в личном кабинете; null — закреплён в офисе."
    )
    can_unlink: bool = Field(description="Можно отвязать в личном кабинете.")
    supply_points: list[SupplyPointOut]

    @staticmethod
    def resolve_branch(obj: Any) -> str:
        return str(obj.branch)

    @staticmethod
    def resolve_linked_at(obj: Any) -> Any:
        links = getattr(obj, "active_links", [])
        return links[0].linked_at if links else None

    @staticmethod
    def resolve_can_unlink(obj: Any) -> bool:
        return bool(getattr(obj, "active_links", []))

    @staticmethod
    def resolve_supply_points(obj: Any) -> list[Any]:
        return list(obj.supply_points.all())


class AccountPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[AccountOut]


class AccountLinkIn(Schema):
    number: str = Field(
        min_length=1, max_length=40, description="Номер лицевого счёта."
    )
    meter_serial: str = Field(
        min_length=1,
        max_length=40,
        description="Заводской номер счётчика на этом счёте.",
    )
