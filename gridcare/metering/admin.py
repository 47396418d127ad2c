from django.contrib import admin

from gridcare.metering.models import Meter, MeterReading, ReadingLimit, ReadingWindow


@admin.register(Meter)
class MeterAdmin(admin.ModelAdmin):
    list_display = [
        "serial_number",
        "model",
        "tariff_zones",
        "is_remote",
        "supply_point",
        "installed_on",
        "removed_on",
    ]
    list_filter = ["tariff_zones", "is_remote"]
    search_fields = ["serial_number"]
    raw_id_fields = ["supply_point"]


@admin.register(MeterReading)
class MeterReadingAdmin(admin.ModelAdmin):
    """Readings are accepted only through `reading_submit` (its checks, its
    consumption): the admin shows them and may delete a wrong one, nothing else."""

    list_display = [
        "meter",
        "taken_on",
        "value_t1",
        "value_t2",
        "value_t3",
        "consumption",
        "source",
        "submitted_by",
        "submitted_at",
    ]
    list_filter = ["source", "taken_on"]
    search_fields = ["meter__serial_number"]
    date_hierarchy = "taken_on"
    list_select_related = ["meter", "submitted_by"]
    raw_id_fields = ["meter", "submitted_by"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ReadingWindow)
class ReadingWindowAdmin(admin.ModelAdmin):
    list_display = [
        "branch",
        "valid_from",
        "day_from",
        "day_to",
        "staff_outside_window",
        "status_note",
    ]
    list_filter = ["branch"]


@admin.register(ReadingLimit)
class ReadingLimitAdmin(admin.ModelAdmin):
    list_display = [
        "branch",
        "valid_from",
        "load_factor",
        "daily_cap_kwh",
        "status_note",
    ]
    list_filter = ["branch"]
