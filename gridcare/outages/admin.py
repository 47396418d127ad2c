"""Operations' view of outages: reference data that is data, not code (exclusion classes
for Пsaidi/Пsaifi ❓, notice lead time and dispatch thresholds ⚠️), and read-only
registers for support. Staff work outages in the back office (/staff/outages/)."""

from django.contrib import admin

from gridcare.outages.models import (
    ExclusionClass,
    Outage,
    OutageEvent,
    OutageSetting,
    PowerReport,
    ScheduleImport,
    Subscription,
)


@admin.register(ExclusionClass)
class ExclusionClassAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "counts_in_indicators", "status_mark", "reference"]
    list_editable = ["counts_in_indicators"]


@admin.register(OutageSetting)
class OutageSettingAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "notice_lead_hours",
        "suggestion_window_minutes",
        "suggestion_min_reports",
        "short_interruption_minutes",
        "status_mark",
    ]

    def has_add_permission(self, request: object) -> bool:
        return not OutageSetting.objects.exists()

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Outage)
class OutageAdmin(ReadOnly):
    list_display = [
        "pk",
        "kind",
        "status",
        "area_text",
        "started_at",
        "ended_at",
        "points_cut_off",
    ]
    list_filter = ["kind", "status", "branch"]
    search_fields = ["area_text", "external_id"]


@admin.register(OutageEvent)
class OutageEventAdmin(ReadOnly):
    list_display = ["at", "outage", "action", "from_status", "to_status", "actor"]


@admin.register(PowerReport)
class PowerReportAdmin(ReadOnly):
    list_display = ["reported_at", "channel", "address_text", "outage", "link_source"]
    list_filter = ["channel", "link_source"]


@admin.register(ScheduleImport)
class ScheduleImportAdmin(ReadOnly):
    list_display = [
        "uploaded_at",
        "file_name",
        "status",
        "created_count",
        "uploaded_by",
    ]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnly):
    list_display = ["label", "user", "email", "phone", "confirmed_at", "cancelled_at"]
    search_fields = ["email", "phone", "label"]
