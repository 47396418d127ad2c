"""Build the whole demo company: `gridcare demo_data` and the benchmarks call this."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gridcare.appeals.models import Appeal
from gridcare.calendars.terms import MOSCOW
from gridcare.demo.appeals import AppealYear
from gridcare.demo.company import (
    Company,
    build_offices,
    build_territory,
    build_work_groups,
)
from gridcare.demo.consumers import build_consumers
from gridcare.demo.loading import BulkLoader, bulk_session
from gridcare.demo.staff import build_staff
from gridcare.demo.volumes import YEAR_TOTAL
from gridcare.metering.demo_seed import load_demo_readings
from gridcare.offices.demo_seed import load_demo as load_offices_demo
from gridcare.territory.models import Branch


@dataclass(frozen=True)
class Window:
    """The days whose appeals are built: [first_day, until]."""

    first_day: date
    until: datetime
    share_of_year: float


def window_for(*, now: datetime, year: int | None) -> Window:
    """A year ending now, or calendar year `year` (up to now if it is this year)."""
    today = timezone.localtime(now, MOSCOW).date()
    if year is None:
        return Window(today - timedelta(days=365), now, 1.0)
    if year > today.year:
        raise ValueError(f"{year} год ещё не наступил.")
    first = date(year, 1, 1)
    end = datetime(year + 1, 1, 1, tzinfo=MOSCOW) - timedelta(seconds=1)
    until = min(end, now)
    share = min(1.0, ((until.astimezone(MOSCOW).date() - first).days + 1) / 365)
    return Window(first, until, share)


def has_data() -> bool:
    return Branch.objects.exists() or Appeal.objects.exists()


def build_company(
    loader: BulkLoader, rng: random.Random, *, scale: float, since: datetime
) -> Company:
    """Territory, offices, work groups, staff and consumers, in one transaction."""
    with transaction.atomic():
        company = build_territory(loader, rng, scale)
        build_offices(loader, rng, company)
        build_work_groups(loader, company)
        build_staff(loader, rng, company, since=since)
        build_consumers(loader, rng, company, scale=scale, since=since)
    return company


def build_demo(
    *,
    scale: float,
    seed: int,
    year: int | None = None,
    appeals: int | None = None,
    now: datetime | None = None,
    log: Callable[[str], None] = print,
) -> BulkLoader:
    """Build the company and a year of appeals (`appeals` overrides the number the
    scale gives, e.g. for benchmarks). Returns the loader with its row counts."""
    now = now or timezone.now()
    window = window_for(now=now, year=year)
    rng = random.Random(seed)
    loader = BulkLoader(log=log)
    since = datetime.combine(window.first_day, datetime.min.time(), tzinfo=MOSCOW)
    log(f"Компания (масштаб {scale:g}, seed {seed})…")
    with bulk_session():
        company = build_company(loader, rng, scale=scale, since=since)
        log(
            f"  компания: {loader.total_rows:,} строк за {loader.elapsed:.1f} с".replace(
                ",", " "
            )
        )
        if appeals is None:
            appeals = round(YEAR_TOTAL * scale * window.share_of_year)
        log(
            f"Обращения с {window.first_day:%d.%m.%Y} по "
            f"{timezone.localtime(window.until, MOSCOW):%d.%m.%Y %H:%M}…"
        )
        AppealYear(
            company=company,
            loader=loader,
            rng=rng,
            now=now,
            until=window.until,
            first_day=window.first_day,
            total=appeals,
            log=log,
        ).build()
        loader.finish()
    build_extras(seed=seed, scale=scale, now=now, log=log)
    return loader


def build_extras(
    *, seed: int, scale: float, now: datetime, log: Callable[[str], None]
) -> None:
    """Each domain's own demo records on top of the company: meter readings of the
    consumers who have a portal login; office hours, services and visits (a small
    demo keeps the last two months of visits, a large one the whole year)."""
    readings = load_demo_readings(seed=seed)
    log(f"  показания приборов учёта: {readings}")
    year = timezone.localtime(now, MOSCOW).year
    load_offices_demo(seed=seed, year=year, days=None if scale >= 0.1 else 60, log=log)
