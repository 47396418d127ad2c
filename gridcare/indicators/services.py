"""Writes of the indicators app: yearly plans and facts entered by staff, and the number
of points of supply per voltage level. Each save is all-or-nothing."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from gridcare.accounts.roles import has_right
from gridcare.consumers.models import VoltageLevel
from gridcare.core.errors import ApplicationError, PermissionDeniedError
from gridcare.indicators.models import (
    ServiceParameter,
    ServiceParameterValue,
    SupplyPointCount,
)
from gridcare.indicators.models.service import Unit
from gridcare.indicators.periods import year_check
from gridcare.indicators.rights import EDIT_RIGHT


@dataclass(frozen=True)
class PlanEntry:
    """Plan (and, for parameters entered by staff, fact) of one parameter."""

    parameter_id: int
    plan: Decimal | None
    fact: Decimal | None = None


def _require_edit(actor: object) -> None:
    if not has_right(actor, EDIT_RIGHT):
        raise PermissionDeniedError()


def _check_value(parameter: ServiceParameter, value: Decimal | None, what: str) -> None:
    if value is None:
        return
    where = f"{parameter.number} «{parameter.name}»"
    if value < 0:
        raise ApplicationError(
            _("%(where)s: %(what)s не может быть отрицательным.")
            % {"where": where, "what": what},
            code="value_negative",
        )
    if parameter.unit == Unit.PERCENT and value > 100:
        raise ApplicationError(
            _("%(where)s: %(what)s в процентах — не больше 100.")
            % {"where": where, "what": what},
            code="percent_too_large",
        )
    if parameter.unit == Unit.YES_NO and value not in (0, 1):
        raise ApplicationError(
            _("%(where)s: %(what)s — 1 (да) или 0 (нет).")
            % {"where": where, "what": what},
            code="yes_no_invalid",
        )
    if parameter.unit == Unit.COUNT and value != value.to_integral_value():
        raise ApplicationError(
            _("%(where)s: %(what)s — целое число.") % {"where": where, "what": what},
            code="count_not_integer",
        )


@transaction.atomic
def indicator_plans_save(*, actor: object, year: int, entries: list[PlanEntry]) -> int:
    """Save the year's plan values (and facts entered by staff); return how many
    parameters were saved. Facts of parameters computed from the data are refused."""
    _require_edit(actor)
    year_check(year)
    parameters = ServiceParameter.objects.in_bulk([e.parameter_id for e in entries])
    for entry in entries:
        parameter = parameters.get(entry.parameter_id)
        if parameter is None:
            raise ApplicationError(_("Неизвестный параметр."), code="parameter_unknown")
        if entry.fact is not None and not parameter.is_entered_by_staff:
            raise ApplicationError(
                _("%(where)s: фактическое значение рассчитывается по данным системы.")
                % {"where": f"{parameter.number} «{parameter.name}»"},
                code="fact_computed",
            )
        _check_value(parameter, entry.plan, _("плановое значение"))
        _check_value(parameter, entry.fact, _("фактическое значение"))
    for entry in entries:
        ServiceParameterValue.objects.update_or_create(
            year=year,
            parameter_id=entry.parameter_id,
            defaults={"plan": entry.plan, "fact": entry.fact, "entered_by": actor},
        )
    return len(entries)


@transaction.atomic
def supply_point_counts_save(
    *, actor: object, year: int, counts: dict[str, int | None], note: str = ""
) -> None:
    """Save N_max per voltage level for the year; None removes the entry (the
    register's count is used again)."""
    _require_edit(actor)
    year_check(year)
    for level, points in counts.items():
        if level not in VoltageLevel.values:
            raise ApplicationError(
                _("Неизвестный уровень напряжения: %(level)s.") % {"level": level},
                code="voltage_level_unknown",
            )
        if points is not None and points < 0:
            raise ApplicationError(
                _("Число точек поставки не может быть отрицательным."),
                code="value_negative",
            )
    for level, points in counts.items():
        if points is None:
            SupplyPointCount.objects.filter(year=year, voltage_level=level).delete()
            continue
        SupplyPointCount.objects.update_or_create(
            year=year,
            voltage_level=level,
            defaults={"points": points, "note": note, "entered_by": actor},
        )
