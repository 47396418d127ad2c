"""Admin for ops: next year's decree and Tatarstan holidays are entered here as data.

Saves and deletes go through the services, which invalidate the in-memory calendar
of every process.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.models import CalendarDay, WorkSchedule
from gridcare.calendars.services import (
    calendar_day_delete,
    calendar_day_set,
    work_schedule_set,
)
from gridcare.calendars.terms import OFFICE_SCHEDULE_CODE


class YearListFilter(admin.SimpleListFilter):
    title = _("год")
    parameter_name = "year"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        years = (
            CalendarDay.objects.annotate(year=ExtractYear("date"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[CalendarDay]
    ) -> QuerySet[CalendarDay]:
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "region", "kind", "title", "status_mark", "reference"]
    list_filter = ["region", "kind", YearListFilter, "status_mark"]
    search_fields = ["title", "reference"]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["region", "date", "kind", "title"]}),
        (
            _("Источник"),
            {
                "fields": ["status_mark", "reference"],
                "description": _(
                    "Укажите метку достоверности и источник: постановление "
                    "Правительства РФ о переносе выходных, указ Раиса РТ или метку "
                    "из regulation.md (например, [R53])."
                ),
            },
        ),
    ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: CalendarDay | None = None
    ) -> list[str]:
        # The (region, date) pair is the key of the upsert: to move a day, delete it
        # and add the new date.
        return ["region", "date"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: ModelForm, change: bool
    ) -> None:
        saved = calendar_day_set(
            region=obj.region,
            date=obj.date,
            kind=obj.kind,
            title=obj.title,
            status_mark=obj.status_mark,
            reference=obj.reference,
        )
        obj.pk = saved.pk
        obj.created_at, obj.updated_at = saved.created_at, saved.updated_at

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar_day_delete(region=obj.region, date=obj.date)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[CalendarDay]
    ) -> None:
        for day in queryset:
            calendar_day_delete(region=day.region, date=day.date)


@admin.register(WorkSchedule)
class WorkScheduleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "title", "region", "day_start", "day_end"]
    list_filter = ["region"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: WorkSchedule | None = None
    ) -> list[str]:
        return ["code"] if obj is not None else []

    def has_delete_permission(
        self, request: HttpRequest, obj: WorkSchedule | None = None
    ) -> bool:
        # Working-hour deadlines fall back to the `office` schedule: keep it.
        if obj is not None and obj.code == OFFICE_SCHEDULE_CODE:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: WorkSchedule, form: ModelForm, change: bool
    ) -> None:
        saved = work_schedule_set(
            code=obj.code,
            title=obj.title,
            region=obj.region,
            day_start=obj.day_start,
            day_end=obj.day_end,
            shortened_by_minutes=obj.shortened_by_minutes,
        )
        obj.pk = saved.pk
        obj.created_at, obj.updated_at = saved.created_at, saved.updated_at
