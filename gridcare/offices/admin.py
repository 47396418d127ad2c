from django.contrib import admin

from gridcare.offices.models import Office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "branch", "address", "is_active"]
    list_filter = ["kind", "branch", "is_active"]
    search_fields = ["name", "address"]
