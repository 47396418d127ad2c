"""Ops: PBXs and their operators' extensions, the voice menu (editable data), calls
(read-only)."""

from django.contrib import admin

from gridcare.telephony.models import (
    Call,
    CallEvent,
    IvrChoice,
    IvrNode,
    OperatorExtension,
    Pbx,
)


class OperatorExtensionInline(admin.TabularInline):
    model = OperatorExtension
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Pbx)
class PbxAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "created_at"]
    readonly_fields = ["key_prefix", "created_at"]
    fields = ["name", "is_active", "queue_topics", "key_prefix", "created_at"]
    inlines = [OperatorExtensionInline]

    def has_add_permission(self, request: object) -> bool:
        return False  # `gridcare telephony_pbx_add NAME` shows the key once


class IvrChoiceInline(admin.TabularInline):
    model = IvrChoice
    fk_name = "node"
    extra = 0


@admin.register(IvrNode)
class IvrNodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "action", "topic", "next_node", "is_root"]
    list_filter = ["action"]
    inlines = [IvrChoiceInline]


class CallEventInline(admin.TabularInline):
    model = CallEvent
    extra = 0
    can_delete = False
    readonly_fields = ["type", "at", "from_status", "to_status", "event_id", "data"]
    fields = readonly_fields


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = [
        "external_id",
        "caller",
        "started_at",
        "status",
        "handled_by",
        "topic",
        "operator",
        "self_service",
    ]
    list_filter = ["status", "handled_by", "topic", "pbx"]
    search_fields = ["external_id", "caller"]
    inlines = [CallEventInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
