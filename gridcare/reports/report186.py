"""The annual report «Информация о качестве обслуживания потребителей услуг» —
Приложение № 7 to Приказ Минэнерго № 186 (regulation.md §1.10): the figures, built from
exact counts (selectors.appeal_counts); xlsx.py and pdf.py only lay them out."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from gridcare.appeals.codes import Channel, ServiceForm
from gridcare.grid_connections.disclosure import (
    PowerGroupSummary,
    disclosure_power_group_summary,
)
from gridcare.offices.models import Office
from gridcare.reports.aggregates import DIMENSIONS
from gridcare.reports.models import DeadlineBucket, Table41Row
from gridcare.reports.providers import (
    ChatFigures,
    PhoneFigures,
    VisitFigures,
    chat_figures,
    phone_figures,
    visit_figures,
)
from gridcare.reports.selectors import Totals, appeal_counts

# The five columns of table 4.1, in the order of the form ✅ [R2].
FORMS: tuple[str, ...] = tuple(ServiceForm.values)
# Table 4.1 rows may filter on these appeal fields.
ROW_FIELDS = tuple(d for d in DIMENSIONS if d not in {"branch_id"})


def change_percent(previous: int, current: int) -> Decimal | None:
    """(N − (N−1)) / (N−1) × 100, to 0.1 % (⚠️ formula assumed, regulation.md §1.10);
    None when year N−1 had nothing (no base to compare)."""
    if previous == 0:
        return None
    value = Decimal(current - previous) * 100 / Decimal(previous)
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Cell:
    previous: int
    current: int

    @property
    def change(self) -> Decimal | None:
        return change_percent(self.previous, self.current)


@dataclass(frozen=True)
class Row41:
    number: str
    title: str
    is_bold: bool
    cells: tuple[Cell, ...]  # one per service form, in FORMS order


@dataclass(frozen=True)
class OfficeRow:
    number: int
    name: str
    kind: str
    address: str
    contacts: str
    hours: str
    services: str
    visits: VisitFigures | None


@dataclass(frozen=True)
class InternetRow:
    channel: str
    previous: int
    current: int

    @property
    def change(self) -> Decimal | None:
        return change_percent(self.previous, self.current)


@dataclass
class Report186:
    year: int
    company: str
    table_41: list[Row41]
    table_42: list[OfficeRow]
    phone: PhoneFigures
    chat: ChatFigures
    internet: list[InternetRow]
    connection: list[PowerGroupSummary]
    deadlines: dict[str, int]
    rating_avg: Decimal | None
    rating_count: int
    notes: list[str] = field(default_factory=list)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _matches(key: dict[str, object], filters: dict[str, object]) -> bool:
    return all(key.get(name) == value for name, value in filters.items())


YearCounts = dict[int, list[tuple[dict[str, object], Totals]]]


def _year_counts(year: int) -> YearCounts:
    """Years N−1 and N, grouped by every field a row may filter on plus the deadline
    bucket: one query per year feeds tables 4.1, 4.4 and 4.5."""
    out: YearCounts = {}
    for y in (year - 1, year):
        first, last = year_bounds(y)
        counts = appeal_counts(
            date_from=first, date_to=last, group_by=(*ROW_FIELDS, "deadline")
        )
        out[y] = [
            (dict(zip((*ROW_FIELDS, "deadline"), key, strict=True)), totals)
            for key, totals in counts.items()
        ]
    return out


def _table_41(year: int, by_year: YearCounts) -> list[Row41]:
    rows = list(Table41Row.objects.all())
    unknown = {f for row in rows for f in row.filters} - set(ROW_FIELDS)
    if unknown:
        raise ValueError(f"Table41Row filters on unknown fields {sorted(unknown)}")

    def count(y: int, form: str, filters: dict[str, object]) -> int:
        return sum(
            t.count
            for key, t in by_year[y]
            if key["service_form"] == form and _matches(key, filters)
        )

    return [
        Row41(
            number=row.number,
            title=row.title,
            is_bold=row.is_bold,
            cells=tuple(
                Cell(count(year - 1, form, row.filters), count(year, form, row.filters))
                for form in FORMS
            ),
        )
        for row in rows
    ]


def _table_42(year: int) -> list[OfficeRow]:
    first, last = year_bounds(year)
    visits = visit_figures(date_from=first, date_to=last)
    offices = Office.objects.filter(is_active=True).order_by("branch__order", "name")
    return [
        OfficeRow(
            number=i,
            name=o.name,
            kind=str(o.get_kind_display()),
            address=o.address,
            contacts=", ".join(x for x in (o.phone, o.email) if x),
            hours=o.opening_hours,
            services=o.services,
            visits=visits.get(o.pk),
        )
        for i, o in enumerate(offices, 1)
    ]


INTERNET_CHANNELS = (
    Channel.PERSONAL_ACCOUNT,
    Channel.INTERNET_RECEPTION,
    Channel.MOBILE_APP,
    Channel.CHATBOT,
    Channel.EMAIL,
    Channel.SOCIAL,
)


def _internet(year: int, by_year: YearCounts) -> list[InternetRow]:
    def count(y: int, channel: str) -> int:
        return sum(t.count for key, t in by_year[y] if key["channel"] == channel)

    return [
        InternetRow(
            channel=str(Channel(c).label),
            previous=count(year - 1, c),
            current=count(year, c),
        )
        for c in INTERNET_CHANNELS
    ]


def report_186_build(*, year: int) -> Report186:
    """Build every figure of Приложение 7 for calendar year `year` (with year − 1)."""
    first, last = year_bounds(year)
    by_year = _year_counts(year)
    overall = Totals()
    deadlines = {b.value: 0 for b in DeadlineBucket}
    for key, totals in by_year[year]:
        overall.add(totals.count, totals.rating_count, totals.rating_sum)
        deadlines[str(key["deadline"])] += totals.count
    return Report186(
        year=year,
        company=str(getattr(settings, "COMPANY_NAME", "")),
        table_41=_table_41(year, by_year),
        table_42=_table_42(year),
        phone=phone_figures(date_from=first, date_to=last),
        chat=chat_figures(date_from=first, date_to=last),
        internet=_internet(year, by_year),
        connection=disclosure_power_group_summary(date_from=first, date_to=last),
        deadlines=deadlines,
        rating_avg=overall.rating_avg,
        rating_count=overall.rating_count,
    )
