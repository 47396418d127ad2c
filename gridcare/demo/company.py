"""The company's structure for demo data: branches, district grid units, the address
register, offices and work groups. Staff and consumers are in staff.py and
consumers.py; everything lands in one `Company` that the appeal year reads."""

import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from gridcare.appeals.codes import Topic
from gridcare.appeals.models import WorkGroup
from gridcare.core.text import search_key
from gridcare.demo import places
from gridcare.demo.loading import BulkLoader
from gridcare.offices.models import Office

if TYPE_CHECKING:  # filled in by staff.py and consumers.py, which import this module
    from gridcare.demo.consumers import ConsumerRef
    from gridcare.demo.staff import Staff
from gridcare.territory.models import (
    Branch,
    Building,
    DistrictGridUnit,
    Settlement,
    SettlementKind,
    Street,
    StreetKind,
)

# Buildings in the address register at scale 1 (the consumers of a year's appeals
# live in them; blocks of flats in towns, houses in villages).
BUILDINGS_AT_SCALE_1 = 40_000
POINT_HOURS = "пн–чт 8:00–17:00, пт 8:00–16:00, обед 12:00–12:48"
CENTRE_HOURS = "пн–чт 8:00–18:00, пт 8:00–17:00, сб 9:00–13:00"
REMOTE_HOURS = "пн–чт 8:00–17:00, пт 8:00–16:00 (обращения по заочным каналам)"
OFFICE_SERVICES = (
    "Приём и регистрация обращений; приём жалоб; приём заявок на технологическое "
    "присоединение и проверка их комплектности; продление срока действия ТУ; "
    "консультации по учёту электроэнергии; выдача документов"
)
REMOTE_SERVICES = (
    "Рассмотрение обращений, поступивших через личный кабинет, интернет-приёмную, "
    "мобильное приложение, электронную и почтовую связь ({who})"
)


@dataclass(frozen=True)
class BuildingRef:
    id: int
    branch_id: int
    unit_id: int
    address: str
    has_flats: bool


@dataclass(frozen=True)
class OfficeRef:
    id: int
    branch_id: int
    name: str


@dataclass
class Company:
    """What the appeal year needs to know of the company, without queries."""

    branch_ids: list[int] = field(default_factory=list)
    branch_weights: list[float] = field(default_factory=list)
    branch_by_code: dict[str, int] = field(default_factory=dict)
    branch_short: dict[int, str] = field(default_factory=dict)
    unit_branch: dict[int, int] = field(default_factory=dict)
    unit_code: dict[int, str] = field(default_factory=dict)
    buildings_by_unit: dict[int, list[BuildingRef]] = field(default_factory=dict)
    buildings_by_branch: dict[int, list[BuildingRef]] = field(default_factory=dict)
    office_by_unit: dict[int, OfficeRef] = field(default_factory=dict)
    offices_by_branch: dict[int, list[OfficeRef]] = field(default_factory=dict)
    remote_centres: dict[str, OfficeRef] = field(default_factory=dict)
    # (branch id or None, topic) → (group id, group name)
    groups: dict[tuple[int | None, str], tuple[int, str]] = field(default_factory=dict)
    staff: "Staff" = None  # type: ignore[assignment]  # set by build_staff
    consumers: "list[ConsumerRef]" = field(default_factory=list)
    consumers_with_user: "list[ConsumerRef]" = field(default_factory=list)
    demo_consumers: "list[ConsumerRef]" = field(default_factory=list)


@dataclass
class _Area:
    """Streets of one settlement served by one district unit (Kazan has six)."""

    settlement_id: int
    settlement_label: str
    unit_id: int
    branch_id: int
    streets: list[tuple[int, str]]  # (street id, "ул. Баумана")
    share: float
    postal_prefix: str
    lat: float
    lon: float
    has_flats: bool


def _share_of_scale(scale: float, size: int, floor: int) -> int:
    return max(floor, math.ceil(size * min(1.0, 0.2 + 4 * scale)))


def build_territory(loader: BulkLoader, rng: random.Random, scale: float) -> Company:
    """Branches, district units, settlements, streets and buildings."""
    company = Company()
    branches, units, settlements, streets = [], [], [], []
    areas: list[_Area] = []
    rural_units: list[tuple[DistrictGridUnit, places.BranchData, Branch]] = []
    branch_pk = loader.allocate(Branch, len(places.BRANCHES))
    unit_pk = loader.allocate(
        DistrictGridUnit, sum(len(b.units) for b in places.BRANCHES)
    )

    def add_settlement(unit: DistrictGridUnit, kind: str, name: str, municipal: str):
        settlement = Settlement(
            pk=loader.allocate(Settlement),
            district_unit_id=unit.pk,
            kind=kind,
            name=name,
            name_key=search_key(name),
            municipal_district=municipal,
        )
        settlements.append(settlement)
        return settlement

    def add_streets(settlement: Settlement, labels: tuple[str, ...]) -> list:
        result = []
        for label in labels:
            kind, name = places.street_kind_and_name(label)
            street = Street(
                pk=loader.allocate(Street),
                settlement_id=settlement.pk,
                kind=kind,
                name=name,
                name_key=search_key(name),
            )
            streets.append(street)
            result.append((street.pk, f"{StreetKind(kind).label} {name}"))
        return result

    for order, data in enumerate(places.BRANCHES):
        branch = Branch(
            pk=branch_pk + order,
            code=data.code,
            name=data.name,
            short_name=data.short_name,
            order=order + 1,
        )
        branches.append(branch)
        company.branch_ids.append(branch.pk)
        company.branch_weights.append(data.weight)
        company.branch_by_code[data.code] = branch.pk
        company.branch_short[branch.pk] = data.short_name
        towns: dict[str, Settlement] = {}
        for position, unit_data in enumerate(data.units):
            unit = DistrictGridUnit(
                pk=unit_pk,
                branch_id=branch.pk,
                code=unit_data.code,
                name=unit_data.name,
            )
            unit_pk += 1
            units.append(unit)
            company.unit_branch[unit.pk] = branch.pk
            company.unit_code[unit.pk] = unit_data.code
            is_kazan = unit_data.town == places.KAZAN
            town = towns.get(unit_data.town)
            if town is None:
                town = add_settlement(
                    unit,
                    unit_data.town_kind,
                    unit_data.town,
                    unit_data.municipal_district,
                )
                towns[unit_data.town] = town
            if is_kazan:
                labels = places.KAZAN_STREETS[unit_data.code]
                share = data.weight / len(data.units)
            elif position == 0:
                labels = data.town_streets or places.GENERIC_TOWN_STREETS
                share = data.weight * 0.5
            else:
                labels = tuple(rng.sample(places.GENERIC_TOWN_STREETS, 12))
                share = data.weight * 0.3 / max(1, len(data.units) - 1)
                rural_units.append((unit, data, branch))
            labels = labels[: _share_of_scale(scale, len(labels), 3)]
            areas.append(
                _Area(
                    town.pk,
                    f"{SettlementKind(town.kind).label} {town.name}",
                    unit.pk,
                    branch.pk,
                    add_streets(town, labels),
                    share,
                    data.postal_prefix,
                    unit_data.lat,
                    unit_data.lon,
                    town.kind in (SettlementKind.CITY, SettlementKind.URBAN_SETTLEMENT),
                )
            )

    # Villages and gardening associations, more of them as the scale grows.
    villages = places.VILLAGES[: min(len(places.VILLAGES), round(90 * scale**0.5))]
    gardens = places.GARDENING[: min(len(places.GARDENING), round(10 * scale**0.5))]
    rng.shuffle(rural_units)
    extra = [(label, False) for label in villages] + [(g, True) for g in gardens]
    for index, (label, is_garden) in enumerate(extra):
        unit, data, branch = rural_units[index % len(rural_units)]
        unit_data = next(u for u in data.units if u.code == unit.code)
        if is_garden:
            kind, name = SettlementKind.GARDENING, label
        else:
            kind, name = places.settlement_kind_and_name(label)
        settlement = add_settlement(unit, kind, name, unit_data.municipal_district)
        count = rng.randint(2, 4)
        labels = () if is_garden else tuple(rng.sample(places.VILLAGE_STREETS, count))
        share = data.weight * 0.2 / max(1, len(villages) / len(places.BRANCHES))
        areas.append(
            _Area(
                settlement.pk,
                f"{SettlementKind(kind).label} {name}",
                unit.pk,
                branch.pk,
                add_streets(settlement, labels),
                share,
                data.postal_prefix,
                unit_data.lat + rng.uniform(-0.15, 0.15),
                unit_data.lon + rng.uniform(-0.2, 0.2),
                False,
            )
        )

    buildings = _build_buildings(loader, rng, scale, areas, company)
    loader.insert(Branch, branches)
    loader.insert(DistrictGridUnit, units)
    loader.insert(Settlement, settlements)
    loader.insert(Street, streets)
    loader.insert(Building, buildings)
    return company


def _build_buildings(
    loader: BulkLoader,
    rng: random.Random,
    scale: float,
    areas: list[_Area],
    company: Company,
) -> list[Building]:
    total = max(60, round(BUILDINGS_AT_SCALE_1 * scale))
    weight = sum(area.share for area in areas)
    buildings = []
    for area in areas:
        count = max(1, round(total * area.share / weight))
        next_number: dict[int | None, int] = {}
        spread = 0.04 if area.has_flats else 0.01
        for index in range(count):
            street_id, street_label = (
                area.streets[index % len(area.streets)] if area.streets else (None, "")
            )
            value = next_number.get(street_id, 0) + rng.randint(1, 3)
            next_number[street_id] = value
            number = f"{value}А" if rng.random() < 0.06 else str(value)
            building = Building(
                pk=loader.allocate(Building),
                settlement_id=area.settlement_id,
                street_id=street_id,
                number=number,
                number_value=value,
                postal_code=f"{area.postal_prefix}{rng.randrange(1000):03d}",
                latitude=Decimal(f"{area.lat + rng.uniform(-spread, spread):.6f}"),
                longitude=Decimal(f"{area.lon + rng.uniform(-spread, spread):.6f}"),
            )
            buildings.append(building)
            parts = (
                [area.settlement_label, street_label]
                if street_label
                else [area.settlement_label]
            )
            ref = BuildingRef(
                building.pk,
                area.branch_id,
                area.unit_id,
                ", ".join([*parts, f"{'уч.' if not street_id else 'д.'} {number}"]),
                area.has_flats and rng.random() < 0.75,
            )
            company.buildings_by_unit.setdefault(area.unit_id, []).append(ref)
            company.buildings_by_branch.setdefault(area.branch_id, []).append(ref)
    return buildings


def _phone(rng: random.Random, code: str) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(10 - len(code)))
    digits = str(rng.randint(2, 7)) + digits[1:]
    head, tail = digits[:-4], f"{digits[-4:-2]}-{digits[-2:]}"
    return f"+7 ({code}) {head}-{tail}"


def build_offices(loader: BulkLoader, rng: random.Random, company: Company) -> None:
    """42 service points (one per district unit but two Kazan ones served by the
    centres) and 5 service centres, two of them remote centres in Kazan (seed)."""
    offices: list[Office] = []

    unit_by_code = {code: pk for pk, code in company.unit_code.items()}

    def add(
        kind: str,
        name: str,
        branch_data: places.BranchData,
        unit_code: str,
        **extra: object,
    ) -> OfficeRef:
        branch_id = company.branch_by_code[branch_data.code]
        unit_id = unit_by_code[unit_code]
        building = company.buildings_by_unit[unit_id][0]
        office = Office(
            pk=loader.allocate(Office),
            kind=kind,
            name=name,
            branch_id=branch_id,
            building_id=building.id,
            address=building.address,
            phone=_phone(rng, branch_data.phone_code),
            email=f"pdo.{branch_data.code}.{len(offices) + 1}@gridcare.demo",
            **extra,
        )
        offices.append(office)
        ref = OfficeRef(office.pk, branch_id, name)
        company.offices_by_branch.setdefault(branch_id, []).append(ref)
        return ref

    by_code = {b.code: b for b in places.BRANCHES}
    centre = Office.Kind.SERVICE_CENTRE
    kazan, chelny, alm = by_code["kazan"], by_code["chelny"], by_code["almetyevsk"]
    common = {"opening_hours": CENTRE_HOURS, "services": OFFICE_SERVICES}
    add(
        centre,
        "Центр обслуживания потребителей «Казанские ЭС»",
        kazan,
        "kzn-vah",
        **common,
    )
    remote = (
        ("individuals", "физические лица", "kzn-sov"),
        ("companies", "юридические лица", "kzn-vah"),
    )
    for key, who, unit in remote:
        company.remote_centres[key] = add(
            centre,
            f"Центр заочного обслуживания ({who})",
            kazan,
            unit,
            opening_hours=REMOTE_HOURS,
            services=REMOTE_SERVICES.format(who=who),
            serves_remote_channels=True,
        )
    add(
        centre,
        "Центр обслуживания потребителей «Набережночелнинские ЭС»",
        chelny,
        "nch-city",
        **common,
    )
    add(
        centre,
        "Центр обслуживания потребителей «Альметьевские ЭС»",
        alm,
        "alm",
        **common,
    )
    for branch_data in places.BRANCHES:
        for unit_data in branch_data.units:
            if unit_data.code in ("kzn-vah", "kzn-sov"):
                continue  # served by the Kazan centres
            ref = add(
                Office.Kind.SERVICE_POINT,
                f"Пункт по работе с потребителями — {unit_data.name}",
                branch_data,
                unit_data.code,
                opening_hours=POINT_HOURS,
                services=OFFICE_SERVICES,
            )
            company.office_by_unit[unit_by_code[unit_data.code]] = ref
    loader.insert(Office, offices)


def build_work_groups(loader: BulkLoader, company: Company) -> None:
    """A group per branch and topic; the company-wide groups come with migrations."""
    for group in WorkGroup.objects.filter(branch__isnull=True):
        company.groups[(None, group.topic)] = (group.pk, group.name)
    groups = []
    for branch_id in company.branch_ids:
        for topic in Topic:
            name = f"{topic.label} — {company.branch_short[branch_id]}"
            group = WorkGroup(
                pk=loader.allocate(WorkGroup),
                name=name,
                topic=topic,
                branch_id=branch_id,
            )
            groups.append(group)
            company.groups[(branch_id, topic.value)] = (group.pk, name)
    loader.insert(WorkGroup, groups)
