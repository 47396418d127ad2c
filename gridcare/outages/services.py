"""Writes on the outage registry: one named service per status transition, each in a
transaction with a row lock, a history row, and subscriber notices after commit."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.outages import intake
from gridcare.outages.events import outage_event_add
from gridcare.outages.models import (
    Cause,
    Outage,
    OutageKind,
    OutageStatus,
    OutageSuggestion,
    RestorationEstimate,
)
from gridcare.outages.outage_input import (
    AreaInput,
    OutageInput,
    apply_input,
    clean_areas,
    clean_input,
    save_areas,
    snapshot_points,
)
from gridcare.outages.selectors import can_manage

# What `outage_update` may change (status and times of the workflow are not among them).
EDITABLE_FIELDS = [
    "branch",
    "district_unit",
    "cause",
    "cause_text",
    "voltage_level",
    "equipment",
    "description",
    "internal_note",
    "exclusion_class",
    "notice_lead_hours",
    "area_text",
    "planned_start",
    "planned_end",
    "estimated_restoration_at",
]


def _require(actor: object | None, outage: Outage | None = None) -> None:
    if actor is None:
        return  # the system itself (imports run by a command, timers)
    if not can_manage(actor, outage):
        raise PermissionDeniedError()


def _notify(outage: Outage, event: str, key: str) -> None:
    from gridcare.outages.tasks import notify_subscribers

    pk = outage.pk
    transaction.on_commit(
        lambda: notify_subscribers.enqueue(outage_id=pk, event=event, key=key)
    )


def _lock(outage: Outage) -> Outage:
    outage.refresh_from_db(from_queryset=Outage.objects.select_for_update())
    return outage


def _move(
    outage: Outage,
    *,
    actor: object | None,
    to: str,
    action: str,
    fields: Sequence[str],
    **details: object,
) -> None:
    if not outage.can_move_to(to):
        raise ConflictError(
            _("Действие невозможно: отключение в статусе «%(status)s».")
            % {"status": outage.get_status_display()},
            code="invalid_transition",
        )
    from_status = outage.status
    outage.status = to
    outage.sequence += 1
    outage.save(update_fields=["status", "sequence", "updated_at", *fields])
    outage_event_add(
        outage=outage,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to,
        **details,
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def outage_plan(*, actor: object | None, data: OutageInput) -> Outage:
    """Announce planned works (→ planned). Subscribers hear of them `notice_lead_hours`
    before the start (at least the day before); at once if that time has come."""
    _require(actor)
    clean_input(data, kind=OutageKind.PLANNED)
    areas = clean_areas(data.areas)
    with transaction.atomic():
        outage = Outage(
            kind=OutageKind.PLANNED,
            status=OutageStatus.PLANNED,
            planned_start=data.planned_start,
            planned_end=data.planned_end,
            estimated_restoration_at=data.planned_end,
            external_id=data.external_id[:64],
            source=data.source,
            created_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        )
        apply_input(outage, data, areas)
        outage.save()
        save_areas(outage, areas)
        snapshot_points(outage, data.supply_point_ids)
        outage_event_add(
            outage=outage,
            actor=actor,
            action="planned",
            to_status=OutageStatus.PLANNED,
            planned_start=_iso(data.planned_start),
            planned_end=_iso(data.planned_end),
            areas=outage.area_text,
        )
        if notice_due(outage, now=timezone.now()):
            _send_planned_notice(outage)
    return outage


def notice_lead(outage: Outage) -> timedelta:
    from gridcare.outages.selectors import outage_setting_get

    hours = outage.notice_lead_hours or outage_setting_get().notice_lead_hours
    return timedelta(hours=max(hours, 24))


def notice_due(outage: Outage, *, now: datetime) -> bool:
    return (
        outage.status == OutageStatus.PLANNED
        and outage.notice_sent_at is None
        and outage.planned_start is not None
        and outage.planned_start - notice_lead(outage) <= now
    )


def _send_planned_notice(outage: Outage) -> None:
    outage.notice_sent_at = timezone.now()
    outage.save(update_fields=["notice_sent_at"])
    outage_event_add(outage=outage, actor=None, action="notice_sent")
    _notify(outage, "outage_planned", f"planned:{outage.sequence}")


def outage_send_due_notices(*, now: datetime | None = None) -> int:
    """Send the notices of planned works whose lead time has come (run by a timer)."""
    now = now or timezone.now()
    horizon = now + timedelta(days=90)
    ids = list(
        Outage.objects.filter(
            status=OutageStatus.PLANNED,
            notice_sent_at__isnull=True,
            planned_start__lte=horizon,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in ids:
        with transaction.atomic():
            outage = Outage.objects.select_for_update().get(pk=pk)
            if notice_due(outage, now=now):
                _send_planned_notice(outage)
                sent += 1
    return sent


def outage_register_unplanned(*, actor: object | None, data: OutageInput) -> Outage:
    """Register an unplanned (emergency) outage: power is already off (→ in progress).
    Reports of no power at its addresses in the last hours are linked to it, and
    subscribers are told at once (urgent: quiet hours do not apply)."""
    _require(actor)
    clean_input(data, kind=OutageKind.UNPLANNED)
    areas = clean_areas(data.areas)
    now = timezone.now()
    started = data.started_at or now
    if started > now + timedelta(minutes=5):
        raise ApplicationError(
            _("Начало аварийного отключения не может быть в будущем."), code="bad_start"
        )
    with transaction.atomic():
        outage = Outage(
            kind=OutageKind.UNPLANNED,
            status=OutageStatus.IN_PROGRESS,
            started_at=started,
            estimated_restoration_at=data.estimated_restoration_at,
            external_id=data.external_id[:64],
            source=data.source,
            created_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        )
        apply_input(outage, data, areas)
        outage.save()
        save_areas(outage, areas)
        snapshot_points(outage, data.supply_point_ids)
        if data.estimated_restoration_at:
            _add_estimate(outage, actor, data.estimated_restoration_at, "")
        outage_event_add(
            outage=outage,
            actor=actor,
            action="registered",
            to_status=OutageStatus.IN_PROGRESS,
            started_at=_iso(started),
            areas=outage.area_text,
            points=outage.points_cut_off,
        )
        intake.power_reports_link_to(outage=outage, actor=actor)
        _notify(outage, "outage_started", "started")
    return outage


def outage_start(
    *, actor: object | None, outage: Outage, started_at: datetime | None = None
) -> Outage:
    """Planned works began: power is off (planned → in progress)."""
    _require(actor, outage)
    with transaction.atomic():
        outage = _lock(outage)
        outage.started_at = started_at or timezone.now()
        _move(
            outage,
            actor=actor,
            to=OutageStatus.IN_PROGRESS,
            action="started",
            fields=["started_at"],
            started_at=_iso(outage.started_at),
        )
        snapshot_points(
            outage,
            list(
                outage.supply_point_links.filter(source="manual").values_list(
                    "supply_point_id", flat=True
                )
            ),
        )
        intake.power_reports_link_to(outage=outage, actor=actor)
        _notify(outage, "outage_started", "started")
    return outage


def _add_estimate(
    outage: Outage, actor: object | None, estimated_at: datetime, reason: str
) -> RestorationEstimate:
    return RestorationEstimate.objects.create(
        outage=outage,
        estimated_at=estimated_at,
        set_at=timezone.now(),
        set_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        reason=reason[:300],
    )


def outage_estimate_change(
    *, actor: object | None, outage: Outage, estimated_at: datetime, reason: str = ""
) -> Outage:
    """Set a new estimated restoration time (kept in its history); subscribers hear of
    it once power is off or the planned notice has gone out."""
    _require(actor, outage)
    if estimated_at <= timezone.now() - timedelta(minutes=5):
        raise ApplicationError(
            _("Ожидаемое время восстановления уже прошло."), code="bad_estimate"
        )
    with transaction.atomic():
        outage = _lock(outage)
        if not outage.is_open:
            raise ConflictError(
                _("Отключение уже завершено: время восстановления не меняется."),
                code="invalid_transition",
            )
        if outage.estimated_restoration_at == estimated_at:
            return outage
        previous = outage.estimated_restoration_at
        estimate = _add_estimate(outage, actor, estimated_at, reason)
        outage.estimated_restoration_at = estimated_at
        outage.sequence += 1
        outage.save(
            update_fields=["estimated_restoration_at", "sequence", "updated_at"]
        )
        outage_event_add(
            outage=outage,
            actor=actor,
            action="estimate_changed",
            previous=_iso(previous),
            estimated_at=_iso(estimated_at),
            reason=reason,
        )
        if outage.is_power_off or outage.notice_sent_at:
            _notify(outage, "outage_estimate_changed", f"estimate:{estimate.pk}")
    return outage


def outage_restore(
    *, actor: object | None, outage: Outage, ended_at: datetime | None = None
) -> Outage:
    """Power is back everywhere (in progress → restored); subscribers are told."""
    _require(actor, outage)
    now = timezone.now()
    with transaction.atomic():
        outage = _lock(outage)
        ended = ended_at or now
        if outage.started_at and ended < outage.started_at:
            raise ApplicationError(
                _("Время восстановления раньше начала отключения."), code="bad_end"
            )
        if ended > now + timedelta(minutes=5):
            raise ApplicationError(
                _("Время восстановления не может быть в будущем."), code="bad_end"
            )
        outage.ended_at = ended
        _move(
            outage,
            actor=actor,
            to=OutageStatus.RESTORED,
            action="restored",
            fields=["ended_at"],
            ended_at=_iso(ended),
            hours=round(outage.duration_hours or 0, 2),
        )
        _notify(outage, "outage_restored", "restored")
    return outage


def outage_cancel(*, actor: object | None, outage: Outage, reason: str) -> Outage:
    """Call off planned works (planned → cancelled); those already told hear of it."""
    _require(actor, outage)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Укажите причину отмены."), code="reason_required")
    with transaction.atomic():
        outage = _lock(outage)
        _move(
            outage,
            actor=actor,
            to=OutageStatus.CANCELLED,
            action="cancelled",
            fields=[],
            reason=reason,
        )
        if outage.notice_sent_at:
            _notify(outage, "outage_cancelled", "cancelled")
    return outage


def outage_update(*, actor: object | None, outage: Outage, data: OutageInput) -> Outage:
    """Edit an open outage's details and addresses. A planned window that moves after
    the notice went out is announced again."""
    _require(actor, outage)
    clean_input(data, kind=outage.kind)
    areas = clean_areas(data.areas)
    with transaction.atomic():
        outage = _lock(outage)
        if not outage.is_open:
            raise ConflictError(
                _("Завершённое отключение не редактируется."), code="invalid_transition"
            )
        moved = outage.kind == OutageKind.PLANNED and (
            outage.planned_start != data.planned_start
            or outage.planned_end != data.planned_end
        )
        before = outage.area_text
        apply_input(outage, data, areas)
        if outage.kind == OutageKind.PLANNED:
            outage.planned_start = data.planned_start
            outage.planned_end = data.planned_end
            if outage.status == OutageStatus.PLANNED:
                outage.estimated_restoration_at = data.planned_end
        outage.sequence += 1
        outage.save(update_fields=[*EDITABLE_FIELDS, "sequence", "updated_at"])
        save_areas(outage, areas)
        snapshot_points(outage, data.supply_point_ids)
        outage_event_add(
            outage=outage,
            actor=actor,
            action="updated",
            areas=outage.area_text if outage.area_text != before else None,
            planned_start=_iso(data.planned_start) if moved else None,
            planned_end=_iso(data.planned_end) if moved else None,
        )
        if outage.status == OutageStatus.IN_PROGRESS:
            intake.power_reports_link_to(outage=outage, actor=actor)
        if moved and outage.notice_sent_at and outage.status == OutageStatus.PLANNED:
            _notify(outage, "outage_planned", f"planned:{outage.sequence}")
        elif outage.status == OutageStatus.PLANNED and notice_due(
            outage, now=timezone.now()
        ):
            _send_planned_notice(outage)
    return outage


def outage_open_from_suggestion(
    *, actor: object, suggestion: OutageSuggestion, voltage_level: str = "NN"
) -> Outage:
    """Dispatch confirms a suggestion: open an unplanned outage on its street (or
    settlement) from the first report, and link its reports."""
    with transaction.atomic():
        outage = outage_register_unplanned(
            actor=actor,
            data=OutageInput(
                cause=Cause.EQUIPMENT_FAILURE,
                voltage_level=voltage_level,
                areas=[
                    AreaInput(
                        settlement_id=suggestion.settlement_id,
                        street_id=suggestion.street_id,
                    )
                ],
                started_at=suggestion.first_report_at,
                source="suggestion",
            ),
        )
        intake.suggestion_accept(actor=actor, suggestion=suggestion, outage=outage)
    return outage
