"""API schemas of outages, lookups and subscriptions (In/Out, Russian descriptions)."""

from typing import Any

from ninja import Field, Schema

from gridcare.api.schemas import DateTime, DateTimeIn, code_enum
from gridcare.consumers.models import VoltageLevel
from gridcare.notifications.models import Channel
from gridcare.outages.models import Cause, HouseParity, OutageKind, OutageStatus

KindCode = code_enum(OutageKind, "OutageKind", "Вид отключения")
StatusCode = code_enum(OutageStatus, "OutageStatus", "Статус отключения")
CauseCode = code_enum(Cause, "OutageCause", "Причина отключения")
VoltageCode = code_enum(VoltageLevel, "VoltageLevel", "Уровень напряжения")
ParityCode = code_enum(HouseParity, "HouseParity", "Какие дома диапазона")
ChannelCode = code_enum(Channel, "NotificationChannel", "Канал уведомлений")


class AreaOut(Schema):
    settlement_id: int = Field(description="Населённый пункт.")
    street_id: int | None = Field(description="Улица; null — весь населённый пункт.")
    building_id: int | None = Field(description="Один дом; null — улица или диапазон.")
    house_from: int | None = Field(description="Диапазон домов: с номера.")
    house_to: int | None = Field(description="Диапазон домов: по номер.")
    parity: str = Field(
        description="`all` — все дома, `odd` — нечётные, `even` — чётные."
    )
    description: str = Field(description="Адрес текстом.")


class OutageOut(Schema):
    id: int = Field(description="Номер отключения.")
    kind: KindCode = Field(description="Плановое или аварийное.")  # type: ignore[valid-type]
    status: StatusCode = Field(description="Статус.")  # type: ignore[valid-type]
    cause: CauseCode = Field(description="Код причины.")  # type: ignore[valid-type]
    cause_text: str = Field(description="Причина для потребителей.")
    voltage_level: VoltageCode = Field(
        description="Уровень напряжения отключённого оборудования."
    )  # type: ignore[valid-type]
    area_text: str = Field(description="Адреса текстом.")
    areas: list[AreaOut] = Field(
        description="Территория: населённые пункты, улицы, диапазоны домов, дома."
    )
    planned_start: DateTime | None = Field(
        description="Плановое начало (для плановых работ)."
    )
    planned_end: DateTime | None = Field(description="Плановое окончание.")
    started_at: DateTime | None = Field(description="Фактическое начало.")
    estimated_restoration_at: DateTime | None = Field(
        description="Ожидаемое восстановление."
    )
    ended_at: DateTime | None = Field(description="Фактическое восстановление.")
    description: str = Field(description="Подробности для потребителей.")
    updated_at: DateTime = Field(description="Когда запись изменилась.")

    @staticmethod
    def resolve_areas(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "settlement_id": a.settlement_id,
                "street_id": a.street_id,
                "building_id": a.building_id,
                "house_from": a.house_from,
                "house_to": a.house_to,
                "parity": a.parity,
                "description": a.description,
            }
            for a in obj.areas.all()
        ]


class OutageStaffOut(OutageOut):
    points_cut_off: int = Field(
        description="Отключено точек поставки (N_i для Пsaidi/Пsaifi)."
    )
    exclusion_class: str | None = Field(
        description="Код класса прекращения; null — учитывается."
    )
    duration_hours: float | None = Field(description="Длительность, часов (T_i).")

    @staticmethod
    def resolve_exclusion_class(obj: Any) -> str | None:
        return obj.exclusion_class.code if obj.exclusion_class_id else None


class OutagePageOut(Schema):
    count: int = Field(description="Всего записей.")
    limit: int = Field(description="Размер страницы.")
    offset: int = Field(description="Смещение.")
    items: list[OutageOut] = Field(description="Отключения.")


class OutageFiltersIn(Schema):
    kind: KindCode | None = Field(
        None, description="Только плановые или только аварийные."
    )  # type: ignore[valid-type]
    settlement_id: int | None = Field(None, description="Населённый пункт.")


class LookupIn(Schema):
    q: str = Field(
        min_length=2,
        max_length=200,
        description="Адрес как угодно («Казань Баумана 5», «ул. Пушкина»), номер "
        "лицевого счёта или телефон потребителя.",
    )


class PlaceOut(Schema):
    label: str = Field(
        description="Что найдено; для счёта и телефона — без адреса (ПДн)."
    )
    settlement_id: int = Field(description="Населённый пункт.")
    street_id: int | None = Field(description="Улица.")
    building_id: int | None = Field(description="Дом, если найден в реестре.")
    score: float = Field(description="Уверенность сопоставления, 0–1.")
    house_missing: bool = Field(description="Номер дома указан, но дома нет в реестре.")
    outages: list[OutageOut] = Field(
        description="Отключения сейчас, впереди и за сутки."
    )


class LookupOut(Schema):
    query: str = Field(description="Запрос.")
    by: str = Field(description="`address`, `account` или `phone`.")
    needs_login: bool = Field(
        description="Указан счёт или телефон, но искать по ним можно только после входа."
    )
    places: list[PlaceOut] = Field(description="Найденные места, лучшее первым.")


class AreaIn(Schema):
    settlement_id: int = Field(description="Населённый пункт.")
    street_id: int | None = Field(None, description="Улица.")
    building_id: int | None = Field(None, description="Один дом.")
    house_from: int | None = Field(None, ge=0, description="Диапазон домов: с номера.")
    house_to: int | None = Field(None, ge=0, description="Диапазон домов: по номер.")
    parity: ParityCode = Field(
        ParityCode(HouseParity.ALL.value), description="Какие дома диапазона."
    )  # type: ignore[valid-type]


class OutageIn(Schema):
    cause: CauseCode = Field(description="Код причины.")  # type: ignore[valid-type]
    cause_text: str = Field("", max_length=300, description="Причина для потребителей.")
    voltage_level: VoltageCode = Field(description="Уровень напряжения.")  # type: ignore[valid-type]
    equipment: str = Field("", max_length=300, description="Отключаемое оборудование.")
    areas: list[AreaIn] = Field(min_length=1, description="Территория.")
    supply_point_ids: list[int] = Field(
        default_factory=list, description="Дополнительные точки поставки."
    )
    description: str = Field(
        "", max_length=5000, description="Подробности для потребителей."
    )
    external_id: str = Field(
        "",
        max_length=64,
        description="Идентификатор во внешней системе (повтор не создаст дубль).",
    )


class PlannedOutageIn(OutageIn):
    planned_start: DateTimeIn = Field(description="Плановое начало.")
    planned_end: DateTimeIn = Field(description="Плановое окончание.")
    notice_lead_hours: int | None = Field(
        None, ge=24, description="Уведомить за, часов (не меньше 24)."
    )


class UnplannedOutageIn(OutageIn):
    started_at: DateTimeIn | None = Field(
        None, description="Начало; по умолчанию — сейчас."
    )
    estimated_restoration_at: DateTimeIn | None = Field(
        None, description="Ожидаемое восстановление."
    )


class StartIn(Schema):
    started_at: DateTimeIn | None = Field(
        None, description="Фактическое начало; по умолчанию — сейчас."
    )


class EstimateIn(Schema):
    estimated_at: DateTimeIn = Field(
        description="Новое ожидаемое время восстановления."
    )
    reason: str = Field("", max_length=300, description="Причина изменения.")


class RestoreIn(Schema):
    ended_at: DateTimeIn | None = Field(
        None, description="Время восстановления; по умолчанию — сейчас."
    )


class SubscriptionCancelIn(Schema):
    reason: str = Field(
        min_length=1, max_length=300, description="Причина отмены работ."
    )


class SubscriptionIn(Schema):
    settlement_id: int | None = Field(None, description="Населённый пункт целиком.")
    street_id: int | None = Field(None, description="Улица.")
    building_id: int | None = Field(None, description="Дом.")
    supply_point_id: int | None = Field(
        None, description="Своя точка поставки (после входа)."
    )
    channels: list[ChannelCode] = Field(min_length=1, description="Каналы.")  # type: ignore[valid-type]
    email: str = Field("", max_length=254, description="E-mail (без входа).")
    phone: str = Field("", max_length=20, description="Телефон (без входа).")


class SubscriptionOut(Schema):
    id: int = Field(description="Идентификатор подписки.")
    label: str = Field(description="Адрес подписки.")
    channels: list[str] = Field(description="Каналы.")
    is_active: bool = Field(description="Подтверждена и не отменена.")
    needs_confirmation: str = Field(
        description="`email` — ждём переход по ссылке, `sms` — код, '' — не нужно."
    )

    @staticmethod
    def resolve_needs_confirmation(obj: Any) -> str:
        if obj.confirmed_at:
            return ""
        return "email" if obj.email else "sms"


class SubscriptionCodeIn(Schema):
    code: str = Field(min_length=4, max_length=10, description="Код из SMS.")
