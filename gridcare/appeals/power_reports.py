"""Outage-aware intake and storm mode, the appeals side of the outages app.

A report of no power is first recorded by `outages.intake.power_report_record`, which
finds the outage that explains it (or queues it for dispatch); then it is registered as
an appeal pointing at that report, and the person is answered at once with the cause and
the expected restoration time. Staff see open appeals grouped by outage and answer and
close all appeals of an outage with one message when power is back ("storm mode"),
through `appeal_answer` and `appeal_close` — the same rules, history and notices as one
by one."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals.codes import Category, Status, Topic
from gridcare.appeals.models import Appeal
from gridcare.appeals.selectors import appeal_list_visible
from gridcare.appeals.services import (
    AppealInput,
    appeal_answer,
    appeal_close,
    appeal_receive,
)
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.core.errors import ApplicationError, PermissionDeniedError
from gridcare.outages.intake import power_report_record
from gridcare.outages.models import Outage, PowerReport, ReportChannel


@dataclass(frozen=True)
class PowerReportAppeal:
    appeal: Appeal
    report: PowerReport
    outage: Outage | None
    answer: str  # what to tell the person now


def _report_channel(channel: str) -> str:
    return channel if channel in ReportChannel.values else ReportChannel.OTHER


def appeal_receive_power_report(
    *, actor: object | None, data: AppealInput
) -> PowerReportAppeal:
    """Register a "no power" appeal from any channel and link it to the outage that
    explains it; return the appeal and the immediate answer.

    The appeal's topic and category are reliability / transmission (deadline regime of
    supply quality). Nothing is written when the input is refused."""
    data.topic = Topic.RELIABILITY
    data.category = Category.TRANSMISSION
    if not data.text:
        data.text = "Нет электроэнергии."
    with transaction.atomic():
        result = power_report_record(
            channel=_report_channel(data.channel),
            building=data.building,  # type: ignore[arg-type]
            supply_point=data.supply_point,
            address_text=data.address_text,
            contact_phone=data.contact_phone,
            reported_at=data.received_at,
        )
        data.power_report = result.report
        if data.building is None and result.report.building_id:
            data.building = result.report.building
        if not data.address_text:
            data.address_text = result.report.address_text
        appeal = appeal_receive(actor=actor, data=data)
    return PowerReportAppeal(appeal, result.report, result.outage, result.answer)


@dataclass(frozen=True)
class OutageAppealGroup:
    outage: Outage
    open_count: int
    total: int


def appeal_groups_by_outage(*, user: object) -> list[OutageAppealGroup]:
    """Return the outages with appeals the user may see, most open appeals first."""
    rows = (
        appeal_list_visible(user=user)
        .filter(power_report__outage__isnull=False)
        .values("power_report__outage_id")
        .annotate(
            total=Count("pk"),
            open_count=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        )
    )
    counts = {r["power_report__outage_id"]: r for r in rows}
    outages = Outage.objects.select_related("branch").in_bulk(list(counts))
    groups = [
        OutageAppealGroup(outages[pk], r["open_count"], r["total"])
        for pk, r in counts.items()
    ]
    return sorted(groups, key=lambda g: (-g.open_count, -g.outage.pk))


def appeal_list_for_outage(*, user: object, outage_id: int) -> QuerySet[Appeal]:
    """Return the appeals of an outage the user may see, oldest first."""
    return (
        appeal_list_visible(user=user)
        .filter(power_report__outage_id=outage_id)
        .select_related("power_report", "assignee")
        .order_by("received_at", "pk")
    )


@dataclass
class StormResult:
    answered: int = 0
    closed: int = 0
    skipped: list[str] = field(default_factory=list)  # "number: reason"


def appeal_answer_all_for_outage(
    *, actor: object, outage_id: int, text: str, close: bool = True
) -> StormResult:
    """Answer every open appeal of the outage with one message and (by default) close
    them; appeals already answered are closed. Each appeal is its own transaction, so a
    refusal on one (e.g. another specialist just closed it) does not stop the rest, and
    running it again only finishes what is left."""
    if not has_right(actor, Right.APPEAL_WORK):
        raise PermissionDeniedError()
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите ответ потребителям."), code="text_required")
    result = StormResult()
    wanted = [*OPEN_STATUSES, Status.ANSWERED] if close else list(OPEN_STATUSES)
    for appeal in appeal_list_for_outage(user=actor, outage_id=outage_id).filter(
        status__in=wanted
    ):
        try:
            if appeal.status != Status.ANSWERED:
                appeal_answer(actor=actor, appeal=appeal, text=text)
                result.answered += 1
            if close:
                appeal_close(actor=actor, appeal=appeal)
                result.closed += 1
        except ApplicationError as exc:
            result.skipped.append(f"{appeal.number}: {exc.message}")
    return result
