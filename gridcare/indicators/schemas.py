"""API schemas of the indicators (read-only). Decimals are strings with exact digits."""

from decimal import Decimal

from ninja import Field, Schema

from gridcare.api.schemas import DateTime


class LevelOut(Schema):
    level: str = Field(description="`VN`, `SN1`, `SN2`, `NN` или `total`.")
    label: str
    points: int = Field(description="N_max — точек поставки за год.")
    points_entered: bool = Field(
        description="true — внесено сотрудниками; false — число из реестра на сегодня."
    )
    outages: int = Field(description="Учтённых отключений, затронувших уровень.")
    interruptions: int = Field(description="ΣN — прекращений точек поставки.")
    hours: Decimal = Field(description="ΣT×N — точко-часы.")
    saidi: Decimal | None
    saifi: Decimal | None


class RuleOut(Schema):
    code: str
    name: str
    legal_basis: str
    status_mark: str
    reference: str


class ReliabilityOut(Schema):
    levels: list[LevelOut]
    total: LevelOut
    rules: list[RuleOut]
    outages_counted: int
    outages_excluded: int


class ProtocolRowOut(Schema):
    outage_id: int
    kind: str
    cause: str
    started_at: DateTime
    ended_at: DateTime
    duration_hours: Decimal
    points_by_level: dict[str, int]
    counted: bool
    exclusion_rule: str = Field(description="Код правила исключения; пусто — учтено.")
    reason: str


class ProtocolPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ProtocolRowOut]


class TermOut(Schema):
    measure: str
    label: str
    weight: Decimal
    numerator: int
    denominator: int
    value: Decimal | None


class IndicatorStageOut(Schema):
    stage: str
    label: str
    with_deadline: int
    on_time: int
    late: int
    overdue_open: int


class ConnectionOut(Schema):
    formula: str | None
    status_mark: str | None
    expression: str
    value: Decimal | None
    terms: list[TermOut]
    stages: list[IndicatorStageOut]


class ParameterOut(Schema):
    number: str
    name: str
    status_mark: str
    direction: str
    fact_entered: bool
    fact: Decimal | None
    plan: Decimal | None
    ratio: Decimal | None = Field(description="Ф/П × 100, %.")
    score: Decimal | None


class SubIndicatorOut(Schema):
    code: str
    label: str
    form: str
    weight: Decimal
    value: Decimal | None
    parameters: list[ParameterOut]


class CustomerServiceOut(Schema):
    value: Decimal | None
    sub_indicators: list[SubIndicatorOut]


class YearIndicatorsOut(Schema):
    year: int
    reliability: ReliabilityOut
    connection: ConnectionOut
    customer_service: CustomerServiceOut


class Form81ColumnOut(Schema):
    field: str
    header: str


class Form81Out(Schema):
    year: int
    month: int
    title: str
    columns: list[Form81ColumnOut]
    rows: list[list[str | int | Decimal | None]]
    summary: list[LevelOut]
