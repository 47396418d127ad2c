"""The grid company's deadline for each stage, by category and case (regulation.md
§3.4).

Confirmed terms (✅) are rules here; unconfirmed ones (⚠️/❓) are `StageDeadlineRule`
rows that admins edit, each with its mark and reference tag. Which case applies is
decided from the application and its technical conditions, in the order of
`_connection_candidates`; a ⚠️ case without an active row is skipped.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.models import StatusMark
from gridcare.calendars.terms import TermUnit
from gridcare.grid_connections.codes import (
    CATEGORY_FACTS,
    UP_TO_20_KV,
    ApplicantCategory,
    ReliabilityCategory,
    SettlementType,
    SpecialGroupClause,
    Stage,
    VoltageClass,
)
from gridcare.grid_connections.models import (
    ConnectionApplication,
    StageDeadlineRule,
    TechnicalConditions,
)


class DeadlineCase(models.TextChoices):
    # Offer, contract and TU in the personal account, simplified procedure ⚠️.
    OFFER_SIMPLIFIED = "offer_simplified", _("Оферта: упрощённый порядок (до 150 кВт)")
    OFFER_GENERAL = "offer_general", _("Оферта: прочие заявители")
    OFFER_SYSTEM_OPERATOR = (
        "offer_system_operator",
        _("Оферта: с согласованием системного оператора"),
    )
    # п. 16 «б», counted from the contract ✅/⚠️.
    TEMPORARY_300M = "temporary_300m", _("Временное присоединение до 150 кВт, до 300 м")
    SHORT_15M = "short_15m", _("До 15/150 кВт, 0,4 кВ, до 15 м, без стройки и земли")
    SIMPLIFIED_20KV = (
        "simplified_20kv",
        _("пп. 12(1), 13(3), 13(5), 14: до 20 кВ, до 300/500 м"),
    )
    UP_TO_670_20KV = "up_to_670_20kv", _("До 670 кВт: до 20 кВ, до 300/500 м")
    MEDIUM_150_670 = (
        "medium_150_670",
        _("От 150 до 670 кВт (срок в ТУ не более 1 года)"),
    )
    OVER_670 = "over_670", _("Свыше 670 кВт, простой случай")
    OTHER_UNDER_670 = "other_under_670", _("Иные случаи, менее 670 кВт")
    OTHER_670_PLUS = "other_670_plus", _("Иные случаи, 670 кВт и более")
    # Drawing up the act or notice after the actual connection ❓.
    DOCUMENTS = "documents", _("Оформление акта или уведомления")


@dataclass(frozen=True, slots=True)
class Term:
    """A term applied to a stage, with where it comes from."""

    stage: str
    case: str
    amount: int
    unit: str
    mark: str
    reference: str


# ✅ terms: rules of the code. Each was confirmed by the cited source.
CONFIRMED_TERMS: dict[str, Term] = {
    DeadlineCase.TEMPORARY_300M: Term(
        Stage.CONNECTION,
        DeadlineCase.TEMPORARY_300M,
        15,
        TermUnit.WORKING_DAYS,
        StatusMark.CONFIRMED,
        "[R34] ПП 861 п. 16 «б»: 15 рабочих дней",
    ),
    DeadlineCase.SHORT_15M: Term(
        Stage.CONNECTION,
        DeadlineCase.SHORT_15M,
        30,
        TermUnit.WORKING_DAYS,
        StatusMark.CONFIRMED,
        "[R35] ПП 861 п. 16 «б»: 30 рабочих дней",
    ),
    DeadlineCase.SIMPLIFIED_20KV: Term(
        Stage.CONNECTION,
        DeadlineCase.SIMPLIFIED_20KV,
        6,
        TermUnit.MONTHS,
        StatusMark.CONFIRMED,
        "[R34] ПП 861 п. 16 «б»: 6 месяцев",
    ),
    DeadlineCase.MEDIUM_150_670: Term(
        Stage.CONNECTION,
        DeadlineCase.MEDIUM_150_670,
        12,
        TermUnit.MONTHS,
        StatusMark.CONFIRMED,
        "[R34] ТУ 150–670 кВт: не более 1 года",
    ),
    DeadlineCase.OVER_670: Term(
        Stage.CONNECTION,
        DeadlineCase.OVER_670,
        12,
        TermUnit.MONTHS,
        StatusMark.CONFIRMED,
        "[R34] ПП 861 п. 16 «б»: 1 год свыше 670 кВт",
    ),
}

# Distance within which the 6-month and preferential cases apply ✅ [R26][R31].
DISTANCE_LIMIT_M = {SettlementType.URBAN: 300, SettlementType.RURAL: 500}
# "Distance from the existing network to the land plot ≤15 m" ✅ [R35].
SHORT_DISTANCE_M = 15
# Temporary connection: distance to existing grid ≤300 m ✅ [R34].
TEMPORARY_DISTANCE_M = 300
POWER_150 = Decimal(150)
POWER_670 = Decimal(670)


def term_for(*, stage: str, case: str, on: date) -> Term | None:
    """Return the term of `case` valid on `on`: the ✅ rule, else the active
    StageDeadlineRule row valid that day (newest first), else None."""
    confirmed = CONFIRMED_TERMS.get(case)
    if confirmed is not None:
        return confirmed
    row = (
        StageDeadlineRule.objects.filter(stage=stage, case=case, is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from", "-id")
        .first()
    )
    if row is None:
        return None
    return Term(stage, case, row.amount, row.unit, row.status_mark, row.reference)


def offer_case(application: ConnectionApplication) -> str:
    """Which offer term applies: system operator, simplified procedure, or general."""
    if application.needs_system_operator:
        return DeadlineCase.OFFER_SYSTEM_OPERATOR
    if CATEGORY_FACTS[application.category].simplified:
        return DeadlineCase.OFFER_SIMPLIFIED
    return DeadlineCase.OFFER_GENERAL


def within_distance(application: ConnectionApplication, distance_m: int) -> bool:
    """≤300 m in towns and urban-type settlements, ≤500 m in rural areas ✅ [R26]."""
    kind = application.settlement_type or SettlementType.URBAN
    return distance_m <= DISTANCE_LIMIT_M[kind]


def _connection_candidates(
    application: ConnectionApplication, conditions: TechnicalConditions
) -> list[str]:
    """The cases that fit, most specific first (precedence documented in
    docs/domains/grid_connections.md)."""
    category = application.category
    power = application.total_power_kw
    distance = conditions.distance_m
    voltage = conditions.voltage
    near = within_distance(application, distance)
    candidates: list[str] = []
    if (
        category == ApplicantCategory.TEMPORARY
        and power <= POWER_150
        and distance <= TEMPORARY_DISTANCE_M
    ):
        candidates.append(DeadlineCase.TEMPORARY_300M)
    if (
        category in (ApplicantCategory.INDIVIDUAL_15, ApplicantCategory.BUSINESS_150)
        and conditions.reliability_category == ReliabilityCategory.THIRD
        and voltage == VoltageClass.LV_0_4
        and distance <= SHORT_DISTANCE_M
        and not conditions.land_rights_required
        and not conditions.grid_construction_required
    ):
        candidates.append(DeadlineCase.SHORT_15M)
    six_months_group = category in (
        ApplicantCategory.INDIVIDUAL_15,
        ApplicantCategory.BUSINESS_150,
    ) or (
        category == ApplicantCategory.SPECIAL_GROUP
        and application.special_group_clause
        in (SpecialGroupClause.P13_3, SpecialGroupClause.P13_5)
    )
    if six_months_group and voltage in UP_TO_20_KV and near:
        candidates.append(DeadlineCase.SIMPLIFIED_20KV)
    if not conditions.complex_case:
        if power <= POWER_670 and voltage in UP_TO_20_KV and near:
            candidates.append(DeadlineCase.UP_TO_670_20KV)
        if power > POWER_670:
            candidates.append(DeadlineCase.OVER_670)
        elif power > POWER_150:
            candidates.append(DeadlineCase.MEDIUM_150_670)
    candidates.append(
        DeadlineCase.OTHER_UNDER_670
        if power < POWER_670
        else DeadlineCase.OTHER_670_PLUS
    )
    return candidates


def connection_term(
    *,
    application: ConnectionApplication,
    conditions: TechnicalConditions,
    on: date,
) -> tuple[str, Term | None]:
    """Return the case and the term of the connection stage (п. 16 «б», counted from
    the contract). The first fitting case with a term wins; ⚠️ cases whose row is
    missing or inactive are skipped."""
    candidates = _connection_candidates(application, conditions)
    for case in candidates:
        term = term_for(stage=Stage.CONNECTION, case=case, on=on)
        if term is not None:
            return case, term
    return candidates[-1], None
