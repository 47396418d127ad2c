"""API schemas of grid connection: In for requests, Out for responses."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


class CategoryOut(Schema):
    code: str
    label: str
    clause: str
    simplified: bool
    power_above_kw: Decimal | None
    power_up_to_kw: Decimal | None
    applicant_kinds: list[str]
    preferential_fee: bool


class RequirementOut(Schema):
    code: str
    title: str
    help_text: str
    is_required: bool


class ApplianceOut(Schema):
    id: int
    name: str
    group: str
    typical_power_kw: Decimal


class PowerProfileOut(Schema):
    id: int
    name: str
    simultaneity: Decimal


class ApplianceCatalogueOut(Schema):
    appliances: list[ApplianceOut]
    profiles: list[PowerProfileOut]


class ApplianceRowIn(Schema):
    quantity: int = Field(ge=1, le=1000)
    appliance_id: int | None = None
    name: str = Field("", max_length=200)
    power_kw: Decimal | None = Field(None, gt=0, le=100000)


class PowerCalculationIn(Schema):
    items: list[ApplianceRowIn] = Field(min_length=1, max_length=100)
    simultaneity: Decimal | None = Field(None, gt=0, le=1)
    profile_id: int | None = None


class PowerLineOut(Schema):
    name: str
    power_kw: Decimal
    quantity: int
    total_kw: Decimal


class PowerCalculationOut(Schema):
    lines: list[PowerLineOut]
    installed_kw: Decimal
    simultaneity: Decimal
    required_kw: Decimal
    recommended_kw: int
    suggested_category: str
    explanation: list[str]


class LineIn(Schema):
    voltage: str
    line_type: str
    length_km: Decimal = Field(gt=0, le=1000)


class ExtraRateIn(Schema):
    rate: str
    quantity: Decimal = Field(gt=0, le=1000000)
    variant: str = ""


class CostCalculationIn(Schema):
    category: str
    requested_kw: Decimal = Field(gt=0, le=1000000)
    voltage: str
    reliability_category: str = "3"
    settlement_type: str = "urban"
    distance_m: int | None = Field(None, ge=0, le=1000000)
    lines: list[LineIn] = Field(default_factory=list, max_length=20)
    metering_points: int = Field(1, ge=0, le=100)
    meter_variant: str = ""
    is_social: bool = False
    extras: list[ExtraRateIn] = Field(default_factory=list, max_length=20)
    on: date | None = None
    region: str | None = Field(None, max_length=8)


class CostLineOut(Schema):
    code: str
    title: str
    quantity: Decimal
    unit: str
    rate: Decimal
    rate_includes_vat: bool
    amount_without_vat: Decimal
    vat: Decimal
    amount_with_vat: Decimal
    table: str
    is_sample: bool


class RateTableRefOut(Schema):
    code: str
    version: int
    title: str
    act: str
    is_sample: bool
    includes_vat: bool
    vat_rate: Decimal
    status_mark: str
    reference: str


class CostCalculationOut(Schema):
    standard_lines: list[CostLineOut]
    standard_without_vat: Decimal
    standard_vat: Decimal
    standard_total: Decimal
    preferential_applies: bool
    preferential_reason: str
    preferential_line: CostLineOut | None
    basis: str
    fee_total: Decimal
    fee_vat: Decimal
    fee_without_vat: Decimal
    explanation: list[str]
    tables: list[RateTableRefOut]
    has_sample_rates: bool


class ApplicationIn(Schema):
    """Wizard fields; every one optional — send what changed (drafts are kept)."""

    category: str | None = None
    special_group_clause: str | None = None
    applicant_kind: str | None = None
    applicant_name: str | None = Field(None, max_length=300)
    identity_document: str | None = Field(None, max_length=300)
    registry_number: str | None = Field(None, max_length=15)
    inn: str | None = Field(None, max_length=12)
    contact_phone: str | None = Field(None, max_length=20)
    contact_email: str | None = Field(None, max_length=254)
    postal_address: str | None = Field(None, max_length=500)
    representative_name: str | None = Field(None, max_length=300)
    household_use_confirmed: bool | None = None
    is_social_category: bool | None = None
    social_category_basis: str | None = Field(None, max_length=300)
    object_name: str | None = Field(None, max_length=300)
    settlement_id: int | None = None
    branch_id: int | None = None
    object_address: str | None = Field(None, max_length=500)
    cadastral_number: str | None = Field(None, max_length=40)
    settlement_type: str | None = None
    distance_to_grid_m: int | None = Field(None, ge=0, le=1000000)
    requested_power_kw: Decimal | None = Field(None, gt=0, le=10000000)
    previous_power_kw: Decimal | None = Field(None, ge=0, le=10000000)
    voltage: str | None = None
    reliability_category: str | None = None
    temporary_until: date | None = None
    consent: bool | None = None


class SubmitIn(Schema):
    consent: bool
    text: str = Field("", max_length=5000)


class ApplicationWithdrawIn(Schema):
    reason: str = Field("", max_length=2000)


class StageOut(Schema):
    code: str
    label: str
    state: str
    started_at: datetime | None
    due_at: datetime | None
    completed_at: datetime | None
    is_paused: bool
    is_overdue: bool
    term: str


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    version: int
    is_current: bool
    issued_at: datetime
    url: str


class FileOut(Schema):
    id: int
    requirement_code: str
    original_name: str
    size: int
    uploaded_at: datetime


class ApplicationOut(Schema):
    id: int
    number: str | None
    status: str
    status_label: str
    category: str
    applicant_kind: str
    applicant_name: str
    object_name: str
    object_address: str
    requested_power_kw: Decimal | None
    previous_power_kw: Decimal
    voltage: str
    reliability_category: str
    registered_at: datetime | None
    next_party: str
    next_step: str
    fee_amount: Decimal | None
    fee_basis: str
    stages: list[StageOut]
    documents: list[DocumentOut]
    files: list[FileOut]
    requirements: list[RequirementOut]
    problems: list[str]
