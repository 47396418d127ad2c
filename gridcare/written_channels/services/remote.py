"""Remote service centres (удалённые центры обслуживания): appeals from the written
channels wait in the centre's queue for individuals or for legal entities and go to
the least-loaded specialist who has the appeal's competence and is under capacity.

Deadlines are the registry's own (set at registration); nothing here moves them."""

from django.db import transaction
from django.utils import timezone

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals.codes import Topic
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import appeal_assign
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.consumers.models import ConsumerKind
from gridcare.offices.models import Office
from gridcare.written_channels import hooks
from gridcare.written_channels.models import (
    RemoteAssignment,
    RemoteCentreMember,
    RemoteQueue,
)


def remote_queue_for(consumer: object | None) -> str:
    """Individuals' queue unless the consumer is a company or an entrepreneur; an
    unknown sender is treated as an individual."""
    kind = getattr(consumer, "kind", ConsumerKind.INDIVIDUAL)
    if kind in (ConsumerKind.LEGAL_ENTITY, ConsumerKind.ENTREPRENEUR):
        return RemoteQueue.LEGAL_ENTITIES
    return RemoteQueue.INDIVIDUALS


def remote_centre_for(*, branch_id: int | None) -> Office | None:
    """The remote service centre of the branch, else the first one of the company."""
    centres = Office.objects.filter(
        serves_remote_channels=True, is_active=True
    ).order_by("branch__order", "pk")
    if branch_id is not None:
        own = centres.filter(branch_id=branch_id).first()
        if own is not None:
            return own
    return centres.first()


def consumer_branch_id(consumer: object | None) -> int | None:
    """The branch of the consumer's only active account, if they have exactly one."""
    if consumer is None:
        return None
    branches = set(
        consumer.accounts.filter(is_active=True).values_list("branch_id", flat=True)  # type: ignore[attr-defined]
    )
    return branches.pop() if len(branches) == 1 else None


def open_load(user_ids: list[int]) -> dict[int, int]:
    """Open appeals assigned to each user (all channels: a person has one workload)."""
    loads = dict.fromkeys(user_ids, 0)
    rows = (
        Appeal.objects.filter(assignee_id__in=user_ids, status__in=OPEN_STATUSES)
        .values_list("assignee_id", flat=True)
        .order_by()
    )
    for user_id in rows:
        loads[user_id] += 1
    return loads


def _fits(member: RemoteCentreMember, topic: str) -> bool:
    # General questions need no particular competence.
    return topic == Topic.GENERAL or topic in (member.user.competences or [])


def _pick(assignment: RemoteAssignment) -> RemoteCentreMember | None:
    members = [
        m
        for m in RemoteCentreMember.objects.select_for_update()
        .select_related("user")
        .filter(
            office_id=assignment.office_id,
            queue=assignment.queue,
            is_active=True,
            user__is_active=True,
        )
        .order_by("pk")
        if _fits(m, assignment.appeal.topic) and has_right(m.user, Right.APPEAL_WORK)
    ]
    loads = open_load([m.user_id for m in members])
    free = [m for m in members if loads[m.user_id] < m.max_open]
    return min(free, key=lambda m: (loads[m.user_id], m.user_id), default=None)


def remote_queue_assign(*, assignment: RemoteAssignment) -> RemoteAssignment:
    """Give a waiting appeal to the least-loaded fitting specialist under capacity;
    leave it waiting when there is none. Members' rows are locked, so two workers never
    push one person over their capacity."""
    with transaction.atomic():
        assignment = RemoteAssignment.objects.select_for_update().get(pk=assignment.pk)
        appeal = assignment.appeal
        if (
            assignment.assignee_id is not None
            or appeal.assignee_id is not None
            or appeal.status not in OPEN_STATUSES
        ):
            return assignment
        member = _pick(assignment)
        if member is not None:
            _give(assignment, member.user)
        hooks.remote_assignment_changed(assignment)
    return assignment


def _give(assignment: RemoteAssignment, user: object) -> None:
    # The specialist takes it through the registry's own service (history row).
    appeal_assign(actor=user, appeal=assignment.appeal, assignee=user)
    assignment.assignee = user  # type: ignore[assignment]
    assignment.assigned_at = timezone.now()
    assignment.save(update_fields=["assignee", "assigned_at"])


def remote_queue_give(*, assignment: RemoteAssignment, user: object) -> bool:
    """Give a waiting appeal to `user`, whom another router chose (the contact
    centre's engine); False when it is no longer waiting."""
    with transaction.atomic():
        assignment = RemoteAssignment.objects.select_for_update().get(pk=assignment.pk)
        appeal = assignment.appeal
        if (
            assignment.assignee_id is not None
            or appeal.assignee_id is not None
            or appeal.status not in OPEN_STATUSES
        ):
            return False
        _give(assignment, user)
    return True


def remote_queue_enqueue(
    *, appeal: Appeal, office: Office | None
) -> RemoteAssignment | None:
    """Put a registered appeal of a written channel into its centre's queue and try to
    assign it at once. No remote centre configured: the appeal stays in the registry's
    ordinary queues."""
    if office is None:
        return None
    assignment, _created = RemoteAssignment.objects.get_or_create(
        appeal=appeal,
        defaults={
            "office": office,
            "queue": remote_queue_for(appeal.consumer),
            "queued_at": timezone.now(),
        },
    )
    return remote_queue_assign(assignment=assignment)


def remote_queue_assign_waiting(*, limit: int = 500) -> int:
    """Assign waiting appeals, oldest first (run when capacity frees up); return how
    many were assigned."""
    waiting = RemoteAssignment.objects.filter(
        assignee__isnull=True, appeal__status__in=OPEN_STATUSES
    ).order_by("queued_at", "pk")[:limit]
    done = 0
    for assignment in waiting:
        if remote_queue_assign(assignment=assignment).assignee_id is not None:
            done += 1
    return done
