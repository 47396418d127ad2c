"""API schemas of metering: In for what a caller sends, Out for what it gets back.
Readings and consumption are decimal strings with two places («12345.60»), never
floats."""

from datetime import date

from ninja import Field, Schema

from gridcare.api.schemas import DateTime, code_enum
from gridcare.metering.models import ReadingSource

SourceCode = code_enum(ReadingSource, "ReadingSource", "Канал передачи показаний")


class MeteringZoneOut(Schema):
    code: str = Field(description="Код тарифной зоны: `t1`, `t2`, `t3`.")
    label: str = Field(description="Название зоны, например «Т1 (день)».")


class WindowOut(Schema):
    """Окно приёма показаний (дни месяца по московскому времени)."""

    day_from: int = Field(description="С какого числа месяца принимаются показания.")
    day_to: int = Field(description="По какое число (включительно).")
    is_open: bool = Field(description="Открыт ли приём сегодня.")
    opens_on: date = Field(description="Первый день текущего или следующего приёма.")
    closes_on: date = Field(description="Последний день этого приёма.")


class MeteringSupplyPointOut(Schema):
    id: int
    code: str = Field(description="Код точки поставки.")
    address: str = Field(description="Адрес точки поставки.")
    account_number: str = Field(description="Номер лицевого счёта.")


class ZoneValueOut(Schema):
    zone: str = Field(description="Код тарифной зоны.")
    label: str = Field(description="Название зоны.")
    value: str = Field(description="Показание, например «12345.60».")
    consumption: str | None = Field(
        description="Расход по зоне с предыдущих показаний, кВт·ч; null для первых."
    )


class ReadingOut(Schema):
    id: int
    meter_id: int
    taken_on: date = Field(description="Дата снятия показаний.")
    values: list[ZoneValueOut]
    consumption: str | None = Field(
        description="Расход всего с предыдущих показаний, кВт·ч; null для первых "
        "показаний прибора (в том числе нового после замены)."
    )
    source: SourceCode = Field(description="Канал.")  # type: ignore[valid-type]
    source_label: str
    submitted_at: DateTime


class MeteringMeterOut(Schema):
    id: int
    serial_number: str = Field(description="Заводской номер.")
    model: str = Field(description="Тип (модель), может быть пустым.")
    tariff_zones: int = Field(description="Число тарифных зон (1–3).")
    zones: list[MeteringZoneOut] = Field(
        description="Зоны, по которым передаются показания."
    )
    is_remote: bool = Field(
        description="Подключён к ИСУ: показания передаются автоматически, вручную "
        "не принимаются."
    )
    installed_on: date | None
    digits_whole: int = Field(description="Разрядов до запятой.")
    digits_fraction: int = Field(description="Разрядов после запятой.")
    supply_point: MeteringSupplyPointOut
    window: WindowOut
    accepts_readings: bool = Field(
        description="Можно ли передать показания сегодня (не ИСУ и окно открыто)."
    )
    last_reading: ReadingOut | None


class MeterPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeteringMeterOut]


class ReadingPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReadingOut]


class MonthOut(Schema):
    month: str = Field(description="Месяц, ГГГГ-ММ.")
    kwh: str | None = Field(description="Расход, кВт·ч; null — нет показаний.")


class ConsumptionOut(Schema):
    items: list[MonthOut] = Field(description="12 месяцев, от старого к текущему.")


class ReadingIn(Schema):
    """Показания прибора учёта: по значению на каждую тарифную зону."""

    values: dict[str, str] = Field(
        description="Показание по каждой зоне прибора: ключ — код зоны (`t1`, "
        '`t2`, `t3`), значение — строка с числом, например `"12345,6"` или '
        '`"12345.6"`. Для многотарифного прибора нужны все зоны.',
        examples=[{"t1": "12345.6", "t2": "5432.1"}],
    )
    taken_on: date | None = Field(
        None,
        description="Дата снятия показаний; по умолчанию — сегодня (по Москве). "
        "Потребитель может указать дату только в текущем окне приёма.",
    )
