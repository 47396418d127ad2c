"""The required-power calculator: appliances × quantity × simultaneity coefficient.

Not regulated (regulation.md §3.7 ⚠️): the result is informational; the catalogue of
typical powers and the default coefficients are editable data."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal

from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.codes import ApplicantCategory
from gridcare.grid_connections.models import ApplianceType, PowerProfile

HUNDREDTH = Decimal("0.01")
MAX_QUANTITY = 1000
MAX_ITEMS = 100
INDIVIDUAL_LIMIT_KW = Decimal(15)


@dataclass(frozen=True)
class ApplianceInput:
    """One row: a catalogue appliance (by id) or an appliance of the applicant's own
    (name and power), and how many."""

    quantity: int
    appliance_id: int | None = None
    name: str = ""
    power_kw: Decimal | None = None


@dataclass(frozen=True)
class PowerLine:
    name: str
    power_kw: Decimal
    quantity: int
    total_kw: Decimal


@dataclass
class PowerResult:
    lines: list[PowerLine]
    installed_kw: Decimal
    simultaneity: Decimal
    required_kw: Decimal
    recommended_kw: int
    suggested_category: str
    explanation: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "lines": [
                {
                    "name": row.name,
                    "power_kw": str(row.power_kw),
                    "quantity": row.quantity,
                    "total_kw": str(row.total_kw),
                }
                for row in self.lines
            ],
            "installed_kw": str(self.installed_kw),
            "simultaneity": str(self.simultaneity),
            "required_kw": str(self.required_kw),
            "recommended_kw": self.recommended_kw,
            "suggested_category": self.suggested_category,
            "explanation": self.explanation,
        }


def _kw(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def required_power_calculate(
    *,
    items: Sequence[ApplianceInput],
    simultaneity: Decimal | None = None,
    profile_id: int | None = None,
) -> PowerResult:
    """Sum the appliances' powers × quantities, multiply by the simultaneity
    coefficient (given, else the profile's), round up. Raises ApplicationError with a
    Russian message on bad input."""
    if not items:
        raise ApplicationError(
            _("Добавьте хотя бы один прибор."), code="items_required"
        )
    if len(items) > MAX_ITEMS:
        raise ApplicationError(
            _("Не более %(n)s строк.") % {"n": MAX_ITEMS}, code="too_many_items"
        )
    if simultaneity is None:
        profile = (
            PowerProfile.objects.filter(pk=profile_id).first() if profile_id else None
        )
        if profile is None:
            raise ApplicationError(
                _("Выберите вид объекта или укажите коэффициент одновременности."),
                code="simultaneity_required",
            )
        simultaneity = profile.simultaneity
    if not Decimal(0) < simultaneity <= Decimal(1):
        raise ApplicationError(
            _("Коэффициент одновременности — число больше 0 и не больше 1."),
            code="simultaneity_invalid",
        )
    catalogue = ApplianceType.objects.in_bulk(
        [i.appliance_id for i in items if i.appliance_id is not None]
    )
    lines = []
    for item in items:
        if not 1 <= item.quantity <= MAX_QUANTITY:
            raise ApplicationError(
                _("Количество — от 1 до %(n)s.") % {"n": MAX_QUANTITY},
                code="quantity_invalid",
            )
        if item.appliance_id is not None:
            appliance = catalogue.get(item.appliance_id)
            if appliance is None:
                raise ApplicationError(
                    _("Прибор не найден в справочнике."), code="not_found"
                )
            name, power = appliance.name, appliance.typical_power_kw
        else:
            name, power = item.name.strip(), item.power_kw
            if not name or power is None or power <= 0:
                raise ApplicationError(
                    _("Для своего прибора укажите название и мощность больше нуля."),
                    code="appliance_invalid",
                )
        lines.append(PowerLine(name, power, item.quantity, power * item.quantity))
    installed = sum((line.total_kw for line in lines), Decimal(0))
    required = (installed * simultaneity).quantize(HUNDREDTH, rounding=ROUND_UP)
    recommended = max(1, math.ceil(required))
    explanation = [
        _("%(name)s: %(power)s кВт × %(qty)s = %(total)s кВт")
        % {
            "name": line.name,
            "power": _kw(line.power_kw),
            "qty": line.quantity,
            "total": _kw(line.total_kw),
        }
        for line in lines
    ]
    explanation += [
        _("Суммарная установленная мощность: %(kw)s кВт.") % {"kw": _kw(installed)},
        _(
            "Не все приборы работают одновременно: × коэффициент одновременности "
            "%(k)s = %(kw)s кВт."
        )
        % {"k": _kw(simultaneity), "kw": _kw(required)},
        _("Рекомендуемая максимальная мощность в заявке: %(kw)s кВт.")
        % {"kw": recommended},
        _(
            "Расчёт справочный: коэффициенты и мощности приборов — типичные значения, "
            "не норматив."
        ),
    ]
    suggested = (
        ApplicantCategory.INDIVIDUAL_15
        if recommended <= INDIVIDUAL_LIMIT_KW
        else ApplicantCategory.BUSINESS_150
        if recommended <= 150
        else ApplicantCategory.MEDIUM_670
        if recommended <= 670
        else ApplicantCategory.LARGE
    )
    return PowerResult(
        lines=lines,
        installed_kw=installed,
        simultaneity=simultaneity,
        required_kw=required,
        recommended_kw=recommended,
        suggested_category=suggested,
        explanation=explanation,
    )
