"""Retention rules applied: records older than their rule's period (counted from
closure) are deleted or anonymised in batches, each batch logged.

Idempotent: an anonymised record no longer matches (its marker is the placeholder)
and a deleted one is gone, so a second run changes nothing and logs nothing. A dry
run counts what would be touched and changes nothing. Run by one timer at a time
(`gridcare privacy_retention`, docs/operations.md)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from gridcare.appeals.codes import Status as AppealStatus
from gridcare.appeals.models import Appeal
from gridcare.consumers.models import PersonalDataAccess
from gridcare.contact_centre.models import LiveChat
from gridcare.notifications.models import Notification
from gridcare.privacy.anonymisers import (
    PLACEHOLDER,
    appeals_anonymise_fully,
    live_chats_anonymise_fully,
)
from gridcare.privacy.models import (
    AgeUnit,
    RetentionAction,
    RetentionEntity,
    RetentionLogEntry,
    RetentionRule,
)

BATCH_SIZE = 500


def retention_cutoff(rule: RetentionRule, now: datetime) -> datetime:
    """Records closed before this moment have outlived the rule."""
    if rule.age_unit == AgeUnit.YEARS:
        try:
            return now.replace(year=now.year - rule.age)
        except ValueError:  # 29 February
            return now.replace(year=now.year - rule.age, day=28)
    return now - timedelta(days=rule.age)


def _candidates(entity: str, action: str, cutoff: datetime) -> QuerySet:  # type: ignore[type-arg]
    """Records of `entity` that the rule still has to touch, by id."""
    if entity == RetentionEntity.APPEAL:
        qs = Appeal.objects.filter(
            status__in=(AppealStatus.CLOSED, AppealStatus.WITHDRAWN),
            closed_at__lt=cutoff,
        )
        return (
            qs.exclude(text=PLACEHOLDER) if action == RetentionAction.ANONYMISE else qs
        )
    if entity == RetentionEntity.LIVE_CHAT:
        qs = LiveChat.objects.filter(status="closed", closed_at__lt=cutoff)
        return (
            qs.exclude(question=PLACEHOLDER)
            if action == RetentionAction.ANONYMISE
            else qs
        )
    if entity == RetentionEntity.NOTIFICATION:
        return Notification.objects.filter(
            created_at__lt=cutoff, status__in=("sent", "failed", "cancelled")
        )
    if entity == RetentionEntity.ACCESS_LOG:
        return PersonalDataAccess.objects.filter(at__lt=cutoff)
    raise ValueError(entity)


def _apply(entity: str, action: str, ids: list[int]) -> None:
    anonymise: dict[str, Callable[[list[int]], int]] = {
        RetentionEntity.APPEAL: appeals_anonymise_fully,
        RetentionEntity.LIVE_CHAT: live_chats_anonymise_fully,
    }
    if action == RetentionAction.ANONYMISE and entity in anonymise:
        anonymise[entity](ids)
        return
    model = _candidates(entity, action, timezone.now()).model
    model.objects.filter(pk__in=ids).delete()


@dataclass(frozen=True)
class RetentionResult:
    rule: RetentionRule
    count: int
    first_id: int | None
    last_id: int | None


def retention_apply(
    *, dry_run: bool = False, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> list[RetentionResult]:
    """Apply every active rule; return per rule how many records were (or, in a dry
    run, would be) deleted or anonymised and their id range."""
    now = now or timezone.now()
    results = []
    for rule in RetentionRule.objects.filter(is_active=True).order_by("pk"):
        cutoff = retention_cutoff(rule, now)
        queryset = _candidates(rule.entity, rule.action, cutoff).order_by("pk")
        if dry_run:
            span = queryset.aggregate(first=Min("pk"), last=Max("pk"))
            results.append(
                RetentionResult(rule, queryset.count(), span["first"], span["last"])
            )
            continue
        total, first, last = 0, None, None
        while True:
            ids = list(queryset.values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            with transaction.atomic():
                _apply(rule.entity, rule.action, ids)
                RetentionLogEntry.objects.create(
                    rule=rule,
                    entity=rule.entity,
                    action=rule.action,
                    count=len(ids),
                    first_id=ids[0],
                    last_id=ids[-1],
                    cutoff=cutoff,
                    at=timezone.now(),
                )
            total += len(ids)
            first = ids[0] if first is None else first
            last = ids[-1]
        results.append(RetentionResult(rule, total, first, last))
    return results
