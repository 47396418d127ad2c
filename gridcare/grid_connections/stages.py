"""Stages of an application and their clocks: open with a deadline, pause while the
company waits for missing data, resume (deadline moved by the pause), complete. Plus
the read-side view of the six public stages and of who acts next.

The write helpers run inside the callers' transactions (services lock the
application first)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.calendars.models import StatusMark
from gridcare.calendars.terms import TermUnit, due_at, extend_for_pause
from gridcare.grid_connections.codes import (
    CATEGORY_FACTS,
    Party,
    Stage,
    Status,
    WorksSide,
)
from gridcare.grid_connections.deadlines import Term
from gridcare.grid_connections.models import (
    ApplicationStage,
    ConnectionApplication,
    WorksRecord,
)
from gridcare.grid_connections.workflow import NEXT_PARTY, OPEN_STATUSES


def _region() -> str:
    return settings.CALENDAR_REGION


def stage_open(
    *,
    application: ConnectionApplication,
    stage: str,
    at: datetime,
    term: Term | None = None,
    case: str = "",
) -> ApplicationStage:
    """Start a stage at `at`; with a term, its deadline is counted from `at`."""
    row = ApplicationStage(application=application, stage=stage, started_at=at)
    _apply_term(row, term, case)
    row.save()
    return row


def _apply_term(row: ApplicationStage, term: Term | None, case: str) -> None:
    row.deadline_case = term.case if term else case
    if term is None:
        row.due_at = None
        row.term_amount = None
        row.term_unit = row.term_mark = row.term_reference = ""
        return
    row.due_at = due_at(
        start=row.started_at, amount=term.amount, unit=term.unit, region=_region()
    )
    row.term_amount, row.term_unit = term.amount, term.unit
    row.term_mark, row.term_reference = term.mark, term.reference


def stage_get(
    application: ConnectionApplication, stage: str
) -> ApplicationStage | None:
    return ApplicationStage.objects.filter(application=application, stage=stage).first()


def stage_retime(
    *,
    row: ApplicationStage,
    term: Term | None,
    case: str = "",
    pauses: Iterable[tuple[datetime, datetime]] = (),
) -> None:
    """Apply another term to a running stage (e.g. the system operator must approve):
    the deadline is counted again from the start and moved by the pauses so far."""
    _apply_term(row, term, case)
    if row.due_at is not None:
        for paused_from, paused_to in pauses:
            row.due_at = extend_for_pause(
                due=row.due_at,
                paused_from=paused_from,
                paused_to=paused_to,
                unit=row.term_unit,
                region=_region(),
            )
    row.save(
        update_fields=[
            "deadline_case",
            "due_at",
            "term_amount",
            "term_unit",
            "term_mark",
            "term_reference",
        ]
    )


def stage_complete(
    *, application: ConnectionApplication, stage: str, at: datetime
) -> ApplicationStage | None:
    """Mark a stage done at `at` (a stage never opened is opened and closed at once)."""
    row = stage_get(application, stage)
    if row is None:
        row = ApplicationStage(application=application, stage=stage, started_at=at)
    row.completed_at = at
    row.paused_at = None
    row.save()
    return row


def stage_pause(
    *, application: ConnectionApplication, stage: str, at: datetime
) -> None:
    """Stop a stage's clock (the company waits for the applicant)."""
    ApplicationStage.objects.filter(
        application=application, stage=stage, completed_at__isnull=True
    ).update(paused_at=at)


def stage_resume(
    *, application: ConnectionApplication, stage: str, at: datetime
) -> ApplicationStage | None:
    """Restart a paused stage's clock; its deadline moves later by the pause, measured
    in the term's unit (calendars.terms.extend_for_pause)."""
    row = stage_get(application, stage)
    if row is None or row.paused_at is None:
        return row
    if row.due_at is not None and row.term_unit:
        row.due_at = extend_for_pause(
            due=row.due_at,
            paused_from=row.paused_at,
            paused_to=at,
            unit=row.term_unit,
            region=_region(),
        )
    row.paused_at = None
    row.save(update_fields=["due_at", "paused_at"])
    return row


# ---- read side -------------------------------------------------------------------


@dataclass(frozen=True)
class StageView:
    """One of the six public stages as the applicant and staff see it."""

    code: str
    label: str
    state: str  # done | current | pending
    started_at: datetime | None
    due_at: datetime | None
    completed_at: datetime | None
    is_paused: bool
    is_overdue: bool
    is_breached: bool
    term: str
    term_mark: str
    term_reference: str


def term_label(amount: int | None, unit: str) -> str:
    if not amount or not unit:
        return ""
    return f"{amount} {TermUnit(unit).label}"


def stage_views(
    application: ConnectionApplication,
    stages: Iterable[ApplicationStage],
    *,
    now: datetime | None = None,
) -> list[StageView]:
    """Return the six stages in order with dates, deadlines and overdue marks."""
    now = now or timezone.now()
    by_code = {row.stage: row for row in stages}
    views = []
    for code, label in Stage.choices:
        row = by_code.get(code)
        if row is None:
            views.append(
                StageView(
                    code=code,
                    label=str(label),
                    state="pending",
                    started_at=None,
                    due_at=None,
                    completed_at=None,
                    is_paused=False,
                    is_overdue=False,
                    is_breached=False,
                    term="",
                    term_mark="",
                    term_reference="",
                )
            )
            continue
        done = row.completed_at is not None
        overdue = bool(
            not done
            and row.paused_at is None
            and row.due_at is not None
            and row.due_at < now
            and application.status in OPEN_STATUSES
        )
        views.append(
            StageView(
                code=code,
                label=str(label),
                state="done" if done else "current",
                started_at=row.started_at,
                due_at=row.due_at,
                completed_at=row.completed_at,
                is_paused=row.paused_at is not None,
                is_overdue=overdue,
                is_breached=row.is_breached,
                term=term_label(row.term_amount, row.term_unit),
                term_mark=row.term_mark,
                term_reference=row.term_reference,
            )
        )
    return views


def deadline_state(views: list[StageView]) -> str:
    """'overdue', 'paused', 'ok' for the running stages with a deadline, else ''."""
    running = [v for v in views if v.state == "current" and v.due_at is not None]
    if any(v.is_overdue for v in running):
        return "overdue"
    if any(v.is_paused for v in running):
        return "paused"
    return "ok" if running else ""


@dataclass(frozen=True)
class NextStep:
    party: str
    party_label: str
    text: str


def next_step(
    application: ConnectionApplication, works: Iterable[WorksRecord] = ()
) -> NextStep:
    """Who acts next and what they have to do, in Russian."""
    status = application.status
    party = NEXT_PARTY[status]
    simplified = CATEGORY_FACTS[application.category].simplified
    texts = {
        Status.DRAFT: _("Заполните все шаги и подайте заявку."),
        Status.SUBMITTED: _("Сетевая организация проверяет комплектность заявки."),
        Status.CORRECTION_REQUESTED: _(
            "Представьте недостающие сведения и документы — срок сетевой организации "
            "приостановлен до их получения."
        ),
        Status.ACCEPTED: _("Сетевая организация готовит договор, ТУ и счёт."),
        Status.OFFER_SENT: (
            _("Оплатите счёт: договор считается заключённым со дня оплаты.")
            if simplified
            else _("Подпишите договор и оплатите счёт.")
        ),
        Status.CONDITIONS_FULFILLED: _(
            "Сетевая организация выполняет фактическое присоединение."
        ),
        Status.CONNECTED: _("Сетевая организация оформляет документы о присоединении."),
        Status.COMPLETED: _("Технологическое присоединение завершено."),
        Status.WITHDRAWN: _("Заявка отозвана."),
        Status.ANNULLED: _("Заявка аннулирована."),
    }
    if status == Status.CONTRACT_CONCLUDED:
        sides = {w.side for w in works}
        grid_done = WorksSide.GRID_COMPANY in sides
        applicant_done = WorksSide.APPLICANT in sides
        if grid_done and applicant_done:
            party = Party.GRID_COMPANY
            text = _("Сетевая организация проверяет выполнение ТУ.")
        elif grid_done:
            party = Party.APPLICANT
            text = _(
                "Выполните мероприятия по ТУ на своей стороне и сообщите о выполнении."
            )
        elif applicant_done:
            party = Party.GRID_COMPANY
            text = _(
                "Сетевая организация выполняет мероприятия по ТУ на своей стороне."
            )
        else:
            text = _(
                "Обе стороны выполняют мероприятия по ТУ; сообщите о выполнении своих."
            )
    else:
        text = texts[status]
    return NextStep(party=party, party_label=str(Party(party).label), text=text)


MARK_LABELS = {m.value: m.label for m in StatusMark}
