"""Ops editing of the catalogue: prices, VAT rates, terms and passports are data."""

from typing import Any

from django.contrib import admin

from gridcare.service_requests.models import (
    PASSPORT_FIELDS,
    Service,
    ServiceCategory,
    ServiceOrder,
    ServiceOrderEvent,
    ServicePassportField,
    ServicePassportStage,
    VatRate,
)


@admin.register(VatRate)
class VatRateAdmin(admin.ModelAdmin):
    list_display = ("rate", "valid_from", "valid_to", "legal_basis")


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "order")
    prepopulated_fields = {"code": ("title",)}


class PassportFieldInline(admin.TabularInline):
    model = ServicePassportField
    extra = 0

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "field" and field is not None:
            field.help_text = "ЕСКО, Приложение 1: " + "; ".join(PASSPORT_FIELDS)
        return field


class PassportStageInline(admin.TabularInline):
    model = ServicePassportStage
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "category",
        "price",
        "price_includes_vat",
        "term_working_days",
        "is_active",
        "published_at",
        "version",
        "is_sample",
    )
    list_filter = ("category", "is_active", "is_sample")
    search_fields = ("title", "code")
    inlines = [PassportFieldInline, PassportStageInline]


class OrderEventInline(admin.TabularInline):
    model = ServiceOrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "action", "from_status", "to_status", "details")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ServiceOrder)
class ServiceOrderAdmin(admin.ModelAdmin):
    """Read-only for ops: orders move only through the back office (services)."""

    list_display = ("__str__", "status", "ordered_at", "amount_total", "due_at")
    list_filter = ("status",)
    inlines = [OrderEventInline]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
