"""Demo consumers with their consumer accounts, points of supply and meters.

Mostly individuals (households on НН with 15 kW), some entrepreneurs and legal
entities with more power and higher voltage. A share of them use the personal account
(a login without a usable password); four demo consumers have known passwords."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from gridcare.accounts.models import Role, User
from gridcare.consumers.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    Consumer,
    ConsumerAccount,
    ConsumerKind,
    SupplyPoint,
    VoltageLevel,
)
from gridcare.demo import people
from gridcare.demo.company import BuildingRef, Company
from gridcare.demo.loading import BulkLoader
from gridcare.demo.logins import ROLE_PASSWORDS
from gridcare.metering.models import Meter

CONSUMERS_AT_SCALE_1 = 150_000
KIND_SHARES = (
    (ConsumerKind.INDIVIDUAL, 0.88),
    (ConsumerKind.ENTREPRENEUR, 0.07),
    (ConsumerKind.LEGAL_ENTITY, 0.05),
)
# Share of consumers who use the personal account (2021: «>29 тыс.» new users).
PORTAL_SHARE = {
    ConsumerKind.INDIVIDUAL: 0.30,
    ConsumerKind.ENTREPRENEUR: 0.50,
    ConsumerKind.LEGAL_ENTITY: 0.60,
}
HOUSEHOLD_METERS = ("Меркурий 201.8", "Энергомера CE 101", "Нева 101 1S0", "СЕ 102М")
MULTI_TARIFF_METERS = ("Меркурий 200.02", "Энергомера CE 102M R5", "Нева МТ 114")
REMOTE_METERS = ("Милур 107S", "Матрица NP71E.1", "Нартис-И100", "Меркурий 206 PRNO")
THREE_PHASE_METERS = ("Меркурий 230 ART", "Меркурий 234 ARTM", "Энергомера CE 308")


@dataclass(frozen=True, slots=True)
class ConsumerRef:
    id: int
    kind: str
    name: str
    phone: str
    email: str
    postal_address: str
    user_id: int | None
    branch_id: int
    account_id: int
    supply_point_id: int
    building_id: int
    address: str
    meter_serial: str


@dataclass(frozen=True)
class _DemoConsumer:
    kind: str
    name: str
    phone: str
    email: str
    branch_code: str
    points: int


DEMO_CONSUMERS = (
    _DemoConsumer(
        ConsumerKind.INDIVIDUAL,
        "Гарипова Алсу Рустамовна",
        "+79170000001",
        "alsu.garipova@example.com",
        "kazan",
        1,
    ),
    _DemoConsumer(
        ConsumerKind.INDIVIDUAL,
        "Петров Иван Сергеевич",
        "+79270000002",
        "",
        "privolzhsk",
        1,
    ),
    _DemoConsumer(
        ConsumerKind.ENTREPRENEUR,
        "ИП Хабибуллин Рамиль Маратович",
        "+79370000003",
        "ip.demo@example.com",
        "chelny",
        2,
    ),
    _DemoConsumer(
        ConsumerKind.LEGAL_ENTITY,
        "ООО «Идель-Строй»",
        "+78432000000",
        "company.demo@example.com",
        "kazan",
        3,
    ),
)


class _Builder:
    def __init__(self, loader: BulkLoader, rng: random.Random, company: Company):
        self.loader, self.rng, self.company = loader, rng, company
        self.users: list[dict[str, object]] = []
        self.consumers: list[dict[str, object]] = []
        self.accounts: list[dict[str, object]] = []
        self.points: list[dict[str, object]] = []
        self.meters: list[dict[str, object]] = []
        self.account_seq: dict[int, int] = {}

    def building(self, branch_id: int, *, flats: bool | None = None) -> BuildingRef:
        refs = self.company.buildings_by_branch[branch_id]
        for _ in range(20):
            ref = self.rng.choice(refs)
            if flats is None or ref.has_flats == flats:
                return ref
        return ref

    def supply_point(
        self, account: tuple[int, str], kind: str, building: BuildingRef, k: int
    ) -> tuple[int, str, str]:
        """Add a point of supply with its meter; return (id, premises, meter serial)."""
        rng = self.rng
        if kind == ConsumerKind.INDIVIDUAL:
            voltage, power = VoltageLevel.LV, Decimal("15.00")
            premises = f"кв. {rng.randint(1, 180)}" if building.has_flats else ""
        else:
            roll = rng.random() + (0.35 if kind == ConsumerKind.LEGAL_ENTITY else 0.0)
            if roll < 0.95:
                voltage, power = VoltageLevel.LV, Decimal(rng.randint(15, 150))
            elif roll < 1.25:
                voltage, power = VoltageLevel.MV2, Decimal(rng.randint(150, 670))
            elif roll < 1.33:
                voltage, power = VoltageLevel.MV1, Decimal(rng.randint(670, 5000))
            else:
                voltage, power = VoltageLevel.HV, Decimal(rng.randint(5000, 25000))
            premises = f"пом. {rng.randint(1, 40)}" if rng.random() < 0.3 else ""
        point_id = self.loader.allocate(SupplyPoint)
        self.points.append(
            {
                "id": point_id,
                "account_id": account[0],
                "code": f"{account[1]}-{k:02d}",
                "building_id": building.id,
                "premises": premises,
                "district_unit_id": building.unit_id,
                "voltage_level": voltage,
                "max_power_kw": power,
            }
        )
        installed = date(2008, 1, 1) + timedelta(days=rng.randint(0, 6500))
        remote = rng.random() < 0.35
        zones = 1
        if kind != ConsumerKind.INDIVIDUAL:
            model = rng.choice(THREE_PHASE_METERS)
            zones = rng.choice((1, 2, 3))
        elif remote:
            model = rng.choice(REMOTE_METERS)
            zones = 2 if rng.random() < 0.5 else 1
        elif rng.random() < 0.3:
            model, zones = rng.choice(MULTI_TARIFF_METERS), rng.choice((2, 2, 3))
        else:
            model = rng.choice(HOUSEHOLD_METERS)
        serial = str(rng.randrange(10**7, 10**12))
        self.meters.append(
            {
                "id": self.loader.allocate(Meter),
                "supply_point_id": point_id,
                "serial_number": serial,
                "model": model,
                "tariff_zones": zones,
                "is_remote": remote,
                "installed_on": installed,
                # Interval between verifications of a typical household meter: 16 years.
                "verification_due_on": date(
                    installed.year + 16, installed.month, min(installed.day, 28)
                ),
            }
        )
        return point_id, premises, serial

    def consumer(
        self,
        index: int,
        kind: str,
        *,
        branch_id: int,
        name: str,
        phone: str,
        email: str,
        with_user: bool,
        password: str,
        points: int,
        since: datetime,
    ) -> ConsumerRef:
        rng = self.rng
        flats = True if kind == ConsumerKind.INDIVIDUAL and index == 0 else None
        if index == 1:
            flats = False  # the demo private house
        building = self.building(branch_id, flats=flats)
        user_id = None
        if with_user:
            user_id = self.loader.allocate(User)
            login_phone = (
                phone if kind == ConsumerKind.INDIVIDUAL or not email else None
            )
            self.users.append(
                {
                    "id": user_id,
                    "email": email or None,
                    "phone": login_phone,
                    "password": password,
                    "full_name": name,
                    "role": Role.CONSUMER,
                    "date_joined": since - timedelta(days=rng.randint(1, 1500)),
                    "competences": [],
                }
            )
        if kind == ConsumerKind.INDIVIDUAL:
            inn = ""
        elif kind == ConsumerKind.LEGAL_ENTITY:
            inn = people.inn_legal(rng)
        else:
            inn = people.inn_person(rng)
        consumer_id = self.loader.allocate(Consumer)
        postal_address = f"Республика Татарстан, {building.address}"
        self.consumers.append(
            {
                "id": consumer_id,
                "kind": kind,
                "name": name,
                "inn": inn,
                "phone": phone,
                "email": email,
                "postal_address": postal_address,
                "user_id": user_id,
            }
        )
        seq = self.account_seq.get(branch_id, 0) + 1
        self.account_seq[branch_id] = seq
        order = self.company.branch_ids.index(branch_id) + 1
        account = (self.loader.allocate(ConsumerAccount), f"16{order}{seq:07d}")
        self.accounts.append(
            {
                "id": account[0],
                "number": account[1],
                "consumer_id": consumer_id,
                "branch_id": branch_id,
                "opened_on": date(2006, 1, 1) + timedelta(days=rng.randint(0, 7000)),
                "is_active": True,
            }
        )
        point_id, premises, serial = self.supply_point(account, kind, building, 1)
        for k in range(2, points + 1):
            self.supply_point(account, kind, self.building(branch_id), k)
        return ConsumerRef(
            consumer_id,
            kind,
            name,
            phone,
            email,
            postal_address,
            user_id,
            branch_id,
            account[0],
            point_id,
            building.id,
            building.address + (f", {premises}" if premises else ""),
            serial,
        )


def build_consumers(
    loader: BulkLoader,
    rng: random.Random,
    company: Company,
    *,
    scale: float,
    since: datetime,
) -> None:
    """Create consumers, accounts, points of supply, meters and portal logins."""
    builder = _Builder(loader, rng, company)
    demo_hash = make_password(ROLE_PASSWORDS[Role.CONSUMER])
    for index, demo in enumerate(DEMO_CONSUMERS):
        ref = builder.consumer(
            index,
            demo.kind,
            branch_id=company.branch_by_code[demo.branch_code],
            name=demo.name,
            phone=demo.phone,
            email=demo.email,
            with_user=True,
            password=demo_hash,
            points=demo.points,
            since=since,
        )
        company.demo_consumers.append(ref)
    count = max(60, round(CONSUMERS_AT_SCALE_1 * scale))
    kinds = [kind for kind, _share in KIND_SHARES]
    kind_weights = [share for _kind, share in KIND_SHARES]
    for index in range(count):
        kind = rng.choices(kinds, kind_weights)[0]
        branch_id = rng.choices(company.branch_ids, company.branch_weights)[0]
        if kind == ConsumerKind.INDIVIDUAL:
            surname, first, patronymic, _female = people.person_name(rng)
            name = f"{surname} {first} {patronymic}"
            phone = people.mobile_phone(index)
            email = (
                f"{people.translit(surname)}.{people.translit(first)[:1]}{index}@example.com"
                if rng.random() < 0.55
                else ""
            )
            points = 1
        elif kind == ConsumerKind.ENTREPRENEUR:
            name = people.entrepreneur_name(rng)
            phone = people.mobile_phone(index)
            email = f"ip{index}@example.com" if rng.random() < 0.9 else ""
            points = rng.randint(1, 2)
        else:
            name = people.company_name(rng, index)
            phone = people.mobile_phone(index)
            email = f"office{index}@example.com"
            points = rng.randint(1, 3)
        with_user = rng.random() < PORTAL_SHARE[kind] and bool(email or phone)
        ref = builder.consumer(
            index + len(DEMO_CONSUMERS),
            kind,
            branch_id=branch_id,
            name=name,
            phone=phone,
            email=email,
            with_user=with_user,
            password=f"!{rng.getrandbits(160):040x}",  # unusable: no known password
            points=points,
            since=since,
        )
        company.consumers.append(ref)
        if ref.user_id:
            company.consumers_with_user.append(ref)
    loader.insert_rows(User, builder.users)
    loader.insert_rows(Consumer, builder.consumers)
    loader.insert_rows(ConsumerAccount, builder.accounts)
    loader.insert_rows(SupplyPoint, builder.points)
    loader.insert_rows(Meter, builder.meters)
    _give_consents(loader, company, since)


def _give_consents(loader: BulkLoader, company: Company, since: datetime) -> None:
    """The demo consumers agreed to service and notifications when they signed up."""
    texts = {}
    for text in ConsentText.objects.order_by("purpose", "version"):
        texts[text.purpose] = text  # the latest version of each purpose
    consents = [
        Consent(
            pk=loader.allocate(Consent),
            consumer_id=ref.id,
            text_id=texts[purpose].pk,
            given_at=max(since, texts[purpose].valid_from).astimezone(UTC),
            channel="portal",
        )
        for ref in company.demo_consumers
        for purpose in (ConsentPurpose.SERVICE, ConsentPurpose.NOTIFICATIONS)
        if purpose in texts
    ]
    loader.insert(Consent, consents)
