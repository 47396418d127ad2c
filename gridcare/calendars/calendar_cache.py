"""Per-process cache of the production calendar, invalidated across processes.

Deadline computation runs for hundreds of thousands of appeals in bulk loads, so the
calendar of a (region, year) is built once per process and kept in memory. Every
process compares a version number kept in Django's default cache (one cache lookup
per public call) and drops its memory when another process changed the calendar.
With the local-memory cache backend the version is not shared between processes;
production runs with REDIS_URL set, where it is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction

if TYPE_CHECKING:
    from gridcare.calendars.terms import ScheduleHours
    from gridcare.calendars.workdays import YearCalendar

VERSION_KEY = "calendars:version"

_UNSET = object()


@dataclass
class CalendarState:
    """What one process knows about the calendar at one version."""

    version: object = _UNSET
    years: dict[tuple[str, int], YearCalendar] = field(default_factory=dict)
    schedules: dict[str, ScheduleHours] = field(default_factory=dict)


_state = CalendarState()


def calendar_state() -> CalendarState:
    """Return this process's calendar memory, emptied if the shared version moved.

    This is the only place that reads the shared cache: one lookup per call.
    """
    global _state
    version = cache.get(VERSION_KEY)
    if version != _state.version:
        # Replace rather than clear: a thread still using the old object keeps a
        # consistent (if stale) view.
        _state = CalendarState(version=version)
    return _state


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except (ValueError, TypeError):
        # Missing key (first change, or evicted) or not a number: start from a
        # fresh token so that no process mistakes it for a version it holds.
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def calendar_cache_invalidate() -> None:
    """Make every process rebuild its calendar on its next call.

    Bumps the version now (this process sees its own uncommitted change at once) and
    again after commit, so that a process which rebuilt from the old committed rows
    in between does not keep them.
    """
    global _state
    _state = CalendarState()
    _bump_version()
    transaction.on_commit(_bump_version)


def calendar_cache_reset() -> None:
    """Forget this process's calendar without telling other processes.

    For tests, whose rolled-back transactions leave no committed change to announce.
    """
    global _state
    _state = CalendarState()


def calendar_changed_receiver(**kwargs: Any) -> None:
    """post_save / post_delete of CalendarDay and WorkSchedule.

    A signal only for derived data within this app (STYLE §5): the in-memory calendar
    is a copy of these rows, so any write — services, admin, shell, loaddata — must
    drop it. Connected in `CalendarsConfig.ready()`.
    """
    calendar_cache_invalidate()
