"""Building blocks shared by the appeal services: rights, locking, the status move
with its history row, the paused deadline clock."""

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals import notices
from gridcare.appeals.events import appeal_event_add
from gridcare.appeals.models import Appeal
from gridcare.calendars.terms import extend_for_pause
from gridcare.core.errors import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)


def require_right(actor: object, right: Right) -> None:
    if not has_right(actor, right):
        raise PermissionDeniedError()


def check_code(value: str, choices: type, label: str) -> None:
    if value not in choices.values:
        raise ApplicationError(
            _("Неизвестное значение поля «%(label)s»: %(value)r.")
            % {"label": label, "value": value},
            code="invalid_code",
        )


def lock_appeal(appeal: Appeal) -> Appeal:
    """Lock the row for this transaction and reload it in place, so the caller's object
    shows the result of the service."""
    appeal.refresh_from_db(from_queryset=Appeal.objects.select_for_update())
    return appeal


def move_status(
    *,
    appeal: Appeal,
    actor: object | None,
    to: str,
    action: str,
    fields: Sequence[str] = (),
    **details: object,
) -> None:
    """Check the move is legal, set the status, save, write history."""
    if not appeal.can_move_to(to):
        raise ConflictError(
            _("Действие невозможно: обращение в статусе «%(status)s».")
            % {"status": appeal.get_status_display()},
            code="invalid_transition",
        )
    from_status = appeal.status
    appeal.status = to
    appeal.save(update_fields=["status", *fields])
    appeal_event_add(
        appeal=appeal,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to,
        **details,
    )
    push_queue_change(appeal)


def push_queue_change(appeal: Appeal) -> None:
    pk, branch_id, status = appeal.pk, appeal.branch_id, appeal.status
    transaction.on_commit(
        lambda: notices.queue_changed(appeal_id=pk, branch_id=branch_id, status=status)
    )


def resume_clock(appeal: Appeal, now: datetime) -> list[str]:
    """End a pause: push the deadline later by the time spent waiting for the consumer."""
    if appeal.paused_at is None:
        return []
    rule = appeal.deadline_rule
    if appeal.due_at and rule and rule.pauses_while_waiting:
        shift = dict(
            paused_from=appeal.paused_at,
            paused_to=now,
            unit=rule.unit,
            region=settings.CALENDAR_REGION,
        )
        old_due = appeal.due_at
        appeal.due_at = extend_for_pause(due=old_due, **shift)
        if appeal.due_soon_at:
            appeal.due_soon_at = appeal.due_soon_at + (appeal.due_at - old_due)
    appeal.paused_at = None
    return ["due_at", "due_soon_at", "paused_at"]
