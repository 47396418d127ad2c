"""Reads of the written channels: letters for a day, one letter for a user, the
remote centres' queues with each specialist's load."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from gridcare.accounts.models import Competence
from gridcare.appeals.models import Appeal
from gridcare.appeals.selectors import appeal_list_visible
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.core.errors import NotFoundError
from gridcare.offices.models import Office
from gridcare.written_channels.models import (
    OutgoingLetter,
    RemoteAssignment,
    RemoteCentreMember,
    RemoteQueue,
)
from gridcare.written_channels.services.remote import open_load


def outgoing_letter_list_for_day(
    *, user: object, day: date
) -> QuerySet[OutgoingLetter]:
    """Letters of `day`'s mailing register whose appeals the user may see."""
    return (
        OutgoingLetter.objects.filter(
            mailing_date=day, appeal__in=appeal_list_visible(user=user)
        )
        .select_related("appeal")
        .order_by("pk")
    )


def outgoing_letter_get_for_user(*, user: object, letter_id: int) -> OutgoingLetter:
    """The letter if the user may see its appeal; else NotFoundError."""
    letter = (
        OutgoingLetter.objects.filter(
            pk=letter_id, appeal__in=appeal_list_visible(user=user)
        )
        .select_related("appeal")
        .first()
    )
    if letter is None:
        raise NotFoundError("Письмо не найдено.")
    return letter


@dataclass
class MemberLoad:
    name: str
    competences: list[str]
    open_appeals: int
    max_open: int
    is_active: bool

    @property
    def is_full(self) -> bool:
        return self.open_appeals >= self.max_open


@dataclass
class QueueView:
    code: str
    label: str
    waiting: list[Appeal] = field(default_factory=list)
    members: list[MemberLoad] = field(default_factory=list)


@dataclass
class CentreView:
    office: Office
    queues: list[QueueView]


def remote_centres_overview(*, user: object) -> list[CentreView]:
    """Each remote centre's two queues: waiting appeals (the user may see) by
    deadline, and every specialist's open load against their capacity."""
    visible = appeal_list_visible(user=user)
    centres = list(
        Office.objects.filter(serves_remote_channels=True, is_active=True).order_by(
            "branch__order", "pk"
        )
    )
    members = list(
        RemoteCentreMember.objects.filter(office__in=centres)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    loads = open_load(sorted({m.user_id for m in members}))
    waiting = (
        RemoteAssignment.objects.filter(
            office__in=centres,
            assignee__isnull=True,
            appeal__status__in=OPEN_STATUSES,
            appeal__in=visible,
        )
        .select_related("appeal")
        .order_by("appeal__due_at", "pk")
    )
    result = []
    for office in centres:
        queues = {q.value: QueueView(q.value, str(q.label)) for q in RemoteQueue}
        for member in members:
            if member.office_id == office.pk:
                queues[member.queue].members.append(
                    MemberLoad(
                        name=str(member.user),
                        competences=[
                            str(Competence(c).label) if c in Competence.values else c
                            for c in member.user.competences or []
                        ],
                        open_appeals=loads.get(member.user_id, 0),
                        max_open=member.max_open,
                        is_active=member.is_active,
                    )
                )
        for assignment in waiting:
            if assignment.office_id == office.pk:
                queues[assignment.queue].waiting.append(assignment.appeal)
        result.append(CentreView(office=office, queues=list(queues.values())))
    return result
