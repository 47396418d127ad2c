"""«The system in figures»: the dashboard tables and chart series for a period, built
from exact counts (selectors.py) and the providers of apps still being built."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.urls import reverse

from gridcare.appeals.codes import Category, Channel, ServiceForm
from gridcare.grid_connections.codes import Status as ConnectionStatus
from gridcare.grid_connections.models import ConnectionApplication
from gridcare.offices.models import Office
from gridcare.reports.aggregates import day_start
from gridcare.reports.models import DeadlineBucket
from gridcare.reports.providers import (
    Source,
    chat_figures,
    phone_figures,
    visit_figures,
)
from gridcare.reports.selectors import Totals, appeal_counts, open_appeal_counts
from gridcare.reports.tables import Table
from gridcare.territory.models import Branch

# Roadmap KPI: technological connection within 90 days ✅ [R44] (regulation.md §3.8).
CONNECTION_TARGET_DAYS = 90
# Periods longer than this are shown by month.
DAILY_UP_TO_DAYS = 62


@dataclass(frozen=True)
class DashboardFilters:
    date_from: date
    date_to: date
    branch_id: int | None = None
    channel: str = ""
    category: str = ""

    @property
    def appeal_filters(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.branch_id:
            out["branch_id"] = self.branch_id
        if self.channel:
            out["channel"] = self.channel
        if self.category:
            out["category"] = self.category
        return out

    @property
    def period(self) -> str:
        days = (self.date_to - self.date_from).days
        return "day" if days <= DAILY_UP_TO_DAYS else "month"


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _period_label(value: date, period: str) -> str:
    return value.strftime("%d.%m.%Y") if period == "day" else value.strftime("%m.%Y")


def _periods(f: DashboardFilters) -> list[date]:
    out, day = [], f.date_from
    while day <= f.date_to:
        out.append(day if f.period == "day" else day.replace(day=1))
        day += timedelta(days=1)
    return sorted(set(out))


def _queue_link(f: DashboardFilters | None = None, **params: object) -> str:
    """The staff queue narrowed to exactly the appeals of a dashboard cell: every
    status, the dashboard's period and filters (`f`), then the row's own dimension
    (`params` override; a None value drops that filter)."""
    query: dict[str, object] = {}
    if f is not None:
        query |= {
            "date_from": f.date_from.isoformat(),
            "date_to": f.date_to.isoformat(),
            "branch": f.branch_id,
            "channel": f.channel,
            "category": f.category,
        }
    query |= params
    query = {"status": ""} | {k: v for k, v in query.items() if v not in ("", None)}
    return f"{reverse('appeals:staff_queue')}?{urlencode(query)}"


def _row_link(f: DashboardFilters, name: str, value: object) -> str:
    """The queue of a by-dimension row; none for a row the dashboard's own filter on
    that dimension excludes (always 0)."""
    current = {"channel": f.channel, "category": f.category, "branch": f.branch_id}
    if current.get(name) not in ("", None, value):
        return ""
    return _queue_link(f, **{name: value})


def _period_link(f: DashboardFilters, p: date) -> str:
    """The queue of one row of a by-day / by-month table (clipped to the period)."""
    if f.period == "day":
        first = last = p
    else:
        following = (p.replace(day=28) + timedelta(days=4)).replace(day=1)
        first = max(p, f.date_from)
        last = min(following - timedelta(days=1), f.date_to)
    return _queue_link(f, date_from=first.isoformat(), date_to=last.isoformat())


# Every appeal table of the dashboard is a roll-up of this one grouping: one query
# per page instead of one per table.
BASE_GROUP = ("channel", "service_form", "category", "branch_id", "deadline")


def _base(f: DashboardFilters) -> dict[Any, Totals]:
    cached = getattr(f, "_base_counts", None)
    if cached is None:
        cached = appeal_counts(
            date_from=f.date_from,
            date_to=f.date_to,
            group_by=(f.period, *BASE_GROUP),
            filters=f.appeal_filters,
        )
        # Per filters object (one request), never across requests: figures stay exact.
        object.__setattr__(f, "_base_counts", cached)
    return cached


def _counts(f: DashboardFilters, group_by: tuple[str, ...]) -> dict[Any, Totals]:
    """Roll the base grouping up to `group_by` (the period and/or BASE_GROUP names)."""
    names = (f.period, *BASE_GROUP)
    positions = [names.index(g) for g in group_by]
    out: dict[Any, Totals] = {}
    for key, totals in _base(f).items():
        sub = tuple(key[i] for i in positions)
        out.setdefault(sub, Totals()).add(
            totals.count, totals.rating_count, totals.rating_sum
        )
    return out


def table_by_period(f: DashboardFilters) -> Table:
    counts = _counts(f, (f.period, "service_form"))
    forms = list(ServiceForm)
    rows, links = [], []
    for p in _periods(f):
        cells = [counts.get((p, s.value), Totals()).count for s in forms]
        rows.append([_period_label(p, f.period), sum(cells), *cells])
        links.append(_period_link(f, p))
    return Table(
        slug="by_period",
        title="Обращения по " + ("дням" if f.period == "day" else "месяцам"),
        columns=["Период", "Всего", *[str(s.label) for s in forms]],
        rows=rows,
        links=links,
    )


def _by_dimension(
    f: DashboardFilters,
    *,
    slug: str,
    title: str,
    dimension: str,
    heading: str,
    labels: list[tuple[Any, str]],
    link: Callable[[Any], str] | None,
) -> Table:
    counts = _counts(f, (dimension,))
    total = sum(t.count for t in counts.values())
    rows, links = [], []
    for value, label in labels:
        n = counts.get((value,), Totals()).count
        rows.append([str(label), n, _share(n, total)])
        links.append(link(value) if link else "")
    return Table(
        slug=slug,
        title=title,
        columns=[heading, "Обращений", "Доля, %"],
        rows=rows,
        links=links,
    )


def table_by_channel(f: DashboardFilters) -> Table:
    return _by_dimension(
        f,
        slug="by_channel",
        title="Обращения по каналам",
        dimension="channel",
        heading="Канал",
        labels=list(Channel.choices),
        link=lambda v: _row_link(f, "channel", v),
    )


def table_by_service_form(f: DashboardFilters) -> Table:
    return _by_dimension(
        f,
        slug="by_service_form",
        title="Обращения по формам обслуживания",
        dimension="service_form",
        heading="Форма обслуживания",
        labels=list(ServiceForm.choices),
        link=lambda v: _queue_link(f, service_form=v),
    )


def table_by_category(f: DashboardFilters) -> Table:
    return _by_dimension(
        f,
        slug="by_category",
        title="Обращения по категориям",
        dimension="category",
        heading="Категория",
        labels=list(Category.choices),
        link=lambda v: _row_link(f, "category", v),
    )


def table_by_branch(f: DashboardFilters) -> Table:
    branches = [(b.pk, b.short_name) for b in Branch.objects.all()]
    return _by_dimension(
        f,
        slug="by_branch",
        title="Обращения по филиалам",
        dimension="branch_id",
        heading="Филиал",
        labels=[*branches, (None, "Без филиала")],
        link=lambda v: (
            _row_link(f, "branch", v)
            if v
            else ("" if f.branch_id else _queue_link(f, no_branch="on"))
        ),
    )


def table_calls(f: DashboardFilters) -> Table:
    counts = _counts(f, ("channel",))
    phone = phone_figures(date_from=f.date_from, date_to=f.date_to)
    note = {
        Source.RECORDS: "Звонки — по записям контакт-центра.",
        Source.MANUAL: "Звонки — показатели, внесённые вручную.",
        Source.NONE: "Записей о звонках нет: показаны только обращения.",
    }[phone.source]
    return Table(
        slug="calls",
        title="Телефон: операторы и автоматическое обслуживание",
        columns=["Показатель", "Оператор", "Автоматически (IVR)"],
        rows=[
            [
                "Обращений зарегистрировано",
                counts.get((Channel.PHONE.value,), Totals()).count,
                counts.get((Channel.IVR.value,), Totals()).count,
            ],
            ["Звонков обработано", phone.calls_by_operator, phone.calls_automatic],
        ],
        note=note,
    )


def table_chatbot(f: DashboardFilters) -> Table:
    chat = chat_figures(date_from=f.date_from, date_to=f.date_to)
    counts = _counts(f, ("channel",))
    return Table(
        slug="chatbot",
        title="Чат-бот: ответы и передача оператору",
        columns=["Показатель", "Значение"],
        rows=[
            ["Ответил чат-бот", chat.answered_by_bot],
            ["Передано оператору", chat.handed_off],
            [
                "Зарегистрировано обращений из чат-бота",
                counts.get((Channel.CHATBOT.value,), Totals()).count,
            ],
        ],
        note=""
        if chat.source == Source.RECORDS
        else "Диалоги чат-бота пока не записываются: данных нет.",
    )


def table_deadlines(f: DashboardFilters) -> Table:
    counts = _counts(f, ("deadline",))
    live = open_appeal_counts(filters=f.appeal_filters).get((), {})
    finished = [DeadlineBucket.ON_TIME, DeadlineBucket.LATE, DeadlineBucket.NO_ANSWER]
    total = sum(counts.get((b.value,), Totals()).count for b in finished)
    rows: list[list[Any]] = []
    links: list[str] = []
    for b in finished:
        n = counts.get((b.value,), Totals()).count
        rows.append([str(b.label), n, _share(n, total)])
        links.append(_queue_link(f, deadline=b.value))
    rows.append(
        [
            "Открыты сейчас (поступили в периоде)",
            counts.get((DeadlineBucket.OPEN.value,), Totals()).count,
            None,
        ]
    )
    rows.append(["Просрочены сейчас (все открытые)", live.get("overdue", 0), None])
    return Table(
        slug="deadlines",
        title="Соблюдение сроков ответа",
        columns=["Показатель", "Обращений", "Доля завершённых, %"],
        rows=rows,
        links=[
            *links,
            _queue_link(f, deadline=DeadlineBucket.OPEN.value),
            # Every open appeal now (not only those received in the period).
            _queue_link(f, date_from=None, date_to=None, status="open", overdue="on"),
        ],
    )


def table_satisfaction(f: DashboardFilters) -> Table:
    counts = _counts(f, (f.period,))
    rows = []
    for p in _periods(f):
        t = counts.get((p,), Totals())
        rows.append([_period_label(p, f.period), t.rating_avg, t.rating_count])
    return Table(
        slug="satisfaction",
        title="Удовлетворённость (оценка 1–5)",
        columns=["Период", "Средняя оценка", "Оценок"],
        rows=rows,
    )


def table_connections(f: DashboardFilters) -> Table:
    start, end = day_start(f.date_from), day_start(f.date_to + timedelta(days=1))
    qs = ConnectionApplication.objects.filter(
        received_at__gte=start, received_at__lt=end
    )
    if f.branch_id:
        qs = qs.filter(branch_id=f.branch_id)
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    taken = ExpressionWrapper(F("completed_at") - F("received_at"), DurationField())
    done = (
        ConnectionApplication.objects.filter(
            completed_at__gte=start, completed_at__lt=end, received_at__isnull=False
        )
        .filter(Q(branch_id=f.branch_id) if f.branch_id else Q())
        .annotate(taken=taken)
        .aggregate(
            n=Count("id"),
            avg=Avg("taken"),
            within=Count(
                "id", filter=Q(taken__lte=timedelta(days=CONNECTION_TARGET_DAYS))
            ),
        )
    )
    rows: list[list[Any]] = [
        [str(label), by_status.get(value, 0)]
        for value, label in ConnectionStatus.choices
        if value != ConnectionStatus.DRAFT
    ]
    avg_days = (
        Decimal(done["avg"].total_seconds() / 86400).quantize(Decimal("0.1"))
        if done["avg"] is not None
        else None
    )
    rows += [
        ["Завершено присоединений в периоде", done["n"]],
        ["Средний срок присоединения, дней", avg_days],
        [f"Из них не дольше {CONNECTION_TARGET_DAYS} дней", done["within"]],
        [
            f"Доля в пределах {CONNECTION_TARGET_DAYS} дней (дорожная карта), %",
            _share(done["within"], done["n"]),
        ],
    ]
    return Table(
        slug="connections",
        title="Заявки на технологическое присоединение",
        columns=["Этап / показатель", "Значение"],
        rows=rows,
        note="Заявки, поступившие в периоде, по текущему этапу; сроки — по "
        "завершённым в периоде (цель дорожной карты — 90 дней, [R44]).",
    )


def table_offices(f: DashboardFilters) -> Table:
    visits = visit_figures(date_from=f.date_from, date_to=f.date_to)
    offices = Office.objects.filter(is_active=True).order_by("branch__order", "name")
    if f.branch_id:
        offices = offices.filter(branch_id=f.branch_id)
    rows = []
    for o in offices:
        v = visits.get(o.pk)
        rows.append(
            [
                o.name,
                v.visitors if v else None,
                v.avg_wait_minutes if v else None,
                v.avg_service_minutes if v else None,
            ]
        )
    return Table(
        slug="offices",
        title="Офисы: посетители и время ожидания",
        columns=["Офис", "Посетителей", "Ожидание, мин", "Обслуживание, мин"],
        rows=rows,
        note="" if visits else "Посещения офисов пока не записываются.",
    )


TABLES: tuple[Callable[[DashboardFilters], Table], ...] = (
    table_by_period,
    table_by_channel,
    table_by_service_form,
    table_by_category,
    table_by_branch,
    table_calls,
    table_chatbot,
    table_deadlines,
    table_satisfaction,
    table_connections,
    table_offices,
)
TABLE_SLUGS = {
    "by_period": table_by_period,
    "by_channel": table_by_channel,
    "by_service_form": table_by_service_form,
    "by_category": table_by_category,
    "by_branch": table_by_branch,
    "calls": table_calls,
    "chatbot": table_chatbot,
    "deadlines": table_deadlines,
    "satisfaction": table_satisfaction,
    "connections": table_connections,
    "offices": table_offices,
}


def dashboard_tables(
    f: DashboardFilters, *, progress: Callable[[int, int], None] | None = None
) -> list[Table]:
    """Every dashboard table for the filters (progress(done, total) after each)."""
    out = []
    for i, build in enumerate(TABLES, 1):
        out.append(build(f))
        if progress:
            progress(i, len(TABLES))
    return out


def _number(value: object) -> float | int | None:
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int) else None


def dashboard_charts(tables: list[Table]) -> list[dict[str, Any]]:
    """Chart series for the browser: one chart per table that has numbers."""
    by_slug = {t.slug: t for t in tables}
    charts = []
    period = by_slug["by_period"]
    charts.append(
        {
            "slug": "by_period",
            "type": "bar",
            "stacked": True,
            "labels": [r[0] for r in period.rows],
            "datasets": [
                {"label": col, "data": [r[i] for r in period.rows]}
                for i, col in enumerate(period.columns[2:], start=2)
            ],
        }
    )
    for slug in ("by_channel", "by_service_form", "by_category", "by_branch"):
        t = by_slug[slug]
        charts.append(
            {
                "slug": slug,
                "type": "bar",
                "horizontal": True,
                "labels": [r[0] for r in t.rows],
                "datasets": [{"label": "Обращений", "data": [r[1] for r in t.rows]}],
            }
        )
    deadlines = by_slug["deadlines"]
    charts.append(
        {
            "slug": "deadlines",
            "type": "doughnut",
            "labels": [r[0] for r in deadlines.rows[:3]],
            "datasets": [
                {"label": "Обращений", "data": [r[1] for r in deadlines.rows[:3]]}
            ],
        }
    )
    satisfaction = by_slug["satisfaction"]
    charts.append(
        {
            "slug": "satisfaction",
            "type": "line",
            "labels": [r[0] for r in satisfaction.rows],
            "datasets": [
                {
                    "label": "Средняя оценка",
                    "data": [_number(r[1]) for r in satisfaction.rows],
                }
            ],
        }
    )
    return charts
