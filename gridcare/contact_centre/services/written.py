"""Written appeals in the routing engine: every appeal of a written channel (e-mail,
post, VK, partner API) that enters a remote service centre's queue is a work item
(an interaction of kind «письменное обращение») of the engine.

* The queue of the centre (individuals / legal entities) is the segment skill; the
  appeal's topic is the engine's queue; the operator's `appeal_capacity` bounds how
  many they hold.
* The remote centre's own assignment (written_channels.services.remote) is
  mirrored here through its listener (written_channels.hooks): an appeal it gives to
  a specialist is active for them; one left waiting is queued in the engine and goes
  to a working operator the engine picks, or to the operator who presses «Взять
  следующее» on the desk.
* Either way the appeal itself is assigned through the registry (`appeal_assign`),
  and when it is answered or closed its work item closes and the operator's place
  frees up (a `post_save` receiver of Appeal, connected in apps.py)."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.models import User
from gridcare.appeals.models import Appeal
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.contact_centre.models import (
    ChatTopic,
    Interaction,
    InteractionKind,
    Segment,
)
from gridcare.contact_centre.routing import WORKING
from gridcare.contact_centre.services.interactions import (
    interaction_answered,
    interaction_close,
    interaction_enqueue,
    interaction_for_external_id,
    interaction_take_next,
    interactions_dispatch,
)
from gridcare.contact_centre.services.operators import operator_profile_get_or_create
from gridcare.contact_centre.workflow import INTERACTION_HELD, INTERACTION_WAITING
from gridcare.core.errors import ConflictError
from gridcare.written_channels.models import RemoteAssignment, RemoteQueue
from gridcare.written_channels.services.remote import remote_queue_give

APPEAL_PREFIX = "appeal-"

# The segment skill of a remote centre's queue.
QUEUE_SEGMENT = {
    RemoteQueue.INDIVIDUALS: Segment.INDIVIDUAL,
    RemoteQueue.LEGAL_ENTITIES: Segment.LEGAL,
}


def _external_id(appeal_id: int) -> str:
    return f"{APPEAL_PREFIX}{appeal_id}"


def written_item_for(appeal: Appeal) -> Interaction | None:
    """Return the engine's work item of a written appeal, if it has one."""
    return interaction_for_external_id(InteractionKind.APPEAL, _external_id(appeal.pk))


def written_item_sync(assignment: RemoteAssignment) -> Interaction:
    """Mirror a remote centre's queue entry as a work item of the engine: a new
    waiting one is queued (and routed at once if a working operator can take it),
    one the centre gave to a specialist becomes active for them."""
    appeal = assignment.appeal
    item = written_item_for(appeal)
    if item is None:
        item = interaction_enqueue(
            kind=InteractionKind.APPEAL,
            external_id=_external_id(appeal.pk),
            caller=appeal.contact_phone or appeal.contact_email,
            topic=appeal.topic if appeal.topic in ChatTopic.values else "",
            segment=QUEUE_SEGMENT.get(assignment.queue, Segment.INDIVIDUAL),
            queued_at=assignment.queued_at,
            route=assignment.assignee_id is None,
        )
        Interaction.objects.filter(pk=item.pk).update(appeal=appeal)
        item.refresh_from_db()
    if assignment.assignee_id is not None and item.status in INTERACTION_WAITING:
        item = interaction_answered(
            interaction=item,
            operator=assignment.assignee,  # type: ignore[arg-type]
            at=assignment.assigned_at,
        )
    return item


class RemoteQueueMirror:
    """The listener the contact centre registers with written_channels.hooks."""

    def remote_assignment_changed(self, assignment: RemoteAssignment) -> None:
        written_item_sync(assignment)


MIRROR = RemoteQueueMirror()


def written_routed(interaction: Interaction, operator: User) -> None:
    """The engine gave a written appeal's work item to `operator`
    (services.interactions): assign the appeal to them through the remote centre's
    queue (the registry's own service writes its history)."""
    number = interaction.external_id.removeprefix(APPEAL_PREFIX)
    if not interaction.external_id.startswith(APPEAL_PREFIX) or not number.isdigit():
        return  # not a remote centre's appeal (another source of written work)
    assignment = RemoteAssignment.objects.filter(appeal_id=int(number)).first()
    if assignment is not None:
        remote_queue_give(assignment=assignment, user=operator)


def written_take_next(*, actor: User) -> Interaction:
    """The desk's «Взять следующее»: the engine gives the operator the next written
    appeal they may take; ConflictError when they are not working, at capacity, or
    nothing waits for their skills."""
    profile = operator_profile_get_or_create(actor)
    if profile.status not in WORKING:
        raise ConflictError(
            _("Поставьте статус «Готов», чтобы брать письменные обращения."),
            code="not_working",
        )
    item = interaction_take_next(
        profile=profile, kind=InteractionKind.APPEAL, at=timezone.now()
    )
    if item is None:
        raise ConflictError(
            _("Нет письменных обращений, которые вы можете взять сейчас."),
            code="nothing_waiting",
        )
    return item


def written_appeal_saved(appeal: Appeal) -> None:
    """An appeal was saved: once it is answered or closed (no longer open), its work
    item closes and the operator's freed place takes the next one (if working)."""
    if appeal.status in OPEN_STATUSES:
        return
    item = (
        Interaction.objects.filter(
            kind=InteractionKind.APPEAL,
            external_id=_external_id(appeal.pk),
            status__in=INTERACTION_HELD | INTERACTION_WAITING,
        )
        .select_related("operator")
        .first()
    )
    if item is None:
        return
    operator = item.operator
    interaction_close(interaction=item)
    if operator is None:
        return
    profile = operator_profile_get_or_create(operator)
    if profile.status in WORKING:
        interactions_dispatch(
            profile=profile, kind=InteractionKind.APPEAL, at=timezone.now()
        )


def appeal_post_save(sender: Any, instance: Appeal, **kwargs: Any) -> None:
    """The `post_save` receiver of Appeal (connected in apps.py)."""
    written_appeal_saved(instance)
