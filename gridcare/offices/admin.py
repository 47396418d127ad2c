from django.contrib import admin

from gridcare.offices.models import (
    Appointment,
    Office,
    OfficeEvent,
    OfficeHours,
    OfficeService,
    Visit,
)


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHours
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "branch", "address", "desks", "is_active"]
    list_filter = ["kind", "branch", "is_active"]
    search_fields = ["name", "address"]
    filter_horizontal = ["appointment_services"]
    inlines = [OfficeHoursInline]


@admin.register(OfficeService)
class OfficeServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slot_minutes", "order", "is_active"]
    list_editable = ["slot_minutes", "order", "is_active"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["code", "office", "service", "starts_at", "status"]
    list_filter = ["status", "office__branch"]
    search_fields = ["code"]
    raw_id_fields = ["user", "office"]
    readonly_fields = ["created_at", "reminded_at", "closed_at"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "office", "day", "status", "arrived_at", "called_at"]
    list_filter = ["status", "office__branch"]
    date_hierarchy = "day"
    raw_id_fields = ["office", "appointment", "served_by"]


@admin.register(OfficeEvent)
class OfficeEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "appointment", "visit", "actor"]
    list_filter = ["action"]
    raw_id_fields = ["appointment", "visit", "actor"]
