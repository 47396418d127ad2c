from django.contrib import admin

from gridcare.reports.models import (
    ExportJob,
    PhoneServiceFigures,
    ReportSubscription,
    Table41Row,
)


@admin.register(PhoneServiceFigures)
class PhoneServiceFiguresAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "calls_total",
        "calls_by_operator",
        "calls_automatic",
        "note",
    ]


@admin.register(Table41Row)
class Table41RowAdmin(admin.ModelAdmin):
    list_display = ["order", "number", "title", "filters", "status_mark", "reference"]
    list_display_links = ["number", "title"]


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "report",
        "frequency",
        "recipients",
        "branch",
        "is_active",
        "last_sent_on",
    ]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "owner", "status", "done", "total", "created_at"]
    readonly_fields = ["params", "error"]
