"""Reads for dispatch: reports of no power that no known outage explains, the
suggestions they raised, and uploaded schedules awaiting confirmation."""

from dataclasses import dataclass

from django.db.models import QuerySet

from gridcare.accounts.roles import Right, has_right
from gridcare.core.errors import NotFoundError
from gridcare.outages.models import OutageSuggestion, PowerReport, ScheduleImport

QUEUE_LIMIT = 200


@dataclass(frozen=True)
class DispatchQueue:
    suggestions: list[OutageSuggestion]
    reports: list[PowerReport]  # waiting, newest first
    waiting_count: int


def dispatch_queue_get(*, user: object) -> DispatchQueue:
    """Return the open suggestions and the waiting reports (empty without the
    outage-view right)."""
    if not has_right(user, Right.OUTAGE_VIEW):
        return DispatchQueue([], [], 0)
    waiting = PowerReport.objects.filter(outage__isnull=True, dismissed_at__isnull=True)
    suggestions = (
        OutageSuggestion.objects.filter(status=OutageSuggestion.Status.OPEN)
        .select_related("settlement", "street")
        .order_by("-report_count", "-last_report_at")
    )
    reports = waiting.select_related("settlement", "street", "building").order_by(
        "-reported_at", "-pk"
    )[:QUEUE_LIMIT]
    return DispatchQueue(list(suggestions), list(reports), waiting.count())


def suggestion_get_for_user(*, user: object, suggestion_id: int) -> OutageSuggestion:
    suggestion = (
        OutageSuggestion.objects.filter(pk=suggestion_id).first()
        if has_right(user, Right.OUTAGE_VIEW)
        else None
    )
    if suggestion is None:
        raise NotFoundError("Предложение не найдено.")
    return suggestion


def schedule_import_get_for_user(*, user: object, import_id: int) -> ScheduleImport:
    imported = (
        ScheduleImport.objects.filter(pk=import_id).first()
        if has_right(user, Right.OUTAGE_MANAGE)
        else None
    )
    if imported is None:
        raise NotFoundError("Загрузка не найдена.")
    return imported


def power_report_list_for_outage(*, outage_id: int) -> QuerySet[PowerReport]:
    return PowerReport.objects.filter(outage_id=outage_id).order_by("reported_at", "pk")
