"""The connection fee calculator (regulation.md §3.5–3.7).

Standard-rate cost ✅ [R38]:
    ПТП = C1 + Σ (C2_i or C3_i × L_i) + C8 × n  (+ other rates present in the table)
Where п. 17 applies (≤15 kW / microgeneration, III category, ≤0.4 kV, ≤300 m in towns
or ≤500 m in rural areas, from 01.07.2022) ✅ [R26]:
    fee = min(standard-rate cost, preferential rate × kW)
with the reduced rate instead of the preferential one for social categories ✅ [R27].

Rates come from the published rate tables of the region valid on the day; of a
series only the newest version counts. Money is Decimal in kopecks, rounded half up
per line; VAT is added or extracted per table (`includes_vat`, `vat_rate`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.codes import (
    CATEGORY_FACTS,
    ApplicantCategory,
    FeeBasis,
    LineType,
    ReliabilityCategory,
    SettlementType,
    VoltageClass,
)
from gridcare.grid_connections.models import RateCode, RateItem, RateTable

KOPECK = Decimal("0.01")
# п. 17 in its current wording applies from 01.07.2022 ✅ [R26].
PREFERENTIAL_SINCE = date(2022, 7, 1)
PREFERENTIAL_MAX_KW = Decimal(15)
DISTANCE_LIMIT_M = {SettlementType.URBAN: 300, SettlementType.RURAL: 500}


def money(value: Decimal) -> Decimal:
    return value.quantize(KOPECK, rounding=ROUND_HALF_UP)


def format_rub(value: Decimal) -> str:
    """'114 000,00' — Russian grouping, two decimals."""
    return number_format(money(value), 2, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class LineInput:
    voltage: str
    line_type: str
    length_km: Decimal


@dataclass(frozen=True)
class ExtraInput:
    """Another rate of the table (C4–C7 …) × a quantity in its unit."""

    rate: str
    quantity: Decimal
    variant: str = ""


@dataclass
class CostInput:
    region: str
    on: date
    category: str
    requested_kw: Decimal
    voltage: str
    reliability_category: str = ReliabilityCategory.THIRD
    settlement_type: str = SettlementType.URBAN
    distance_m: int | None = None
    lines: Sequence[LineInput] = ()
    metering_points: int = 1
    meter_variant: str = ""
    is_social: bool = False
    extras: Sequence[ExtraInput] = ()


@dataclass(frozen=True)
class TableRef:
    code: str
    version: int
    title: str
    act: str
    is_sample: bool
    includes_vat: bool
    vat_rate: Decimal
    status_mark: str
    reference: str


@dataclass(frozen=True)
class CostLine:
    code: str
    title: str
    quantity: Decimal
    unit: str
    rate: Decimal
    rate_includes_vat: bool
    amount_without_vat: Decimal
    vat: Decimal
    amount_with_vat: Decimal
    table: TableRef


@dataclass
class CostResult:
    standard_lines: list[CostLine]
    standard_without_vat: Decimal
    standard_vat: Decimal
    standard_total: Decimal
    preferential_applies: bool
    preferential_reason: str
    preferential_line: CostLine | None
    basis: str
    fee_total: Decimal
    fee_vat: Decimal
    fee_without_vat: Decimal
    explanation: list[str] = field(default_factory=list)
    tables: list[TableRef] = field(default_factory=list)

    @property
    def has_sample_rates(self) -> bool:
        return any(t.is_sample for t in self.tables)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready snapshot (amounts as strings with kopecks)."""

        def line(row: CostLine) -> dict[str, object]:
            return {
                "code": row.code,
                "title": row.title,
                "quantity": str(row.quantity),
                "unit": row.unit,
                "rate": str(row.rate),
                "rate_includes_vat": row.rate_includes_vat,
                "amount_without_vat": str(row.amount_without_vat),
                "vat": str(row.vat),
                "amount_with_vat": str(row.amount_with_vat),
                "table": f"{row.table.code} v{row.table.version}",
                "is_sample": row.table.is_sample,
            }

        return {
            "standard_lines": [line(r) for r in self.standard_lines],
            "standard_without_vat": str(self.standard_without_vat),
            "standard_vat": str(self.standard_vat),
            "standard_total": str(self.standard_total),
            "preferential_applies": self.preferential_applies,
            "preferential_reason": self.preferential_reason,
            "preferential_line": line(self.preferential_line)
            if self.preferential_line
            else None,
            "basis": self.basis,
            "fee_total": str(self.fee_total),
            "fee_vat": str(self.fee_vat),
            "fee_without_vat": str(self.fee_without_vat),
            "explanation": self.explanation,
            "tables": [
                {
                    "code": t.code,
                    "version": t.version,
                    "title": t.title,
                    "act": t.act,
                    "is_sample": t.is_sample,
                    "includes_vat": t.includes_vat,
                    "vat_rate": str(t.vat_rate),
                    "status_mark": t.status_mark,
                    "reference": t.reference,
                }
                for t in self.tables
            ],
            "has_sample_rates": self.has_sample_rates,
        }


def rate_table_list_valid(*, region: str, on: date) -> list[RateTable]:
    """Return the published tables of the region valid on `on`, newest version of
    each series only, most recent first (items prefetched)."""
    rows = (
        RateTable.objects.filter(region=region, is_published=True, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .prefetch_related(Prefetch("items", queryset=RateItem.objects.order_by("id")))
        .order_by("-valid_from", "-version", "-id")
    )
    newest: dict[str, RateTable] = {}
    for table in rows:
        if table.code not in newest or table.version > newest[table.code].version:
            newest[table.code] = table
    return sorted(
        newest.values(), key=lambda t: (t.valid_from, t.loaded_at), reverse=True
    )


def _ref(table: RateTable) -> TableRef:
    return TableRef(
        code=table.code,
        version=table.version,
        title=table.title,
        act=table.act,
        is_sample=table.is_sample,
        includes_vat=table.includes_vat,
        vat_rate=table.vat_rate,
        status_mark=table.status_mark,
        reference=table.reference,
    )


def _pick(
    tables: Sequence[RateTable],
    rate: str,
    *,
    kw: Decimal,
    category: str = "",
    voltage: str = "",
    line_type: str = "",
    variant: str = "",
) -> tuple[RateItem, RateTable] | None:
    """The most specific item of `rate` in the first table that has a match."""
    wanted = {
        "category": category,
        "voltage": voltage,
        "line_type": line_type,
        "variant": variant,
    }
    for table in tables:
        best: tuple[int, RateItem] | None = None
        for item in table.items.all():
            if item.rate != rate:
                continue
            if item.power_from_kw is not None and kw <= item.power_from_kw:
                continue
            if item.power_to_kw is not None and kw > item.power_to_kw:
                continue
            score = 0
            for name, value in wanted.items():
                own = getattr(item, name)
                if own and own != value:
                    break
                score += bool(own)
            else:
                if best is None or score > best[0]:
                    best = (score, item)
        if best is not None:
            return best[1], table
    return None


def _cost_line(
    item: RateItem, table: RateTable, quantity: Decimal, title: str
) -> CostLine:
    gross = 1 + table.vat_rate / 100
    if table.includes_vat:
        with_vat = money(item.value * quantity)
        without = money(with_vat / gross)
    else:
        without = money(item.value * quantity)
        with_vat = money(without * gross)
    return CostLine(
        code=item.rate,
        title=title,
        quantity=quantity,
        unit=item.unit,
        rate=item.value,
        rate_includes_vat=table.includes_vat,
        amount_without_vat=without,
        vat=with_vat - without,
        amount_with_vat=with_vat,
        table=_ref(table),
    )


def _standard_lines(data: CostInput, tables: list[RateTable]) -> list[CostLine]:
    kw = data.requested_kw
    lines: list[CostLine] = []
    missing: list[str] = []

    def add(rate: str, quantity: Decimal, title: str, **selectors: str) -> None:
        found = _pick(tables, rate, kw=kw, category=data.category, **selectors)
        if found is None:
            missing.append(f"{rate} {title}".strip())
            return
        lines.append(_cost_line(found[0], found[1], quantity, title))

    c1 = _pick(tables, RateCode.C1, kw=kw, category=data.category)
    if c1 is not None:
        lines.append(_cost_line(c1[0], c1[1], Decimal(1), str(RateCode.C1.label)))
    else:
        add(RateCode.C1_1, Decimal(1), str(RateCode.C1_1.label))
        add(RateCode.C1_2, Decimal(1), str(RateCode.C1_2.label))
    for line in data.lines:
        code = RateCode.C2 if line.line_type == LineType.OVERHEAD else RateCode.C3
        title = _("%(code)s: %(type)s %(voltage)s, %(km)s км") % {
            "code": code,
            "type": LineType(line.line_type).label,
            "voltage": VoltageClass(line.voltage).label,
            "km": line.length_km,
        }
        add(code, line.length_km, title, voltage=line.voltage, line_type=line.line_type)
    if data.metering_points:
        add(
            RateCode.C8,
            Decimal(data.metering_points),
            str(RateCode.C8.label),
            voltage=data.voltage,
            variant=data.meter_variant,
        )
    for extra in data.extras:
        add(
            extra.rate,
            extra.quantity,
            str(RateCode(extra.rate).label),
            variant=extra.variant,
        )
    if missing:
        raise ApplicationError(
            _(
                "В действующих таблицах ставок региона %(region)s на %(date)s нет "
                "ставок: %(missing)s. Обратитесь в сетевую организацию."
            )
            % {
                "region": data.region,
                "date": data.on.strftime("%d.%m.%Y"),
                "missing": "; ".join(missing),
            },
            code="rate_missing",
        )
    return lines


def _preferential_reason(data: CostInput) -> str:
    """Why п. 17 does not apply, or '' when it does."""
    if not CATEGORY_FACTS[data.category].preferential_fee:
        return _(
            "льготная ставка применяется только к заявителям до 15 кВт (п. 14) и микрогенерации"
        )
    if data.on < PREFERENTIAL_SINCE:
        return _("расчёт по п. 17 в редакции до 01.07.2022 не поддерживается")
    if data.reliability_category != ReliabilityCategory.THIRD:
        return _("льготная ставка — только для III категории надёжности")
    if data.voltage != VoltageClass.LV_0_4:
        return _("льготная ставка — только при присоединении на 0,4 кВ и ниже")
    if data.distance_m is None:
        return _("не указано расстояние до существующих сетей")
    limit = DISTANCE_LIMIT_M.get(data.settlement_type, DISTANCE_LIMIT_M["urban"])
    if data.distance_m > limit:
        return _("расстояние до сетей больше %(limit)s м") % {"limit": limit}
    return ""


def _check_codes(data: CostInput) -> None:
    checks = [
        (data.category, ApplicantCategory.values, "category"),
        (data.voltage, VoltageClass.values, "voltage"),
        (data.reliability_category, ReliabilityCategory.values, "reliability_category"),
        (data.settlement_type, SettlementType.values, "settlement_type"),
    ]
    for line in data.lines:
        checks.append((line.voltage, VoltageClass.values, "lines.voltage"))
        checks.append((line.line_type, LineType.values, "lines.line_type"))
    for extra in data.extras:
        checks.append((extra.rate, RateCode.values, "extras.rate"))
    for value, allowed, name in checks:
        if value not in allowed:
            raise ApplicationError(
                _("Поле «%(name)s»: недопустимое значение «%(value)s».")
                % {"name": name, "value": value},
                code="validation_error",
            )


def connection_cost_calculate(
    data: CostInput, *, tables: list[RateTable] | None = None
) -> CostResult:
    """Return the fee with its breakdown and explanation.

    Preconditions: codes valid (the caller validated input); requested_kw > 0.
    Raises ApplicationError when a needed rate is not in the valid tables."""
    _check_codes(data)
    if data.requested_kw <= 0:
        raise ApplicationError(
            _("Запрашиваемая мощность должна быть больше нуля."), code="power_invalid"
        )
    if tables is None:
        tables = rate_table_list_valid(region=data.region, on=data.on)
    if not tables:
        raise ApplicationError(
            _("Для региона %(region)s нет таблиц ставок, действующих на %(date)s.")
            % {"region": data.region, "date": data.on.strftime("%d.%m.%Y")},
            code="rate_table_missing",
        )
    lines = _standard_lines(data, tables)
    used = {(line.table.code, line.table.version): line.table for line in lines}
    without = sum((line.amount_without_vat for line in lines), Decimal(0))
    vat = sum((line.vat for line in lines), Decimal(0))
    total = without + vat
    explanation = [
        _("%(title)s: %(qty)s × %(rate)s руб. %(vat)s = %(amount)s руб. с НДС")
        % {
            "title": line.title,
            "qty": line.quantity,
            "rate": format_rub(line.rate),
            "vat": _("с НДС") if line.rate_includes_vat else _("без НДС"),
            "amount": format_rub(line.amount_with_vat),
        }
        for line in lines
    ]
    explanation.append(
        _("Стоимость по стандартизированным ставкам: %(total)s руб. с НДС.")
        % {"total": format_rub(total)}
    )
    reason = _preferential_reason(data)
    result = CostResult(
        standard_lines=lines,
        standard_without_vat=without,
        standard_vat=vat,
        standard_total=total,
        preferential_applies=not reason,
        preferential_reason=reason,
        preferential_line=None,
        basis=FeeBasis.STANDARD,
        fee_total=total,
        fee_vat=vat,
        fee_without_vat=without,
        explanation=explanation,
    )
    if reason:
        explanation.append(
            _("Льготная ставка не применяется: %(reason)s.") % {"reason": reason}
        )
    else:
        _apply_preferential(data, tables, result, used)
    result.tables = list(used.values())
    if result.has_sample_rates:
        explanation.append(
            _(
                "ВНИМАНИЕ: в расчёте использованы ОБРАЗЦЫ ставок, а не официальные "
                "значения — сумма не является платой к оплате."
            )
        )
    return result


def _apply_preferential(
    data: CostInput,
    tables: list[RateTable],
    result: CostResult,
    used: dict[tuple[str, int], TableRef],
) -> None:
    kw = data.requested_kw
    code, basis = RateCode.PREFERENTIAL_KW, FeeBasis.PREFERENTIAL
    found = None
    if data.is_social:
        found = _pick(tables, RateCode.SOCIAL_KW, kw=kw, category=data.category)
        if found is not None:
            code, basis = RateCode.SOCIAL_KW, FeeBasis.SOCIAL
        else:
            result.explanation.append(
                _(
                    "Сниженная ставка для социальных категорий не загружена — "
                    "применена льготная ставка."
                )
            )
    if found is None:
        found = _pick(tables, RateCode.PREFERENTIAL_KW, kw=kw, category=data.category)
    if found is None:
        result.preferential_applies = False
        result.preferential_reason = _("в таблицах нет льготной ставки за 1 кВт")
        result.explanation.append(
            _("Льготная ставка не применяется: %(reason)s.")
            % {"reason": result.preferential_reason}
        )
        return
    item, table = found
    line = _cost_line(item, table, kw, str(RateCode(code).label))
    used[(table.code, table.version)] = line.table
    result.preferential_line = line
    result.explanation.append(
        _("%(title)s: %(rate)s руб./кВт %(vat)s × %(kw)s кВт = %(amount)s руб. с НДС.")
        % {
            "title": line.title,
            "rate": format_rub(item.value),
            "vat": _("с НДС") if table.includes_vat else _("без НДС"),
            "kw": kw,
            "amount": format_rub(line.amount_with_vat),
        }
    )
    if line.amount_with_vat < result.standard_total:
        result.basis = basis
        result.fee_total = line.amount_with_vat
        result.fee_vat = line.vat
        result.fee_without_vat = line.amount_without_vat
        result.explanation.append(
            _(
                "Применяется меньшая сумма (п. 17 Правил): ставка за 1 кВт — "
                "%(fee)s руб. с НДС."
            )
            % {"fee": format_rub(line.amount_with_vat)}
        )
    else:
        result.explanation.append(
            _(
                "Применяется меньшая сумма (п. 17 Правил): стоимость по "
                "стандартизированным ставкам — %(fee)s руб. с НДС."
            )
            % {"fee": format_rub(result.standard_total)}
        )
