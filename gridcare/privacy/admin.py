"""Operations: the retention rules are edited here (data, not code); requests,
history and logs are read-only."""

from django.contrib import admin

from gridcare.privacy.models import (
    Anonymisation,
    RetentionLogEntry,
    RetentionRule,
    SubjectRequest,
    SubjectRequestEvent,
)


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ("entity", "age", "age_unit", "action", "status_mark", "is_active")
    list_editable = ("is_active",)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(SubjectRequest)
class SubjectRequestAdmin(_ReadOnly):
    list_display = ("appeal", "type", "status", "decision", "created_at")
    list_filter = ("type", "status")


@admin.register(SubjectRequestEvent)
class SubjectRequestEventAdmin(_ReadOnly):
    list_display = ("request", "at", "action", "from_status", "to_status")


@admin.register(RetentionLogEntry)
class RetentionLogEntryAdmin(_ReadOnly):
    list_display = ("at", "rule", "count", "first_id", "last_id")


@admin.register(Anonymisation)
class AnonymisationAdmin(_ReadOnly):
    list_display = ("consumer", "at", "actor")
