"""Operators' admin for the registry's reference data. Appeals themselves are worked in
the back office (/staff/); here they are read-only."""

from django.contrib import admin

from gridcare.appeals.models import (
    Appeal,
    AppealEvent,
    ChannelSetting,
    DeadlineRule,
    WorkGroup,
)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = [
        "regime",
        "kind",
        "channel",
        "topic",
        "amount",
        "unit",
        "status_mark",
        "is_active",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["regime", "unit", "status_mark", "is_active"]


@admin.register(ChannelSetting)
class ChannelSettingAdmin(admin.ModelAdmin):
    list_display = ["channel", "service_form", "status_mark", "reference"]


@admin.register(WorkGroup)
class WorkGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "topic", "branch", "is_active"]
    list_filter = ["topic", "branch", "is_active"]


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "from_status", "to_status", "details"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "received_at",
        "channel",
        "category",
        "kind",
        "status",
        "branch",
        "due_at",
    ]
    list_filter = ["status", "channel", "category", "kind", "branch"]
    search_fields = ["number", "contact_phone", "contact_email"]
    inlines = [AppealEventInline]

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
