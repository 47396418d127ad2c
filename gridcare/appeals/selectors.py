"""Reads of the appeal registry. Every view, endpoint and socket handler reaches an
appeal through `appeal_get_for_user`, so the access rules live here only."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from gridcare.accounts.models import Role, User
from gridcare.accounts.roles import ROLE_RIGHTS, Right, has_right
from gridcare.appeals.codes import Status
from gridcare.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealEvent,
    AppealMessage,
    AppealNote,
)
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.core.errors import NotFoundError
from gridcare.core.text import normalize_phone, search_key


def appeal_visibility_q(user: object) -> Q | None:
    """The filter of appeals `user` may see; None means nothing at all.

    Consumers see their own appeals. A specialist sees their competences in their branch
    plus whatever is assigned to them; roles with the all-topics right see every topic of
    their branch; the all-branches right, or a supervisor without a branch, lifts the
    branch limit."""
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return None
    if user.role == Role.CONSUMER:  # type: ignore[attr-defined]
        return Q(consumer__user=user)
    if not has_right(user, Right.APPEAL_VIEW_QUEUE):
        return None
    scope = Q()
    branch_id = user.branch_id  # type: ignore[attr-defined]
    all_branches = has_right(user, Right.APPEAL_VIEW_ALL_BRANCHES) or branch_id is None
    if not all_branches:
        scope &= Q(branch_id=branch_id)
    if not has_right(user, Right.APPEAL_VIEW_ALL_TOPICS):
        scope &= Q(topic__in=list(user.competences or []))  # type: ignore[attr-defined]
    if not scope:
        return Q()  # no limit: every appeal (an empty Q would vanish in an OR)
    return scope | Q(assignee=user)


def appeal_list_visible(*, user: object) -> QuerySet[Appeal]:
    """Return every appeal the user may see (empty for strangers)."""
    q = appeal_visibility_q(user)
    if q is None:
        return Appeal.objects.none()
    return Appeal.objects.filter(q)


def appeal_get_for_user(*, user: object, appeal_id: int) -> Appeal:
    """Return the appeal if `user` may see it; else NotFoundError (never tells which)."""
    appeal = (
        appeal_list_visible(user=user)
        .select_related("consumer", "branch", "group", "assignee", "office", "building")
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise NotFoundError("Обращение не найдено.")
    return appeal


def appeal_get_by_number_for_user(*, user: object, number: str) -> Appeal:
    appeal = appeal_list_visible(user=user).filter(number=number.strip()).first()
    if appeal is None:
        raise NotFoundError("Обращение не найдено.")
    return appeal


# Pseudo-status of the queue filter: every status still waiting for the company.
OPEN = "open"

MOSCOW = ZoneInfo("Europe/Moscow")

# How an appeal stands against its deadline — the same codes and rules as the
# reports' DeadlineBucket (reports.aggregates.deadline_bucket), so a dashboard cell
# opens exactly its appeals in the queue.
_NOT_OPEN = ~Q(status__in=list(OPEN_STATUSES))
_ANSWERED = _NOT_OPEN & Q(answered_at__isnull=False)
_LATE = Q(due_at__isnull=False, answered_at__gt=F("due_at"))
DEADLINE_STATES: dict[str, Q] = {
    "open": Q(status__in=list(OPEN_STATUSES)),
    "on_time": _ANSWERED & ~_LATE,
    "late": _ANSWERED & _LATE,
    "no_answer": _NOT_OPEN & Q(answered_at__isnull=True),
}


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    channel: str = ""
    topic: str = ""
    category: str = ""
    kind: str = ""
    service_form: str = ""
    branch_id: int | None = None
    no_branch: bool = False
    # Received on these Moscow days (inclusive), as the reports count them.
    received_from: date | None = None
    received_to: date | None = None
    deadline: str = ""  # a DEADLINE_STATES code
    assignee_id: int | None = None
    unassigned: bool = False
    overdue: bool = False
    due_soon: bool = False
    query: str = ""


def appeal_list_for_queue(
    *, user: object, filters: QueueFilters, now: datetime | None = None
) -> QuerySet[Appeal]:
    """Return the staff queue: visible appeals narrowed by the filters, oldest due first."""
    now = now or timezone.now()
    qs = appeal_list_visible(user=user).exclude(status=Status.NEW)
    if filters.status == OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.topic:
        qs = qs.filter(topic=filters.topic)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.service_form:
        qs = qs.filter(service_form=filters.service_form)
    if filters.branch_id:
        qs = qs.filter(branch_id=filters.branch_id)
    if filters.no_branch:
        qs = qs.filter(branch__isnull=True)
    if filters.received_from:
        start = datetime.combine(filters.received_from, time.min, tzinfo=MOSCOW)
        qs = qs.filter(received_at__gte=start)
    if filters.received_to:
        end = datetime.combine(
            filters.received_to + timedelta(days=1), time.min, tzinfo=MOSCOW
        )
        qs = qs.filter(received_at__lt=end)
    if filters.deadline in DEADLINE_STATES:
        qs = qs.filter(DEADLINE_STATES[filters.deadline])
    if filters.assignee_id:
        qs = qs.filter(assignee_id=filters.assignee_id)
    if filters.unassigned:
        qs = qs.filter(assignee__isnull=True)
    if filters.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, paused_at__isnull=True, due_at__lt=now)
    if filters.due_soon:
        qs = qs.filter(
            status__in=OPEN_STATUSES,
            paused_at__isnull=True,
            due_soon_at__lte=now,
            due_at__gte=now,
        )
    if filters.query:
        qs = qs.filter(appeal_search_q(filters.query))
    return qs.select_related("branch", "assignee", "group").order_by("due_at", "id")


def appeal_search_q(query: str) -> Q:
    """Match a registration number exactly, a phone number, or words of the search text."""
    query = query.strip()
    phone = normalize_phone(query)
    if phone:
        return Q(contact_phone=phone) | Q(consumer__phone=phone)
    if any(ch.isdigit() for ch in query) and "-" in query and len(query) <= 16:
        return Q(number=query)
    q = Q()
    for word in search_key(query).split():
        q &= Q(search_text__contains=word)
    return q


def appeal_list_for_consumer(*, user: object) -> QuerySet[Appeal]:
    """Return the consumer's own appeals, newest first."""
    return appeal_list_visible(user=user).order_by("-received_at", "-id")


def deadline_state(appeal: Appeal, *, now: datetime | None = None) -> str:
    """'overdue', 'due_soon', 'paused', 'ok' for open appeals; '' for finished ones."""
    if appeal.status not in OPEN_STATUSES or appeal.due_at is None:
        return ""
    if appeal.paused_at is not None:
        return "paused"
    now = now or timezone.now()
    if appeal.due_at < now:
        return "overdue"
    if appeal.due_soon_at and appeal.due_soon_at <= now:
        return "due_soon"
    return "ok"


def attachment_get_for_user(*, user: object, attachment_id: int) -> AppealAttachment:
    """Return an attachment of an appeal the user may see; consumers never get internal
    files."""
    attachment = (
        AppealAttachment.objects.select_related("appeal")
        .filter(pk=attachment_id, appeal__in=appeal_list_visible(user=user))
        .first()
    )
    if attachment is None or (attachment.is_internal and user.role == Role.CONSUMER):  # type: ignore[attr-defined]
        raise NotFoundError("Файл не найден.")
    return attachment


def appeal_list_by_ids_for_user(
    *, user: object, appeal_ids: Iterable[int]
) -> QuerySet[Appeal]:
    """Return those of the given appeals the user may see (for bulk actions)."""
    return appeal_list_visible(user=user).filter(pk__in=list(appeal_ids)).order_by("id")


def appeal_list_for_consumer_card(
    *, user: object, consumer_id: int, limit: int = 100
) -> QuerySet[Appeal]:
    """Return the consumer's appeals the staff user may see, newest first."""
    return (
        appeal_list_visible(user=user)
        .filter(consumer_id=consumer_id)
        .select_related("assignee")
        .order_by("-received_at", "-id")[:limit]
    )


def appeal_assignee_list(*, branch_id: int | None) -> QuerySet[User]:
    """Return active staff who may work appeals, of the branch when one is given."""
    roles = [
        role for role, rights in ROLE_RIGHTS.items() if Right.APPEAL_WORK in rights
    ]
    staff = User.objects.filter(is_active=True, role__in=roles)
    if branch_id is not None:
        staff = staff.filter(branch_id=branch_id)
    return staff.order_by("full_name", "id")


@dataclass(frozen=True)
class AppealThread:
    """What an appeal card shows besides the appeal: history, messages (with their
    public files), internal notes and files attached to the appeal itself."""

    events: list[AppealEvent]
    messages: list[AppealMessage]
    notes: list[AppealNote]
    attachments: list[AppealAttachment]
    internal_attachments: list[AppealAttachment]


def appeal_thread_get(*, appeal: Appeal, include_internal: bool) -> AppealThread:
    """Return the appeal's history, messages and files; internal notes and files only
    when `include_internal` (staff). The caller has already checked access."""
    public_files = AppealAttachment.objects.filter(is_internal=False).order_by("id")
    messages = (
        AppealMessage.objects.filter(appeal=appeal)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=public_files))
    )
    files = list(
        AppealAttachment.objects.filter(appeal=appeal, message__isnull=True).order_by(
            "uploaded_at", "id"
        )
    )
    notes: list[AppealNote] = []
    if include_internal:
        notes = list(AppealNote.objects.filter(appeal=appeal).select_related("author"))
    return AppealThread(
        events=list(AppealEvent.objects.filter(appeal=appeal).select_related("actor")),
        messages=list(messages),
        notes=notes,
        attachments=[f for f in files if not f.is_internal],
        internal_attachments=[f for f in files if f.is_internal and include_internal],
    )
