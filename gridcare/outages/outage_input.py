"""What an outage is opened or edited with: the input, checked against the address
register and the code lists (Russian messages), its territory rows and the points of
supply it cuts off (N_i of Пsaidi/Пsaifi)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from gridcare.consumers.models import SupplyPoint, VoltageLevel
from gridcare.core.errors import ApplicationError
from gridcare.outages.models import (
    Cause,
    ExclusionClass,
    HouseParity,
    Outage,
    OutageArea,
    OutageKind,
    OutageSupplyPoint,
)
from gridcare.outages.selectors import buildings_covered
from gridcare.territory.models import Building, Settlement, Street


@dataclass
class AreaInput:
    """A piece of territory: a settlement, a street, a house range or one building."""

    settlement_id: int
    street_id: int | None = None
    building_id: int | None = None
    house_from: int | None = None
    house_to: int | None = None
    parity: str = HouseParity.ALL


@dataclass
class OutageInput:
    """What is known of an outage when it is opened or edited."""

    cause: str
    voltage_level: str
    areas: list[AreaInput]
    cause_text: str = ""
    equipment: str = ""
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    started_at: datetime | None = None
    estimated_restoration_at: datetime | None = None
    description: str = ""
    internal_note: str = ""
    supply_point_ids: Sequence[int] = field(default_factory=list)
    exclusion_class_id: int | None = None
    notice_lead_hours: int | None = None
    external_id: str = ""
    source: str = "manual"


def clean_areas(areas: Sequence[AreaInput]) -> list[OutageArea]:
    if not areas:
        raise ApplicationError(
            "Укажите хотя бы один адрес: населённый пункт, улицу или дом.",
            code="areas_required",
        )
    settlements = Settlement.objects.in_bulk({a.settlement_id for a in areas})
    streets = Street.objects.in_bulk({a.street_id for a in areas if a.street_id})
    buildings = Building.objects.in_bulk(
        {a.building_id for a in areas if a.building_id}
    )
    result = []
    for area in areas:
        settlement = settlements.get(area.settlement_id)
        if settlement is None:
            raise ApplicationError("Населённый пункт не найден.", code="bad_area")
        street = streets.get(area.street_id) if area.street_id else None
        if area.street_id and (street is None or street.settlement_id != settlement.pk):
            raise ApplicationError(
                f"Улица не найдена в населённом пункте «{settlement}».", code="bad_area"
            )
        building = buildings.get(area.building_id) if area.building_id else None
        if area.building_id and (
            building is None or building.settlement_id != settlement.pk
        ):
            raise ApplicationError("Дом не найден по этому адресу.", code="bad_area")
        if (area.house_from is None) != (area.house_to is None) or (
            area.house_from is not None and street is None
        ):
            raise ApplicationError(
                "Диапазон домов указывается для улицы: «с дома» и «по дом».",
                code="bad_range",
            )
        if area.house_from is not None and area.house_to < area.house_from:  # type: ignore[operator]
            raise ApplicationError(
                "В диапазоне домов «по дом» меньше, чем «с дома».", code="bad_range"
            )
        if area.parity not in HouseParity.values:
            raise ApplicationError("Неизвестная чётность домов.", code="bad_range")
        result.append(
            OutageArea(
                settlement=settlement,
                street=building.street if building else street,
                building=building,
                house_from=None if building else area.house_from,
                house_to=None if building else area.house_to,
                parity=area.parity if area.house_from is not None else HouseParity.ALL,
            )
        )
    return result


def clean_input(data: OutageInput, *, kind: str) -> None:
    if data.cause not in Cause.values:
        raise ApplicationError("Неизвестная причина отключения.", code="bad_cause")
    if data.voltage_level not in VoltageLevel.values:
        raise ApplicationError("Неизвестный уровень напряжения.", code="bad_voltage")
    data.cause_text = (data.cause_text or "").strip()[:300] or Cause(data.cause).label
    if kind == OutageKind.PLANNED:
        if data.planned_start is None or data.planned_end is None:
            raise ApplicationError(
                "Для плановых работ укажите начало и окончание.", code="window_required"
            )
        if data.planned_end <= data.planned_start:
            raise ApplicationError(
                "Окончание работ должно быть позже начала.", code="bad_window"
            )
    if data.notice_lead_hours is not None and data.notice_lead_hours < 24:
        raise ApplicationError(
            "Уведомлять о плановых работах нужно не позднее чем за сутки (24 часа).",
            code="lead_too_short",
        )
    if (
        data.exclusion_class_id is not None
        and not ExclusionClass.objects.filter(pk=data.exclusion_class_id).exists()
    ):
        raise ApplicationError("Неизвестный класс прекращения.", code="bad_class")


def apply_input(outage: Outage, data: OutageInput, areas: list[OutageArea]) -> None:
    first = areas[0].settlement
    units = {a.settlement.district_unit_id for a in areas}
    outage.branch_id = first.district_unit.branch_id
    outage.district_unit_id = units.pop() if len(units) == 1 else None
    for name in (
        "cause",
        "cause_text",
        "voltage_level",
        "equipment",
        "description",
        "internal_note",
        "exclusion_class_id",
        "notice_lead_hours",
    ):
        setattr(outage, name, getattr(data, name))
    outage.area_text = "; ".join(a.description for a in areas)[:5000]


def save_areas(outage: Outage, areas: list[OutageArea]) -> None:
    outage.areas.all().delete()
    for area in areas:
        area.outage = outage
    OutageArea.objects.bulk_create(areas)


def snapshot_points(outage: Outage, manual_ids: Sequence[int] = ()) -> int:
    """Record the points of supply the outage cuts off (N_i): those at its addresses
    plus any named by staff; return their count."""
    outage.supply_point_links.filter(source="area").delete()
    at_addresses = SupplyPoint.objects.filter(
        building__in=buildings_covered(outage).values("pk")
    ).values_list("pk", "voltage_level")
    links = [
        OutageSupplyPoint(outage=outage, supply_point_id=pk, voltage_level=level)
        for pk, level in at_addresses.iterator(chunk_size=5000)
    ]
    if manual_ids:
        manual = SupplyPoint.objects.filter(pk__in=list(manual_ids))
        links += [
            OutageSupplyPoint(
                outage=outage,
                supply_point_id=p.pk,
                voltage_level=p.voltage_level,
                source="manual",
            )
            for p in manual
        ]
    OutageSupplyPoint.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    outage.points_cut_off = outage.supply_point_links.count()
    outage.save(update_fields=["points_cut_off"])
    return outage.points_cut_off
