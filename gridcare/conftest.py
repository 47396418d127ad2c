"""Test personas: a fixed cast, so tests say who acts and who is refused.

consumer / other_consumer — two consumers with portal logins, accounts and points of
supply in Kazan; operator (contact centre, company-wide); specialist (back office,
competence «учёт», Kazan branch); other_specialist (competence «ТП», Kazan);
remote_specialist (competence «учёт», another branch); supervisor (Kazan); analyst;
administrator."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from gridcare.accounts.models import Competence, Role, User
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.models import Appeal, WorkGroup
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.consumers.models import Consumer, ConsumerAccount, SupplyPoint
from gridcare.territory.models import (
    Branch,
    Building,
    DistrictGridUnit,
    Settlement,
    Street,
)

PASSWORD = "Str0ng-pass-2026"


@pytest.fixture(autouse=True)
def _fresh_address_index() -> Any:
    """The address search keeps the register in memory per process; each test has its
    own register (ids are reused after a rollback), so it starts with none."""
    from gridcare.outages.addresses import address_index_reset

    address_index_reset()
    yield
    address_index_reset()


@pytest.fixture(autouse=True)
def _api_rate_limits_out_of_the_way(settings: Any) -> None:
    """Every test client calls from 127.0.0.1 and user ids repeat after each rollback,
    so the production API limits (gridcare/api/throttling.py) would add up across the
    whole run. Per second and very high: still counted, never reached. Throttling tests
    set their own low rates."""
    for name in (
        "API_THROTTLE_ANON",
        "API_THROTTLE_USER",
        "API_THROTTLE_LOGIN",
        "API_THROTTLE_PUBLIC_FORMS",
    ):
        setattr(settings, name, "100000/s")


@pytest.fixture
def branch(db: Any) -> Branch:
    return Branch.objects.create(
        code="kazan", name="Казанские электрические сети", short_name="КЭС", order=1
    )


@pytest.fixture
def other_branch(db: Any) -> Branch:
    return Branch.objects.create(
        code="chelny",
        name="Набережночелнинские электрические сети",
        short_name="НЧЭС",
        order=2,
    )


@pytest.fixture
def district_unit(branch: Branch) -> DistrictGridUnit:
    return DistrictGridUnit.objects.create(
        branch=branch, code="kazan-city", name="Городской РЭС"
    )


@pytest.fixture
def street(district_unit: DistrictGridUnit) -> Street:
    kazan = Settlement.objects.create(
        district_unit=district_unit, name="Казань", name_key="казань"
    )
    return Street.objects.create(settlement=kazan, name="Баумана", name_key="баумана")


@pytest.fixture
def make_building(street: Street) -> Callable[[str], Building]:
    def make(number: str) -> Building:
        return Building.objects.create(
            settlement=street.settlement,
            street=street,
            number=number,
            number_value=int("".join(c for c in number if c.isdigit()) or 0),
        )

    return make


def _user(
    role: str,
    *,
    email: str,
    branch: Branch | None = None,
    competences: list[str] | None = None,
    phone: str | None = None,
    name: str = "",
) -> User:
    return User.objects.create_user(
        email=email,
        password=PASSWORD,
        role=role,
        branch=branch,
        competences=competences or [],
        phone=phone,
        full_name=name,
    )


def _consumer(
    *,
    email: str,
    phone: str,
    name: str,
    account: str,
    building: Building,
    district_unit: DistrictGridUnit,
) -> Consumer:
    user = _user(Role.CONSUMER, email=email, phone=phone, name=name)
    consumer = Consumer.objects.create(name=name, phone=phone, email=email, user=user)
    acc = ConsumerAccount.objects.create(
        number=account, consumer=consumer, branch=district_unit.branch
    )
    SupplyPoint.objects.create(
        account=acc,
        code=f"SP-{account}",
        building=building,
        premises="1",
        district_unit=district_unit,
        max_power_kw=Decimal("15.00"),
    )
    return consumer


@pytest.fixture
def consumer(
    make_building: Callable[[str], Building], district_unit: DistrictGridUnit
) -> User:
    c = _consumer(
        email="ivanova@example.ru",
        phone="+79170000001",
        name="Иванова Анна Петровна",
        account="1600000001",
        building=make_building("1"),
        district_unit=district_unit,
    )
    return c.user  # type: ignore[return-value]


@pytest.fixture
def other_consumer(
    make_building: Callable[[str], Building], district_unit: DistrictGridUnit
) -> User:
    c = _consumer(
        email="petrov@example.ru",
        phone="+79170000002",
        name="Петров Олег Ильич",
        account="1600000002",
        building=make_building("2"),
        district_unit=district_unit,
    )
    return c.user  # type: ignore[return-value]


@pytest.fixture
def operator(db: Any) -> User:
    return _user(Role.OPERATOR, email="operator@gridcare.test", name="Оператор Ольга")


@pytest.fixture
def specialist(branch: Branch) -> User:
    return _user(
        Role.SPECIALIST,
        email="specialist@gridcare.test",
        branch=branch,
        competences=[Competence.METERING],
        name="Специалист Сергей",
    )


@pytest.fixture
def other_specialist(branch: Branch) -> User:
    return _user(
        Role.SPECIALIST,
        email="tp@gridcare.test",
        branch=branch,
        competences=[Competence.CONNECTION],
        name="Специалист ТП Тимур",
    )


@pytest.fixture
def remote_specialist(other_branch: Branch) -> User:
    return _user(
        Role.SPECIALIST,
        email="chelny@gridcare.test",
        branch=other_branch,
        competences=[Competence.METERING],
        name="Специалист Челны",
    )


@pytest.fixture
def supervisor(branch: Branch) -> User:
    return _user(
        Role.SUPERVISOR,
        email="supervisor@gridcare.test",
        branch=branch,
        name="Руководитель Раиса",
    )


@pytest.fixture
def analyst(db: Any) -> User:
    return _user(Role.ANALYST, email="analyst@gridcare.test", name="Аналитик Артём")


@pytest.fixture
def administrator(db: Any) -> User:
    return _user(Role.ADMINISTRATOR, email="admin@gridcare.test", name="Администратор")


@pytest.fixture
def metering_group(branch: Branch) -> WorkGroup:
    return WorkGroup.objects.create(
        name="Учёт КЭС", topic=Topic.METERING, branch=branch
    )


@pytest.fixture
def make_appeal(consumer: User) -> Callable[..., Appeal]:
    """File an appeal as `consumer` through the personal account (registered at once)."""

    def make(**overrides: Any) -> Appeal:
        owner = overrides.pop("user", consumer)
        c = owner.consumer
        account = c.accounts.first()
        fields: dict[str, Any] = dict(
            channel=Channel.PERSONAL_ACCOUNT,
            category=Category.METERING,
            topic=Topic.METERING,
            text="Счётчик перестал показывать расход, прошу проверить.",
            contact_name=c.name,
            contact_email=c.email,
            contact_phone=c.phone,
            answer_channel=AnswerChannel.PERSONAL_ACCOUNT,
            consumer=c,
            consumer_account=account,
            supply_point=account.supply_points.first(),
        )
        fields.update(overrides)
        actor = fields.pop("actor", owner)
        return appeal_receive(actor=actor, data=AppealInput(**fields))

    return make
