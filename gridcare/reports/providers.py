"""Figures that come from apps still being built: telephone calls (contact centre,
issue 8), chatbot hand-offs and office visits. Each provider asks the owning app's
selector when it exists and otherwise says where its figures come from."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from gridcare.reports.models import PhoneServiceFigures

# Where the owning apps will publish their selectors (called if importable):
#   gridcare.telephony.selectors.call_stats(*, date_from, date_to) -> object with the
#       attributes of PhoneFigures below (calls_total, calls_by_operator, …);
#   gridcare.chatbot.selectors.chat_handoff_stats(*, date_from, date_to) ->
#       object with `answered_by_bot` and `handed_off` (in chatbot, not contact_centre:
#       Алсу's answers are chatbot records and contact_centre is below chatbot);
#   gridcare.offices.selectors.office_visit_stats(*, date_from, date_to) ->
#       dict[office_id, object with visitors, avg_wait_minutes, avg_service_minutes].
CALL_STATS = ("gridcare.telephony.selectors", "call_stats")
CHAT_STATS = ("gridcare.chatbot.selectors", "chat_handoff_stats")
VISIT_STATS = ("gridcare.offices.selectors", "office_visit_stats")


class Source:
    RECORDS = "records"  # counted from the system's own records
    MANUAL = "manual"  # entered by staff by hand (PhoneServiceFigures)
    NONE = "none"  # nothing known


def _selector(location: tuple[str, str]) -> Callable[..., Any] | None:
    module_name, name = location
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    found = getattr(module, name, None)
    return found if callable(found) else None


@dataclass(frozen=True)
class PhoneFigures:
    """Telephone service of a period (⚠️ rows reconstructed, regulation.md §1.7)."""

    source: str
    calls_total: int | None = None
    calls_by_operator: int | None = None
    calls_automatic: int | None = None
    calls_missed: int | None = None
    avg_wait_seconds: int | None = None
    avg_talk_seconds: int | None = None
    callbacks_within_4h_percent: Decimal | None = None
    note: str = ""


PHONE_FIELDS = (
    "calls_total",
    "calls_by_operator",
    "calls_automatic",
    "calls_missed",
    "avg_wait_seconds",
    "avg_talk_seconds",
    "callbacks_within_4h_percent",
)


def phone_figures(*, date_from: date, date_to: date) -> PhoneFigures:
    """Call figures from call records when the contact centre keeps them; otherwise
    the yearly figures staff entered by hand (for a whole calendar year only)."""
    selector = _selector(CALL_STATS)
    if selector is not None:
        stats = selector(date_from=date_from, date_to=date_to)
        if stats is not None:
            return PhoneFigures(
                source=Source.RECORDS,
                **{f: getattr(stats, f, None) for f in PHONE_FIELDS},
            )
    whole_year = (
        date_from.year == date_to.year
        and (date_from.month, date_from.day) == (1, 1)
        and (date_to.month, date_to.day) == (12, 31)
    )
    entered = (
        PhoneServiceFigures.objects.filter(year=date_from.year).first()
        if whole_year
        else None
    )
    if entered is None:
        return PhoneFigures(source=Source.NONE)
    return PhoneFigures(
        source=Source.MANUAL,
        note=entered.note,
        **{f: getattr(entered, f) for f in PHONE_FIELDS},
    )


@dataclass(frozen=True)
class ChatFigures:
    source: str
    answered_by_bot: int | None = None
    handed_off: int | None = None


def chat_figures(*, date_from: date, date_to: date) -> ChatFigures:
    """Chatbot answers versus hand-offs to an operator; none until chat
    conversations are recorded."""
    selector = _selector(CHAT_STATS)
    stats = selector(date_from=date_from, date_to=date_to) if selector else None
    if stats is None:
        return ChatFigures(source=Source.NONE)
    return ChatFigures(
        source=Source.RECORDS,
        answered_by_bot=stats.answered_by_bot,
        handed_off=stats.handed_off,
    )


@dataclass(frozen=True)
class VisitFigures:
    visitors: int | None
    avg_wait_minutes: Decimal | None
    avg_service_minutes: Decimal | None


def visit_figures(*, date_from: date, date_to: date) -> dict[int, VisitFigures]:
    """Visitors and average waiting / service time per office ({} until offices
    record visits)."""
    selector = _selector(VISIT_STATS)
    if selector is None:
        return {}
    stats = selector(date_from=date_from, date_to=date_to) or {}
    return {
        office_id: VisitFigures(
            visitors=getattr(s, "visitors", None),
            avg_wait_minutes=_decimal(getattr(s, "avg_wait_minutes", None)),
            avg_service_minutes=_decimal(getattr(s, "avg_service_minutes", None)),
        )
        for office_id, s in stats.items()
    }


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"))
