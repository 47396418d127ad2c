"""Outage-aware intake: reports of no power from any channel. A report at an address
under a known outage is linked to it and answered at once with the cause and the
expected restoration time; otherwise it waits in the dispatch queue, and several
reports close together raise a suggestion to open an outage.

Appeals are registered by the appeals app (`appeals.power_reports`), which calls
`power_report_record` first; the chatbot and IVR may call it directly."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.core.text import normalize_phone
from gridcare.outages.addresses import address_search
from gridcare.outages.events import outage_event_add
from gridcare.outages.models import (
    Outage,
    OutageStatus,
    OutageSuggestion,
    PowerReport,
    ReportChannel,
)
from gridcare.outages.selectors import (
    buildings_covered,
    can_manage,
    outage_find_for_place,
    outage_setting_get,
)
from gridcare.territory.models import Building

# A typed address must match the register at least this well to be used for intake.
CONFIDENT_SCORE = 0.8


@dataclass(frozen=True)
class PowerReportResult:
    report: PowerReport
    outage: Outage | None
    suggestion: OutageSuggestion | None
    # What to tell the person right now (portal, API, chatbot, IVR).
    answer: str


def _moscow(value: datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "d.m.Y H:i")


def outage_answer_text(outage: Outage) -> str:
    """The immediate answer to "no power at my address" under a known outage."""
    if outage.status == OutageStatus.PLANNED or outage.kind == Outage.Kind.PLANNED:
        start = _moscow(outage.started_at or outage.planned_start)
        lead = f"По вашему адресу идут плановые работы с {start} (мск)."
    else:
        lead = f"По вашему адресу с {_moscow(outage.started_at)} (мск) аварийное отключение."
    text = f"{lead} Причина: {outage.cause_text}."
    if outage.estimated_restoration_at:
        text += (
            " Ожидаемое время восстановления электроснабжения — "
            f"{_moscow(outage.estimated_restoration_at)} (мск)."
        )
    else:
        text += " Бригада работает, время восстановления уточняется."
    return text + " Мы сообщим, когда электроснабжение восстановят."


NO_OUTAGE_ANSWER = (
    "Известных отключений по вашему адресу нет. Сообщение передано диспетчеру: "
    "бригада проверит сеть. Если отключились только вы, проверьте автоматические "
    "выключатели в щитке."
)


@dataclass(frozen=True)
class ReportPlace:
    building: Building | None
    street_id: int | None
    settlement_id: int | None


def _place_from(
    *, building: Building | None, supply_point: object | None, address_text: str
) -> ReportPlace:
    if supply_point is not None:
        building = supply_point.building  # type: ignore[attr-defined]
    if building is not None:
        return ReportPlace(building, building.street_id, building.settlement_id)
    matches = address_search(address_text, limit=1) if address_text else []
    if matches and matches[0].score >= CONFIDENT_SCORE:
        match = matches[0]
        found = Building.objects.filter(pk=match.building_id).first()
        return ReportPlace(found, match.street_id, match.settlement_id)
    return ReportPlace(None, None, None)


def power_report_record(
    *,
    channel: str,
    building: Building | None = None,
    supply_point: object | None = None,
    address_text: str = "",
    contact_phone: str = "",
    reported_at: datetime | None = None,
) -> PowerReportResult:
    """Record a report of no power and say what to answer. The place comes from the
    point of supply, the building, or the typed address (matched to the register)."""
    if channel not in ReportChannel.values:
        raise ApplicationError(_("Неизвестный канал сообщения."), code="bad_channel")
    if building is None and supply_point is None and not (address_text or "").strip():
        raise ApplicationError(
            _("Укажите адрес, где нет электроэнергии."), code="address_required"
        )
    phone = normalize_phone(contact_phone) if contact_phone else ""
    place = _place_from(
        building=building, supply_point=supply_point, address_text=address_text
    )
    now = reported_at or timezone.now()
    with transaction.atomic():
        outage = (
            outage_find_for_place(
                building=place.building,
                street_id=place.street_id,
                settlement_id=place.settlement_id,
                now=now,
            )
            if place.settlement_id
            else None
        )
        report = PowerReport.objects.create(
            channel=channel,
            settlement_id=place.settlement_id,
            street_id=place.street_id,
            building=place.building,
            supply_point=supply_point,  # type: ignore[misc]
            address_text=(
                address_text or (place.building.full_address if place.building else "")
            )[:300],
            contact_phone=phone,
            reported_at=now,
            outage=outage,
            link_source="intake" if outage else "",
            linked_at=now if outage else None,
        )
        suggestion = None if outage else _suggest(report)
    answer = outage_answer_text(outage) if outage else NO_OUTAGE_ANSWER
    return PowerReportResult(report, outage, suggestion, answer)


def _suggest(report: PowerReport) -> OutageSuggestion | None:
    """Group the report with others nearby; enough of them raise a suggestion."""
    if report.settlement_id is None:
        return None
    setting = outage_setting_get()
    since = report.reported_at - timedelta(minutes=setting.suggestion_window_minutes)
    nearby = PowerReport.objects.filter(
        outage__isnull=True,
        dismissed_at__isnull=True,
        settlement_id=report.settlement_id,
        street_id=report.street_id,
        reported_at__gte=since,
    )
    suggestion = (
        OutageSuggestion.objects.select_for_update()
        .filter(
            status=OutageSuggestion.Status.OPEN,
            settlement_id=report.settlement_id,
            street_id=report.street_id,
        )
        .first()
    )
    if suggestion is not None:
        report.suggestion = suggestion
        report.save(update_fields=["suggestion"])
        suggestion.report_count = suggestion.reports.count()
        suggestion.last_report_at = report.reported_at
        suggestion.save(update_fields=["report_count", "last_report_at"])
        return suggestion
    count = nearby.count()
    if count < setting.suggestion_min_reports:
        return None
    suggestion = OutageSuggestion.objects.create(
        settlement_id=report.settlement_id,
        street_id=report.street_id,
        first_report_at=min(r.reported_at for r in nearby),
        last_report_at=report.reported_at,
        report_count=count,
    )
    nearby.update(suggestion=suggestion)
    return suggestion


def power_reports_link_to(*, outage: Outage, actor: object | None) -> int:
    """Link waiting reports at the outage's addresses from the last hours to it (an
    outage was opened or its territory changed); return how many were linked."""
    setting = outage_setting_get()
    since = (outage.started_at or timezone.now()) - timedelta(
        hours=setting.report_link_hours
    )
    covered = buildings_covered(outage).values("pk")
    streets = {
        a.street_id for a in outage.areas.all() if a.street_id and a.house_from is None
    }
    settlements = {
        a.settlement_id
        for a in outage.areas.all()
        if not a.street_id and not a.building_id
    }
    waiting = PowerReport.objects.filter(
        outage__isnull=True, dismissed_at__isnull=True, reported_at__gte=since
    ).filter(
        Q(building_id__in=covered)
        | Q(building__isnull=True, street_id__in=streets)
        | Q(building__isnull=True, street__isnull=True, settlement_id__in=settlements)
    )
    now = timezone.now()
    linked = waiting.update(outage=outage, link_source="outage_opened", linked_at=now)
    if linked:
        outage_event_add(
            outage=outage, actor=actor, action="reports_linked", count=linked
        )
    return linked


def suggestion_accept(
    *, actor: object, suggestion: OutageSuggestion, outage: Outage
) -> OutageSuggestion:
    """Dispatch confirmed the suggestion: the outage (opened for it, or an existing one)
    explains its reports, which are linked to it."""
    if not can_manage(actor, outage):
        raise PermissionDeniedError()
    with transaction.atomic():
        suggestion = OutageSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != OutageSuggestion.Status.OPEN:
            raise ConflictError(
                _("Предложение уже рассмотрено."), code="already_decided"
            )
        now = timezone.now()
        suggestion.status = OutageSuggestion.Status.ACCEPTED
        suggestion.outage = outage
        suggestion.decided_by = actor  # type: ignore[assignment]
        suggestion.decided_at = now
        suggestion.save(update_fields=["status", "outage", "decided_by", "decided_at"])
        linked = suggestion.reports.filter(outage__isnull=True).update(
            outage=outage, link_source="suggestion", linked_at=now
        )
        outage_event_add(
            outage=outage,
            actor=actor,
            action="suggestion_accepted",
            suggestion=suggestion.pk,
            count=linked,
        )
    return suggestion


def suggestion_dismiss(
    *, actor: object, suggestion: OutageSuggestion
) -> OutageSuggestion:
    """Dispatch found no outage (e.g. a consumer's own wiring); its reports leave the
    queue."""
    if not can_manage(actor):
        raise PermissionDeniedError()
    with transaction.atomic():
        suggestion = OutageSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != OutageSuggestion.Status.OPEN:
            raise ConflictError(
                _("Предложение уже рассмотрено."), code="already_decided"
            )
        now = timezone.now()
        suggestion.status = OutageSuggestion.Status.DISMISSED
        suggestion.decided_by = actor  # type: ignore[assignment]
        suggestion.decided_at = now
        suggestion.save(update_fields=["status", "decided_by", "decided_at"])
        suggestion.reports.filter(outage__isnull=True).update(dismissed_at=now)
    return suggestion


def power_report_link(
    *, actor: object, report: PowerReport, outage: Outage
) -> PowerReport:
    """Staff link one waiting report to an outage by hand."""
    if not can_manage(actor, outage):
        raise PermissionDeniedError()
    if not outage.is_open and outage.status != OutageStatus.RESTORED:
        raise ConflictError(_("Отключение отменено."), code="invalid_transition")
    with transaction.atomic():
        report = PowerReport.objects.select_for_update().get(pk=report.pk)
        if report.outage_id:
            raise ConflictError(
                _("Сообщение уже привязано к отключению."), code="linked"
            )
        report.outage = outage
        report.link_source = "staff"
        report.linked_at = timezone.now()
        report.save(update_fields=["outage", "link_source", "linked_at"])
        outage_event_add(
            outage=outage, actor=actor, action="report_linked", report=report.pk
        )
    return report


def outage_storm_text(outage: Outage) -> str:
    """A suggested one-message answer for all appeals of an outage (storm mode)."""
    if outage.status == OutageStatus.RESTORED:
        return (
            f"Электроснабжение восстановлено {_moscow(outage.ended_at)} (мск). "
            f"Причина отключения: {outage.cause_text}. "
            "Приносим извинения за доставленные неудобства. Если электроэнергии "
            "по-прежнему нет, проверьте автоматические выключатели в щитке и сообщите нам."
        )
    return outage_answer_text(outage)
