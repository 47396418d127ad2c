"""Data snapshots that documents are rendered from: plain strings, so the issued
record says exactly what was printed, whatever changes later."""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.grid_connections.codes import (
    ApplicantCategory,
    ApplicantKind,
    Channel,
    DocumentKind,
    ReliabilityCategory,
    SettlementType,
    VoltageClass,
)
from gridcare.grid_connections.models import (
    ApplicationFile,
    ConnectionApplication,
    DocumentRequirement,
    TechnicalConditions,
)
from gridcare.grid_connections.stages import term_label
from gridcare.grid_connections.tariffs import CostResult, format_rub

Row = list[str]


def _date(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y") if moment else ""


def _moment(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else ""


def _kw(value: object) -> str:
    return f"{value}".replace(".", ",") + " кВт" if value is not None else ""


def _label(choices: type, value: str) -> str:
    return str(choices(value).label) if value else ""


def _common(application: ConnectionApplication) -> dict[str, object]:
    return {
        "company": settings.COMPANY_NAME,
        "application_number": application.number or "",
        "applicant_name": application.applicant_name,
        "applicant_kind": _label(ApplicantKind, application.applicant_kind),
        "object_name": application.object_name,
        "object_address": _address(application),
    }


def _address(application: ConnectionApplication) -> str:
    parts = [str(application.settlement) if application.settlement_id else ""]
    parts.append(application.object_address)
    return ", ".join(p for p in parts if p)


def application_data(
    application: ConnectionApplication,
    files: Iterable[ApplicationFile],
    requirements: Iterable[DocumentRequirement],
) -> dict[str, object]:
    """The application as filed."""
    titles = {row.code: row.title for row in requirements}
    rows: list[Row] = [
        [_("Категория заявителя"), _label(ApplicantCategory, application.category)],
        [_("Заявитель"), application.applicant_name],
        [_("Вид заявителя"), _label(ApplicantKind, application.applicant_kind)],
        [_("Паспортные данные"), application.identity_document],
        [_("ОГРН / ОГРНИП"), application.registry_number],
        [_("ИНН"), application.inn],
        [_("Телефон"), application.contact_phone],
        [_("E-mail"), application.contact_email],
        [_("Почтовый адрес"), application.postal_address],
        [_("Представитель"), application.representative_name],
        [_("Объект"), application.object_name],
        [_("Адрес объекта"), _address(application)],
        [_("Кадастровый номер"), application.cadastral_number],
        [_("Тип местности"), _label(SettlementType, application.settlement_type)],
        [
            _("Расстояние до существующих сетей"),
            f"{application.distance_to_grid_m} м"
            if application.distance_to_grid_m is not None
            else "",
        ],
        [_("Запрашиваемая мощность"), _kw(application.requested_power_kw)],
        [_("Ранее присоединённая мощность"), _kw(application.previous_power_kw)],
        [_("Уровень напряжения"), _label(VoltageClass, application.voltage)],
        [
            _("Категория надёжности"),
            _label(ReliabilityCategory, application.reliability_category),
        ],
        [_("Способ подачи"), _label(Channel, application.channel)],
        [
            _("Льготная категория"),
            application.social_category_basis if application.is_social_category else "",
        ],
    ]
    return {
        **_common(application),
        "date": _date(application.registered_at),
        "received_at": _moment(application.received_at),
        "rows": [r for r in rows if r[1]],
        "household_use": application.household_use_confirmed,
        "files": [
            [titles.get(f.requirement_code, f.requirement_code), f.original_name]
            for f in files
        ],
        "consent_at": _moment(application.consent_given_at),
        "consent_text": application.consent_text,
    }


def technical_conditions_data(
    application: ConnectionApplication, conditions: TechnicalConditions, term: str
) -> dict[str, object]:
    return {
        **_common(application),
        "number": conditions.number,
        "date": _date(conditions.issued_at),
        "rows": [
            [_("Центр питания"), conditions.supply_source],
            [_("Точка присоединения"), conditions.connection_point],
            [_("Уровень напряжения"), _label(VoltageClass, conditions.voltage)],
            [_("Максимальная мощность"), _kw(conditions.max_power_kw)],
            [
                _("Категория надёжности"),
                _label(ReliabilityCategory, conditions.reliability_category),
            ],
            [_("Расстояние до границы участка"), f"{conditions.distance_m} м"],
            [_("Срок выполнения мероприятий по ТП"), term],
            [_("Срок действия ТУ"), f"{conditions.validity_years} г."],
        ],
        "grid_works": conditions.grid_works,
        "applicant_works": conditions.applicant_works,
        "lines": [
            [
                row["line_type_label"],
                row["voltage_label"],
                str(row.get("length_km", "")),
            ]
            for row in conditions.line_rows
        ],
        "metering_points": conditions.metering_points,
        "issued_by": str(conditions.issued_by),
    }


def _cost_rows(cost: CostResult) -> list[Row]:
    rows = [
        [
            line.title,
            str(line.quantity),
            format_rub(line.rate),
            format_rub(line.amount_with_vat),
        ]
        for line in cost.standard_lines
    ]
    return rows


def offer_data(
    application: ConnectionApplication,
    conditions: TechnicalConditions,
    cost: CostResult,
    *,
    number: str,
    term_amount: int | None,
    term_unit: str,
    issued_at: datetime,
) -> dict[str, object]:
    return {
        **_common(application),
        "number": number,
        "date": _date(issued_at),
        "conditions_number": conditions.number,
        "max_power": _kw(conditions.max_power_kw),
        "voltage": _label(VoltageClass, conditions.voltage),
        "term": term_label(term_amount, term_unit) or _("по техническим условиям"),
        "fee_total": format_rub(cost.fee_total),
        "fee_vat": format_rub(cost.fee_vat),
        "fee_basis": str(cost.basis),
        "cost_rows": _cost_rows(cost),
        "standard_total": format_rub(cost.standard_total),
        "preferential_total": format_rub(cost.preferential_line.amount_with_vat)
        if cost.preferential_line
        else "",
        "explanation": cost.explanation,
        "has_sample_rates": cost.has_sample_rates,
    }


def invoice_data(
    application: ConnectionApplication,
    cost: CostResult,
    *,
    number: str,
    contract_number: str,
    issued_at: datetime,
) -> dict[str, object]:
    return {
        **_common(application),
        "number": number,
        "date": _date(issued_at),
        "contract_number": contract_number,
        "fee_total": format_rub(cost.fee_total),
        "fee_vat": format_rub(cost.fee_vat),
        "fee_without_vat": format_rub(cost.fee_without_vat),
        "has_sample_rates": cost.has_sample_rates,
    }


def closing_data(
    application: ConnectionApplication,
    conditions: TechnicalConditions | None,
    *,
    kind: str,
    number: str,
    issued_at: datetime,
) -> dict[str, object]:
    """The act (Приложение 1) or the notice (Приложение 1(1)) ✅ [R34]."""
    return {
        **_common(application),
        "number": number,
        "date": _date(issued_at),
        "is_notice": kind == DocumentKind.NOTICE,
        "rows": [
            [_("Дата фактического присоединения"), _moment(application.connected_at)],
            [
                _("Точка присоединения"),
                conditions.connection_point if conditions else "",
            ],
            [
                _("Фактический уровень напряжения"),
                _label(VoltageClass, application.actual_voltage),
            ],
            [_("Максимальная мощность"), _kw(application.actual_power_kw)],
            [
                _("Категория надёжности"),
                _label(ReliabilityCategory, application.reliability_category),
            ],
            [_("Технические условия"), conditions.number if conditions else ""],
            [_("Договор оплачен"), _date(application.contract_concluded_at)],
        ],
    }
