from django.contrib import admin

from gridcare.consumers.models import (
    Consent,
    ConsentText,
    Consumer,
    ConsumerAccount,
    PersonalDataAccess,
    SupplyPoint,
)


@admin.register(Consumer)
class ConsumerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "phone", "email", "inn"]
    raw_id_fields = ["user"]


@admin.register(ConsumerAccount)
class ConsumerAccountAdmin(admin.ModelAdmin):
    list_display = ["number", "consumer", "branch", "is_active"]
    search_fields = ["number"]
    raw_id_fields = ["consumer"]


@admin.register(SupplyPoint)
class SupplyPointAdmin(admin.ModelAdmin):
    list_display = ["code", "account", "voltage_level", "max_power_kw"]
    search_fields = ["code", "account__number"]
    raw_id_fields = ["account", "building"]


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["purpose", "version", "is_required", "valid_from"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["consumer", "text", "given_at", "withdrawn_at", "channel"]
    raw_id_fields = ["consumer"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The data protection officer searches who viewed whose data."""

    list_display = [
        "at",
        "user",
        "action",
        "consumer",
        "object_type",
        "object_id",
        "ip_address",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["user__email", "consumer__name", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
