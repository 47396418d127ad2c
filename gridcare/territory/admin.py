from django.contrib import admin

from gridcare.territory.models import (
    Branch,
    Building,
    DistrictGridUnit,
    Settlement,
    Street,
)


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(DistrictGridUnit)
class DistrictGridUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "code"]
    list_filter = ["branch"]


@admin.register(Settlement)
class SettlementAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district_unit"]
    list_filter = ["kind", "district_unit__branch"]
    search_fields = ["name"]


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "settlement"]
    search_fields = ["name"]
    raw_id_fields = ["settlement"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "postal_code"]
    search_fields = ["street__name", "number"]
    raw_id_fields = ["settlement", "street"]
