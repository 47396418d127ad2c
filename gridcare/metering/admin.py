from django.contrib import admin

from gridcare.metering.models import Meter


@admin.register(Meter)
class MeterAdmin(admin.ModelAdmin):
    list_display = [
        "serial_number",
        "model",
        "tariff_zones",
        "is_remote",
        "supply_point",
    ]
    search_fields = ["serial_number"]
    raw_id_fields = ["supply_point"]
