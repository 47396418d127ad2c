"""`gridcare demo_data` builds a believable company at a tiny scale, and the registry it
leaves behind works with the services: numbers continue, history is consistent."""

import itertools
import random
from collections import Counter
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from gridcare.accounts.models import Role, User
from gridcare.appeals.codes import (
    AnswerChannel,
    Category,
    Channel,
    Kind,
    ServiceForm,
    Status,
    Topic,
)
from gridcare.appeals.models import (
    Appeal,
    AppealEvent,
    RegistrationCounter,
    WorkGroup,
)
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.calendars.terms import MOSCOW
from gridcare.consumers.models import Consumer, ConsumerKind, SupplyPoint
from gridcare.demo.appeals import AppealYear
from gridcare.demo.build import build_company
from gridcare.demo.generator import registration_number
from gridcare.demo.loading import BulkLoader
from gridcare.demo.logins import DEMO_LOGINS
from gridcare.metering.models import Meter
from gridcare.offices.models import Office
from gridcare.territory.models import Branch, DistrictGridUnit

pytestmark = pytest.mark.django_db

BRANCHES = {
    "Альметьевские электрические сети",
    "Бугульминские электрические сети",
    "Буинские электрические сети",
    "Елабужские электрические сети",
    "Казанские электрические сети",
    "Набережночелнинские электрические сети",
    "Нижнекамские электрические сети",
    "Приволжские электрические сети",
    "Чистопольские электрические сети",
}


def _demo(**options: object) -> str:
    out = StringIO()
    call_command("demo_data", scale=0.001, seed=7, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo() -> str:
    return _demo()


def test_builds_nine_branches_with_their_district_units(demo):
    assert set(Branch.objects.values_list("name", flat=True)) == BRANCHES
    per_branch = Counter(
        DistrictGridUnit.objects.values_list("branch__code", flat=True)
    )
    assert len(per_branch) == 9
    assert all(2 <= count <= 6 for count in per_branch.values())
    assert WorkGroup.objects.filter(branch__isnull=False).count() == 9 * len(Topic)


def test_builds_42_service_points_and_5_centres_two_of_them_remote(demo):
    kinds = Counter(Office.objects.values_list("kind", flat=True))
    assert kinds == {Office.Kind.SERVICE_POINT: 42, Office.Kind.SERVICE_CENTRE: 5}
    remote = Office.objects.filter(serves_remote_channels=True)
    assert remote.count() == 2
    assert set(remote.values_list("branch__code", flat=True)) == {"kazan"}
    assert not Office.objects.filter(building__isnull=True).exists()


def test_staff_of_every_role_and_demo_logins_work(demo):
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    admin = User.objects.get(email="admin@gridcare.demo")
    assert admin.is_superuser and admin.is_staff
    for login in DEMO_LOGINS:
        user = authenticate(username=login.login, password=login.password)
        assert user is not None, login.login
        assert user.role == login.role


def test_consumers_have_accounts_points_of_supply_and_meters(demo):
    kinds = Counter(Consumer.objects.values_list("kind", flat=True))
    assert kinds[ConsumerKind.INDIVIDUAL] > kinds[ConsumerKind.ENTREPRENEUR] > 0
    assert kinds[ConsumerKind.LEGAL_ENTITY] > 0
    assert not Consumer.objects.annotate(n=Count("accounts")).filter(n=0).exists()
    households = SupplyPoint.objects.filter(
        account__consumer__kind=ConsumerKind.INDIVIDUAL
    )
    assert set(households.values_list("max_power_kw", flat=True)) == {15}
    assert Meter.objects.count() == SupplyPoint.objects.count()
    assert Meter.objects.filter(is_remote=True).exists()
    assert Meter.objects.filter(tariff_zones__gt=1).exists()


def test_appeals_come_through_every_channel_in_the_seed_proportions(demo):
    appeals = Appeal.objects.all()
    total = appeals.count()
    assert total == 712  # 712.2 thousand × 0.001
    assert set(appeals.values_list("channel", flat=True)) == set(Channel.values)
    forms = Counter(appeals.values_list("service_form", flat=True))
    # 114.8 of 712.2 thousand in person, the rest remote (seed).
    assert forms[ServiceForm.IN_PERSON] == pytest.approx(total * 114.8 / 712.2, abs=2)
    assert (
        forms[ServiceForm.PHONE] > forms[ServiceForm.INTERNET] > forms[ServiceForm.POST]
    )
    categories = Counter(appeals.values_list("category", flat=True))
    assert 0.40 < categories[Category.CONNECTION] / total < 0.62
    kinds = Counter(appeals.values_list("kind", flat=True))
    assert 0.005 < kinds[Kind.COMPLAINT] / total < 0.06
    assert 0.10 < kinds[Kind.SERVICE_REQUEST] / total < 0.22


def test_numbers_are_unique_and_counters_hold_the_last_issued_value(demo):
    numbers = list(Appeal.objects.exclude(number=None).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) > 700
    last: dict[int, int] = {}
    for number in numbers:
        prefix, value = number.split("-")
        year = 2000 + int(prefix)
        last[year] = max(last.get(year, 0), int(value))
    assert dict(RegistrationCounter.objects.values_list("year", "value")) == last
    for year, value in last.items():  # consecutive, no gaps
        in_year = [n for n in numbers if n.startswith(f"{year % 100:02d}-")]
        assert len(in_year) == value


def test_next_appeal_through_the_service_continues_the_sequence(demo):
    year = timezone.localtime(timezone.now(), MOSCOW).year
    counter = RegistrationCounter.objects.filter(year=year).first()
    expected = registration_number(year, (counter.value if counter else 0) + 1)

    appeal = appeal_receive(
        actor=None,
        data=AppealInput(
            channel=Channel.INTERNET_RECEPTION,
            category=Category.OTHER,
            topic=Topic.GENERAL,
            text="Подскажите режим работы офиса.",
            contact_name="Сафина Лилия Маратовна",
            contact_email="safina@example.com",
            answer_channel=AnswerChannel.EMAIL,
        ),
    )

    assert appeal.number == expected
    assert Appeal.objects.filter(number=expected).count() == 1


def test_history_is_consistent_with_each_appeal(demo):
    now = timezone.now()
    events: dict[int, list[AppealEvent]] = {}
    for event in AppealEvent.objects.order_by("at", "id"):
        events.setdefault(event.appeal_id, []).append(event)
    statuses = Counter()
    for appeal in Appeal.objects.all():
        history = events[appeal.pk]
        statuses[appeal.status] += 1
        assert history[0].action == "received"
        assert history[0].at == appeal.received_at
        assert all(appeal.received_at <= e.at <= now for e in history)
        moves = [e for e in history if e.to_status]
        assert moves[-1].to_status == appeal.status
        for before, after in itertools.pairwise(moves):
            assert after.from_status == before.to_status
        if appeal.status == Status.NEW:
            assert appeal.number is None and appeal.due_at is None
            continue
        assert history[1].action == "registered"
        assert history[1].at == appeal.registered_at
        assert history[1].details["number"] == appeal.number
        assert appeal.due_at > appeal.registered_at >= appeal.received_at
        if appeal.status in (Status.ANSWERED, Status.CLOSED):
            assert appeal.registered_at <= appeal.answered_at <= now
        if appeal.status == Status.CLOSED:
            assert appeal.closed_at >= appeal.answered_at
        if appeal.rating is not None:
            assert 1 <= appeal.rating <= 5 and appeal.answered_at is not None
    assert statuses[Status.CLOSED] > 0.7 * sum(statuses.values())


def test_if_empty_does_nothing_the_second_time(demo):
    counts = (Appeal.objects.count(), AppealEvent.objects.count(), User.objects.count())

    output = _demo(if_empty=True)

    assert "уже есть данные" in output
    assert (
        Appeal.objects.count(),
        AppealEvent.objects.count(),
        User.objects.count(),
    ) == (counts)


def test_year_option_builds_that_calendar_year():
    _demo(year=2025)

    first, last = (
        datetime(2025, 1, 1, tzinfo=MOSCOW).astimezone(UTC),
        datetime(2026, 1, 1, tzinfo=MOSCOW).astimezone(UTC),
    )
    assert not Appeal.objects.exclude(
        received_at__gte=first, received_at__lt=last
    ).exists()
    assert RegistrationCounter.objects.filter(year=2025).exists()


def test_same_seed_gives_the_same_year_of_appeals(db):
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    company = build_company(
        BulkLoader(log=lambda _: None), random.Random(1), scale=0.001, since=now
    )

    def plan(seed: int) -> list[tuple[float, float, str]]:
        year = AppealYear(
            company=company,
            loader=BulkLoader(log=lambda _: None),
            rng=random.Random(seed),
            now=now,
            first_day=date(2025, 11, 24),
            total=500,
            log=lambda _: None,
        )
        return year.plan()

    assert plan(5) == plan(5)
    assert plan(5) != plan(6)


def test_demo_logins_prints_the_table(demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)

    text = out.getvalue()
    assert "Пароль" in text
    for login in DEMO_LOGINS:
        assert login.login in text and login.password in text
