"""API v1 endpoints of indicators (mounted at /api/v1/indicators): read-only, for staff
with the right to view reports (`report.view`); others get 403."""

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from gridcare.api.schemas import PageIn, errors
from gridcare.indicators.form81 import form81_get
from gridcare.indicators.reliability import (
    LevelIndicators,
    ProtocolRow,
    interruption_indicators,
)
from gridcare.indicators.schemas import Form81Out, ProtocolPageOut, YearIndicatorsOut
from gridcare.indicators.selectors import (
    YearIndicators,
    indicator_year_get_for_user,
    indicators_require_view,
)

router = Router(tags=["Показатели качества"])

_ERRORS = errors(400, 401, 403, 422)


class Form81In(Schema):
    year: int = NinjaField(ge=2010, le=2100, description="Год, например 2025.")
    month: int = NinjaField(ge=1, le=12, description="Месяц, 1–12.")


def _level(row: LevelIndicators) -> dict[str, Any]:
    return asdict(row)


def _protocol_row(row: ProtocolRow) -> dict[str, Any]:
    return {
        "outage_id": row.outage_id,
        "kind": row.kind,
        "cause": row.cause,
        "started_at": row.started_at,
        "ended_at": row.ended_at,
        "duration_hours": row.duration_hours.quantize(Decimal("0.0001")),
        "points_by_level": row.points_by_level,
        "counted": row.counted,
        "exclusion_rule": row.rule.code if row.rule else "",
        "reason": row.reason,
    }


def _year_out(data: YearIndicators) -> dict[str, Any]:
    rel, con, ser = data.reliability, data.connection, data.service
    return {
        "year": data.year,
        "reliability": {
            "levels": [_level(r) for r in rel.levels],
            "total": _level(rel.total),
            "rules": [
                {
                    "code": r.code,
                    "name": r.name,
                    "legal_basis": r.legal_basis,
                    "status_mark": r.status_mark,
                    "reference": r.reference,
                }
                for r in rel.rules
            ],
            "outages_counted": sum(1 for r in rel.protocol if r.counted),
            "outages_excluded": sum(1 for r in rel.protocol if not r.counted),
        },
        "connection": {
            "formula": con.formula.name if con.formula else None,
            "status_mark": con.formula.status_mark if con.formula else None,
            "expression": con.expression,
            "value": con.value,
            "terms": [
                {
                    "measure": t.measure,
                    "label": t.label,
                    "weight": t.weight,
                    "numerator": t.numerator,
                    "denominator": t.denominator,
                    "value": None
                    if t.value is None
                    else t.value.quantize(Decimal("0.0001")),
                }
                for t in con.terms
            ],
            "stages": [asdict(s) for s in con.stage_rows],
        },
        "customer_service": {
            "value": ser.value,
            "sub_indicators": [
                {
                    "code": s.code,
                    "label": s.label,
                    "form": s.form,
                    "weight": s.weight,
                    "value": s.value,
                    "parameters": [
                        {
                            "number": p.parameter.number,
                            "name": p.parameter.name,
                            "status_mark": p.parameter.status_mark,
                            "direction": p.parameter.direction,
                            "fact_entered": p.fact_entered,
                            "fact": p.fact,
                            "plan": p.plan,
                            "ratio": p.ratio,
                            "score": p.score,
                        }
                        for p in s.parameters
                    ],
                }
                for s in ser.sub_indicators
            ],
        },
    }


@router.get("/years/{year}", response={200: YearIndicatorsOut, **_ERRORS})
def get_year_indicators(request: HttpRequest, year: int) -> dict[str, Any]:
    """Показатели года: Пsaidi и Пsaifi по уровням напряжения, Птпр, Птсо.

    Только для сотрудников с правом просмотра отчётов. Значения — строки с точными
    десятичными цифрами (4 знака после запятой). Отметки ✅/⚠️/❓ — из справочника
    правил: неподтверждённые правила и формулы — настраиваемые данные."""
    data = indicator_year_get_for_user(user=request.auth, year=year)  # type: ignore[attr-defined]
    return _year_out(data)


@router.get(
    "/years/{year}/reliability/protocol", response={200: ProtocolPageOut, **_ERRORS}
)
def list_reliability_protocol(
    request: HttpRequest, year: int, page: Query[PageIn]
) -> dict[str, Any]:
    """Протокол Пsaidi/Пsaifi: завершённые отключения года, учтённые и исключённые,
    с основанием исключения. Сортировка по времени начала."""
    indicators_require_view(request.auth)  # type: ignore[attr-defined]
    rows = interruption_indicators(year).protocol
    return {
        "count": len(rows),
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            _protocol_row(r) for r in rows[page.offset : page.offset + page.limit]
        ],
    }


@router.get("/form81", response={200: Form81Out, **_ERRORS})
def get_form81(request: HttpRequest, params: Query[Form81In]) -> dict[str, Any]:
    """Данные ежемесячной формы 8.1: строки прекращений месяца в действующем составе
    граф (❓ [R20]) и итоги по уровням напряжения."""
    indicators_require_view(request.auth)  # type: ignore[attr-defined]
    form = form81_get(year=params.year, month=params.month)
    return {
        "year": form.year,
        "month": form.month,
        "title": form.title,
        "columns": [{"field": c.field, "header": c.header} for c in form.columns],
        "rows": form.rows,
        "summary": [
            _level(r) for r in [*form.reliability.levels, form.reliability.total]
        ],
    }
