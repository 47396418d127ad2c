"""Operators' status: ready, talking, wrap-up, break, offline — with a period row per
stretch, so the desk and the wallboard show time in status.

`operator_status_set` is the one way a status changes (by the operator on the desk,
by the PBX, or by the routing services: answered → talking, ended → wrap-up, wrapped
up → ready). Becoming READY makes the operator the newest idle one and takes the best
waiting call at once."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.models import User
from gridcare.accounts.roles import has_right
from gridcare.contact_centre.models import (
    InteractionKind,
    OperatorProfile,
    OperatorStatus,
    OperatorStatusPeriod,
)
from gridcare.contact_centre.selectors import CONSOLE_RIGHT
from gridcare.core.errors import ApplicationError, PermissionDeniedError


def operator_profile_get_or_create(user: User) -> OperatorProfile:
    """Return the operator's profile; a new one takes every queue for operators and
    supervisors (they see every topic) or the user's competences plus «Общие»."""
    from gridcare.contact_centre.selectors import chat_topics_for

    profile = OperatorProfile.objects.filter(user=user).first()
    if profile is None:
        profile, _created = OperatorProfile.objects.get_or_create(
            user=user, defaults={"topics": chat_topics_for(user)}
        )
    return profile


def _lock_profile(user: User) -> OperatorProfile:
    operator_profile_get_or_create(user)
    return OperatorProfile.objects.select_for_update().get(user=user)


def status_change(profile: OperatorProfile, status: str, at: datetime) -> bool:
    """Close the current status period and open one of `status` (inside a
    transaction, the profile locked); False when the status is unchanged."""
    if profile.status == status and profile.status_since is not None:
        return False
    OperatorStatusPeriod.objects.filter(
        operator_id=profile.user_id, ended_at__isnull=True
    ).update(ended_at=at)
    OperatorStatusPeriod.objects.create(
        operator_id=profile.user_id, status=status, started_at=at
    )
    profile.status = status
    profile.status_since = at
    fields = ["status", "status_since"]
    if status == OperatorStatus.READY:
        profile.idle_since = at
        fields.append("idle_since")
    profile.save(update_fields=fields)
    return True


def operator_status_set(
    operator: User, status: str, at: datetime | None = None
) -> OperatorProfile:
    """Set an operator's status (the operator on the desk, or the PBX).

    A call offered to an operator who leaves (break, offline) goes back to the queue;
    an operator who becomes READY takes the best waiting call, and anyone working
    (not on a break) takes waiting chats and written appeals within capacity."""
    from gridcare.contact_centre.services.interactions import (
        interactions_dispatch,
        offered_return_to_queue,
        push_changes,
    )

    if not has_right(operator, CONSOLE_RIGHT):
        raise PermissionDeniedError(_("У сотрудника нет доступа к рабочему месту."))
    if status not in OperatorStatus.values:
        raise ApplicationError(
            _("Неизвестный статус оператора."), code="status_invalid"
        )
    at = at or timezone.now()
    with transaction.atomic():
        profile = _lock_profile(operator)
        changed = status_change(profile, status, at)
        if status in (OperatorStatus.BREAK, OperatorStatus.OFFLINE):
            offered_return_to_queue(operator=operator, at=at)
        if changed:
            push_changes(operator.pk, reason="status")
    if changed:
        for kind in InteractionKind.values:
            interactions_dispatch(profile=profile, kind=kind, at=at)
    return profile
