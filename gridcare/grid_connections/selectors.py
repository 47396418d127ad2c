"""Reads of grid connection applications. Every view and endpoint reaches an
application through `connection_application_get_for_user`, so the access rules live
here only."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.models import Role, User
from gridcare.accounts.roles import ROLE_RIGHTS, Right, has_right
from gridcare.core.errors import NotFoundError
from gridcare.grid_connections.codes import Status
from gridcare.grid_connections.models import (
    ApplianceType,
    ApplicationEvent,
    ApplicationFile,
    ApplicationStage,
    ConnectionApplication,
    CorrectionRequest,
    GeneratedDocument,
    PowerProfile,
    SpecialGroup,
    TechnicalConditions,
    WorksRecord,
)
from gridcare.grid_connections.workflow import OPEN_STATUSES


def connection_application_visibility_q(user: object) -> Q | None:
    """The filter of applications `user` may see; None means none at all.

    Consumers see their own; staff with the view right see their branch (all branches
    with the all-branches right or without a branch), plus drafts they started."""
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return None
    if user.role == Role.CONSUMER:  # type: ignore[attr-defined]
        return Q(consumer__user=user)
    if not has_right(user, Right.CONNECTION_VIEW):
        return None
    filed = ~Q(status=Status.DRAFT)
    branch_id = user.branch_id  # type: ignore[attr-defined]
    if branch_id is not None and not has_right(
        user, Right.CONNECTION_VIEW_ALL_BRANCHES
    ):
        filed &= Q(branch_id=branch_id) | Q(assignee=user)
    return filed | Q(created_by=user)


def connection_application_list_visible(
    *, user: object
) -> QuerySet[ConnectionApplication]:
    q = connection_application_visibility_q(user)
    if q is None:
        return ConnectionApplication.objects.none()
    return ConnectionApplication.objects.filter(q)


def connection_application_get_for_user(
    *, user: object, application_id: int
) -> ConnectionApplication:
    """Return the application if `user` may see it; else NotFoundError (never tells
    which)."""
    application = (
        connection_application_list_visible(user=user)
        .select_related("consumer", "branch", "assignee", "settlement")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFoundError(_("Заявка не найдена."))
    return application


def connection_application_list_for_consumer(
    *, user: object
) -> QuerySet[ConnectionApplication]:
    """Return the consumer's own applications (drafts too), newest first, with their
    stages."""
    return (
        connection_application_list_visible(user=user)
        .prefetch_related("stages")
        .order_by("-created_at", "-id")
    )


def _overdue_stage_q(now: datetime) -> Exists:
    return Exists(
        ApplicationStage.objects.filter(
            application=OuterRef("pk"),
            completed_at__isnull=True,
            paused_at__isnull=True,
            due_at__lt=now,
        )
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    branch_id: int | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    overdue: bool = False
    query: str = ""


def connection_application_list_for_queue(
    *, user: object, filters: QueueFilters, now: datetime | None = None
) -> QuerySet[ConnectionApplication]:
    """Return the engineers' queue: visible filed applications narrowed by the
    filters, the nearest running deadline first; each row has `next_due_at` and
    `is_overdue`."""
    now = now or timezone.now()
    qs = connection_application_list_visible(user=user).exclude(status=Status.DRAFT)
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.branch_id:
        qs = qs.filter(branch_id=filters.branch_id)
    if filters.assignee_id:
        qs = qs.filter(assignee_id=filters.assignee_id)
    if filters.unassigned:
        qs = qs.filter(assignee__isnull=True)
    if filters.overdue:
        qs = qs.filter(_overdue_stage_q(now))
    query = filters.query.strip()
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(applicant_name__icontains=query)
            | Q(contact_phone__contains=query)
        )
    return (
        qs.annotate(
            next_due_at=Min(
                "stages__due_at",
                filter=Q(stages__completed_at__isnull=True),
            ),
            is_overdue=_overdue_stage_q(now),
        )
        .select_related("branch", "assignee")
        .order_by("next_due_at", "registered_at", "id")
    )


def connection_engineer_list(*, branch_id: int | None) -> QuerySet[User]:
    """Active staff who may process applications, of the branch when one is given."""
    roles = [r for r, rights in ROLE_RIGHTS.items() if Right.CONNECTION_WORK in rights]
    staff = User.objects.filter(is_active=True, role__in=roles)
    if branch_id is not None:
        staff = staff.filter(Q(branch_id=branch_id) | Q(branch__isnull=True))
    return staff.order_by("full_name", "id")


@dataclass(frozen=True)
class ApplicationCard:
    """Everything a card shows besides the application itself."""

    stages: list[ApplicationStage]
    events: list[ApplicationEvent]
    files: list[ApplicationFile]
    documents: list[GeneratedDocument]
    corrections: list[CorrectionRequest]
    works: list[WorksRecord]
    technical_conditions: TechnicalConditions | None


def connection_application_card_get(
    *, application: ConnectionApplication
) -> ApplicationCard:
    """Return the application's stages, history, files, documents, corrections, works
    and current TU. The caller has already checked access."""
    return ApplicationCard(
        stages=list(application.stages.all()),
        events=list(
            ApplicationEvent.objects.filter(application=application).select_related(
                "actor"
            )
        ),
        files=list(application.files.all()),
        documents=list(application.documents.order_by("kind", "-version")),
        corrections=list(application.corrections.select_related("requested_by")),
        works=list(application.works.select_related("recorded_by")),
        technical_conditions=application.technical_conditions.order_by(
            "-version"
        ).first(),
    )


def connection_document_get_for_user(
    *, user: object, document_id: int
) -> GeneratedDocument:
    """Return an issued document of an application the user may see."""
    visible = connection_application_list_visible(user=user)
    document = (
        GeneratedDocument.objects.select_related("application")
        .filter(pk=document_id, application__in=visible)
        .first()
    )
    if document is None:
        raise NotFoundError(_("Документ не найден."))
    return document


def application_file_get_for_user(*, user: object, file_id: int) -> ApplicationFile:
    """Return an attached file of an application the user may see."""
    visible = connection_application_list_visible(user=user)
    row = (
        ApplicationFile.objects.select_related("application")
        .filter(pk=file_id, application__in=visible)
        .first()
    )
    if row is None:
        raise NotFoundError(_("Файл не найден."))
    return row


def appliance_list() -> QuerySet[ApplianceType]:
    """Return the active appliances of the required-power calculator."""
    return ApplianceType.objects.filter(is_active=True).order_by("order", "name")


def power_profile_list() -> QuerySet[PowerProfile]:
    return PowerProfile.objects.order_by("order", "name")


def special_group_list() -> QuerySet[SpecialGroup]:
    return SpecialGroup.objects.order_by("clause")


def document_list_current(
    application: ConnectionApplication,
) -> QuerySet[GeneratedDocument]:
    return application.documents.filter(superseded_at__isnull=True).order_by("id")


def application_stages_prefetch() -> Prefetch:
    return Prefetch("stages", queryset=ApplicationStage.objects.order_by("id"))
