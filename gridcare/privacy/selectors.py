"""Reads of the privacy app. `subject_request_get_for_user` is the one permission-checked
lookup of a request: the subject sees their own, the data protection officer all,
everyone else gets NotFoundError."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from gridcare.calendars.terms import MOSCOW
from gridcare.consumers.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    Consumer,
    PersonalDataAccess,
)
from gridcare.core.errors import NotFoundError
from gridcare.privacy.models import RetentionLogEntry, RetentionRule, SubjectRequest
from gridcare.privacy.rights import is_privacy_officer


def _requests() -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.select_related("appeal", "consumer").order_by(
        "-created_at", "-id"
    )


def subject_request_list_for_user(*, user: object) -> QuerySet[SubjectRequest]:
    """The requests the user may see: a consumer their own, the officer all."""
    if is_privacy_officer(user):
        return _requests()
    if getattr(user, "is_consumer", False):
        return _requests().filter(consumer__user=user)  # type: ignore[misc]
    return SubjectRequest.objects.none()


def subject_request_get_for_user(*, user: object, request_id: int) -> SubjectRequest:
    """The request with its appeal and history, if the user may see it; else
    NotFoundError (never tells which)."""
    request = (
        subject_request_list_for_user(user=user)
        .prefetch_related("events__actor")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotFoundError(_("Запрос не найден."))
    return request


def consumer_get_for_officer(*, user: object, consumer_id: int) -> Consumer:
    """A consumer for the officer's screens (the officer sees every consumer)."""
    consumer = (
        Consumer.objects.filter(pk=consumer_id).first()
        if is_privacy_officer(user)
        else None
    )
    if consumer is None:
        raise NotFoundError(_("Потребитель не найден."))
    return consumer


@dataclass(frozen=True)
class AccessLogFilters:
    consumer_id: int | None = None
    user_query: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def access_log_search(*, filters: AccessLogFilters) -> QuerySet[PersonalDataAccess]:
    """Entries of the personal-data access log, newest first; the period is in
    Moscow days, both ends included."""
    qs = PersonalDataAccess.objects.select_related("user", "consumer").order_by(
        "-at", "-id"
    )
    if filters.consumer_id:
        qs = qs.filter(consumer_id=filters.consumer_id)
    query = " ".join(filters.user_query.split())
    if query:
        match = Q(user__email__icontains=query) | Q(user__phone__icontains=query)
        for spelling in {query, query.lower(), query.capitalize()}:
            match |= Q(user__full_name__icontains=spelling)
        qs = qs.filter(match)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.date_from:
        qs = qs.filter(at__gte=datetime.combine(filters.date_from, time.min, MOSCOW))
    if filters.date_to:
        qs = qs.filter(at__lte=datetime.combine(filters.date_to, time.max, MOSCOW))
    return qs


@dataclass(frozen=True)
class ConsentCount:
    purpose: str
    label: str
    given: int
    withdrawn: int

    @property
    def active(self) -> int:
        return self.given - self.withdrawn


def consent_report() -> list[ConsentCount]:
    """Per purpose: how many consents were given and how many of them withdrawn."""
    rows = {
        row["text__purpose"]: row
        for row in Consent.objects.values("text__purpose").annotate(
            given=Count("id"),
            withdrawn=Count("id", filter=Q(withdrawn_at__isnull=False)),
        )
    }
    return [
        ConsentCount(
            purpose=p.value,
            label=str(p.label),
            given=rows.get(p.value, {}).get("given", 0),
            withdrawn=rows.get(p.value, {}).get("withdrawn", 0),
        )
        for p in ConsentPurpose
    ]


def consent_history_for_consumer(*, consumer: Consumer) -> QuerySet[Consent]:
    """Every consent of the consumer, given and withdrawn, with its text version."""
    return (
        Consent.objects.filter(consumer=consumer)
        .select_related("text")
        .order_by("text__purpose", "-given_at", "-id")
    )


def consent_text_versions() -> QuerySet[ConsentText]:
    return ConsentText.objects.order_by("purpose", "-version")


def retention_rules() -> QuerySet[RetentionRule]:
    return RetentionRule.objects.order_by("entity")


def retention_log(limit: int = 100) -> list[RetentionLogEntry]:
    return list(RetentionLogEntry.objects.select_related("rule")[:limit])
