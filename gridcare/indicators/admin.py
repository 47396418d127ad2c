"""The editable data of the indicators (ops and reference staff): exclusion rules,
yearly point counts, the Птпр formula, customer-service parameters, score bands,
weights and the form 8.1 layout. Each row shows its status mark (✅/⚠️/❓)."""

from django.contrib import admin

from gridcare.indicators.models import (
    ConnectionFormula,
    ConnectionFormulaTerm,
    ExclusionRule,
    Form81Column,
    ScoreBand,
    ServiceParameter,
    ServiceParameterValue,
    SubIndicatorWeight,
    SupplyPointCount,
)


@admin.register(ExclusionRule)
class ExclusionRuleAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "minutes",
        "notice_hours",
        "codes",
        "is_active",
        "status_mark",
    )
    list_editable = ("is_active",)
    list_filter = ("kind", "is_active")


@admin.register(SupplyPointCount)
class SupplyPointCountAdmin(admin.ModelAdmin):
    list_display = (
        "year",
        "voltage_level",
        "points",
        "note",
        "entered_by",
        "updated_at",
    )
    list_filter = ("year", "voltage_level")
    readonly_fields = ("entered_by", "updated_at")


class ConnectionFormulaTermInline(admin.TabularInline):
    model = ConnectionFormulaTerm
    extra = 1


@admin.register(ConnectionFormula)
class ConnectionFormulaAdmin(admin.ModelAdmin):
    list_display = ("name", "valid_from_year", "constant", "is_active", "status_mark")
    inlines = [ConnectionFormulaTermInline]


@admin.register(ServiceParameter)
class ServiceParameterAdmin(admin.ModelAdmin):
    list_display = (
        "sub_indicator",
        "number",
        "name",
        "measure",
        "unit",
        "direction",
        "weight",
        "is_active",
        "status_mark",
    )
    list_filter = ("sub_indicator", "is_active")


@admin.register(ServiceParameterValue)
class ServiceParameterValueAdmin(admin.ModelAdmin):
    list_display = ("year", "parameter", "plan", "fact", "entered_by", "updated_at")
    list_filter = ("year", "parameter__sub_indicator")
    readonly_fields = ("entered_by", "updated_at")


@admin.register(ScoreBand)
class ScoreBandAdmin(admin.ModelAdmin):
    list_display = ("direction", "ratio_from", "ratio_to", "score", "status_mark")
    list_filter = ("direction",)


@admin.register(SubIndicatorWeight)
class SubIndicatorWeightAdmin(admin.ModelAdmin):
    list_display = ("sub_indicator", "weight", "status_mark")


@admin.register(Form81Column)
class Form81ColumnAdmin(admin.ModelAdmin):
    list_display = ("order", "header", "field", "is_active", "status_mark")
    list_editable = ("is_active",)
