"""Reads of telephony: what the voice menu may tell a caller, call statistics."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from gridcare.appeals.models import Appeal
from gridcare.contact_centre.models import CallbackRequest, CallbackStatus
from gridcare.contact_centre.workflow import CALLBACK_HOURS
from gridcare.core.text import normalize_phone
from gridcare.telephony.models import Call, HandledBy, Pbx

MOSCOW = ZoneInfo("Europe/Moscow")


def appeal_for_caller(*, number: str, caller: str) -> Appeal | None:
    """The registered appeal `number` if the caller's number is the appeal's contact
    phone or its consumer's phone; None otherwise (never telling which). A hidden or
    foreign caller ID hears nothing: the status of an appeal is personal data."""
    phone = normalize_phone(caller)
    if not phone:
        return None
    appeal = (
        Appeal.objects.select_related("consumer").filter(number=number.strip()).first()
    )
    if appeal is None:
        return None
    phones = {normalize_phone(appeal.contact_phone)}
    if appeal.consumer is not None:
        phones.add(normalize_phone(appeal.consumer.phone))
    return appeal if phone in phones else None


@dataclass
class CallFigures:
    """Figures of a set of calls: how many, handled how, service level, waits."""

    label: str
    calls: int = 0
    automated: int = 0
    queued: int = 0
    answered: int = 0
    abandoned: int = 0
    answered_in_target: int = 0
    wait_total: float = 0.0
    talk_total: float = 0.0

    @property
    def automated_share(self) -> float | None:
        return self.automated / self.calls if self.calls else None

    @property
    def service_level(self) -> float | None:
        """Answered within the target over answered plus abandoned (abandoned calls
        count against the level whatever their wait)."""
        offered = self.answered + self.abandoned
        return self.answered_in_target / offered if offered else None

    @property
    def average_wait(self) -> float | None:
        return self.wait_total / self.answered if self.answered else None

    @property
    def average_talk(self) -> float | None:
        return self.talk_total / self.answered if self.answered else None

    def add(self, call: Call, target_seconds: int) -> None:
        self.calls += 1
        if call.handled_by == HandledBy.IVR:
            self.automated += 1
        if call.queued_at is not None:
            self.queued += 1
        if call.handled_by == HandledBy.ABANDONED:
            self.abandoned += 1
        if call.answered_at is not None:
            self.answered += 1
            wait = call.wait_seconds or 0.0
            self.wait_total += wait
            self.talk_total += call.talk_seconds or 0.0
            if wait <= target_seconds:
                self.answered_in_target += 1


@dataclass
class CallDay:
    day: date
    total: CallFigures
    hours: list[CallFigures] = field(default_factory=list)


def call_day_figures(
    *, day: date, pbx: Pbx | None = None, target_seconds: int = 20
) -> CallDay:
    """Figures of the calls that started on `day` (Moscow time), in total and per
    hour: calls, handled automatically, answered, abandoned, service level
    (answered within `target_seconds`), average wait and talk time."""
    start = datetime.combine(day, time(0, 0), tzinfo=MOSCOW)
    calls = Call.objects.filter(
        started_at__gte=start, started_at__lt=start + timedelta(days=1)
    )
    if pbx is not None:
        calls = calls.filter(pbx=pbx)
    result = CallDay(
        day=day,
        total=CallFigures("Итого"),
        hours=[CallFigures(f"{h:02d}:00") for h in range(24)],
    )
    for call in calls.only(
        "started_at", "handled_by", "queued_at", "answered_at", "ended_at"
    ).iterator():
        hour = call.started_at.astimezone(MOSCOW).hour
        result.total.add(call, target_seconds)
        result.hours[hour].add(call, target_seconds)
    return result


# ---- period figures for the reports (reports.providers.CALL_STATS) ------------------


@dataclass(frozen=True)
class CallStats:
    """Telephone service over a period (Приложение 7, «Телефон» dashboard)."""

    calls_total: int
    calls_by_operator: int
    calls_automatic: int
    calls_missed: int
    avg_wait_seconds: int | None
    avg_talk_seconds: int | None
    callbacks_within_4h_percent: Decimal | None


def _average_seconds(total: timedelta | None, count: int) -> int | None:
    if not count:
        return None
    micro = (total or timedelta()) // timedelta(microseconds=1)
    return int((Decimal(micro) / count / 1_000_000).quantize(Decimal(1), ROUND_HALF_UP))


def call_stats(
    *, date_from: date, date_to: date, now: datetime | None = None
) -> CallStats | None:
    """Figures of the calls that started on `date_from`…`date_to` (Moscow dates,
    inclusive); None when no call was recorded then (the reports fall back to the
    figures entered by hand).

    * total — every call; by operator / automatic (ended in the voice menu) /
      missed (hung up in the queue) — by `handled_by`;
    * average wait — queue → operator's answer over answered calls (0 for a call
      answered without a queue), as `CallFigures.average_wait`; average talk — answer
      → end over answered calls that ended; both rounded half up to whole seconds;
    * call-backs within 4 h — call-back requests created in the period, not
      cancelled, and done or already due: the share done within 4 hours of the
      request, %, rounded half up to 0.1.

    Two grouped queries (calls, call-back requests), whatever the period."""
    start = datetime.combine(date_from, time(0, 0), tzinfo=MOSCOW)
    end = datetime.combine(date_to + timedelta(days=1), time(0, 0), tzinfo=MOSCOW)
    answered = Q(answered_at__isnull=False)
    waited = answered & Q(queued_at__isnull=False)
    talked = answered & Q(ended_at__isnull=False)
    calls = Call.objects.filter(started_at__gte=start, started_at__lt=end).aggregate(
        total=Count("id"),
        operator=Count("id", filter=Q(handled_by=HandledBy.OPERATOR)),
        automatic=Count("id", filter=Q(handled_by=HandledBy.IVR)),
        missed=Count("id", filter=Q(handled_by=HandledBy.ABANDONED)),
        answered=Count("id", filter=answered),
        wait=Sum(
            ExpressionWrapper(F("answered_at") - F("queued_at"), DurationField()),
            filter=waited,
        ),
        talked=Count("id", filter=talked),
        talk=Sum(
            ExpressionWrapper(F("ended_at") - F("answered_at"), DurationField()),
            filter=talked,
        ),
    )
    if not calls["total"]:
        return None
    taken = ExpressionWrapper(F("done_at") - F("created_at"), DurationField())
    callbacks = (
        CallbackRequest.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(status=CallbackStatus.CANCELLED)
        .filter(Q(status=CallbackStatus.DONE) | Q(due_at__lte=now or timezone.now()))
        .annotate(taken=taken)
        .aggregate(
            n=Count("id"),
            within=Count(
                "id",
                filter=Q(
                    status=CallbackStatus.DONE,
                    done_at__isnull=False,
                    taken__lte=timedelta(hours=CALLBACK_HOURS),
                ),
            ),
        )
    )
    within = (
        (Decimal(callbacks["within"]) * 100 / callbacks["n"]).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
        if callbacks["n"]
        else None
    )
    return CallStats(
        calls_total=calls["total"],
        calls_by_operator=calls["operator"],
        calls_automatic=calls["automatic"],
        calls_missed=calls["missed"],
        avg_wait_seconds=_average_seconds(calls["wait"], calls["answered"]),
        avg_talk_seconds=_average_seconds(calls["talk"], calls["talked"]),
        callbacks_within_4h_percent=within,
    )
