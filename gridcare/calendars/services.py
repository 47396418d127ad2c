"""Writes to the production calendar: the only code path for admins and imports.

Every write invalidates the in-memory calendar of all processes (calendar_cache.py),
so a decree entered in the admin applies to the next deadline computed anywhere.
"""

from datetime import date as Date
from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.calendar_cache import calendar_cache_invalidate
from gridcare.calendars.models import CalendarDay, WorkSchedule
from gridcare.calendars.workdays import CalendarError


def _raise_calendar_error(error: ValidationError) -> None:
    messages = [str(message) for message in error.messages]
    raise CalendarError(" ".join(messages), code="calendar_invalid") from error


@transaction.atomic
def calendar_day_set(
    *,
    region: str,
    date: Date,
    kind: str,
    title: str,
    status_mark: str,
    reference: str,
) -> CalendarDay:
    """Create or replace the override of `date` in `region`.

    Preconditions: a known region, kind and status mark; a title; a reference tag
    (e.g. "[R53]" or the decree's number) so that every value carries its source.
    """
    day = (
        CalendarDay.objects.select_for_update().filter(region=region, date=date).first()
    )
    if day is None:
        day = CalendarDay(region=region, date=date)
    day.kind = kind
    day.title = title.strip()
    day.status_mark = status_mark
    day.reference = reference.strip()
    try:
        day.full_clean()
    except ValidationError as error:
        _raise_calendar_error(error)
    if day.pk is None:
        day.save()
    else:
        day.save(
            update_fields=["kind", "title", "status_mark", "reference", "updated_at"]
        )
    calendar_cache_invalidate()
    return day


@transaction.atomic
def calendar_day_delete(*, region: str, date: Date) -> None:
    """Remove the override of `date` in `region`; the base calendar applies again.

    Precondition: the override exists.
    """
    deleted, _by_model = CalendarDay.objects.filter(region=region, date=date).delete()
    if not deleted:
        raise CalendarError(
            str(_("Для даты %(date)s в регионе %(region)s нет записи календаря."))
            % {"date": f"{date:%d.%m.%Y}", "region": region},
            code="calendar_day_not_found",
        )
    calendar_cache_invalidate()


@transaction.atomic
def work_schedule_set(
    *,
    code: str,
    title: str,
    region: str,
    day_start: time,
    day_end: time,
    shortened_by_minutes: int,
) -> WorkSchedule:
    """Create or replace the work schedule `code` used for working-hour deadlines.

    Preconditions: the day starts before it ends; the shortening is shorter than
    the day.
    """
    schedule = WorkSchedule.objects.select_for_update().filter(code=code).first()
    if schedule is None:
        schedule = WorkSchedule(code=code)
    schedule.title = title.strip()
    schedule.region = region
    schedule.day_start = day_start
    schedule.day_end = day_end
    schedule.shortened_by_minutes = shortened_by_minutes
    try:
        schedule.full_clean()
    except ValidationError as error:
        _raise_calendar_error(error)
    if schedule.pk is None:
        schedule.save()
    else:
        schedule.save(
            update_fields=[
                "title",
                "region",
                "day_start",
                "day_end",
                "shortened_by_minutes",
                "updated_at",
            ]
        )
    calendar_cache_invalidate()
    return schedule
