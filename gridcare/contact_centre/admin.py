from django.contrib import admin

from gridcare.contact_centre.models import (
    CallbackRequest,
    CannedReply,
    ChatSetting,
    Interaction,
    LiveChat,
    OperatorProfile,
    RoutingRule,
    RoutingSetting,
    Script,
    WrapUpCode,
)


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ("title", "topic", "order", "is_active")
    list_filter = ("topic", "is_active")


@admin.register(ChatSetting)
class ChatSettingAdmin(admin.ModelAdmin):
    list_display = ("max_chats_per_specialist",)


@admin.register(LiveChat)
class LiveChatAdmin(admin.ModelAdmin):
    list_display = ("pk", "topic", "status", "specialist", "created_at", "appeal")
    list_filter = ("topic", "status")
    readonly_fields = [f.name for f in LiveChat._meta.fields]


@admin.register(CallbackRequest)
class CallbackRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "name", "phone", "topic", "status", "due_at")
    list_filter = ("status", "topic")
    readonly_fields = (
        "created_at",
        "due_at",
        "appeal",
        "live_chat",
        "user",
        "taken_by",
        "taken_at",
        "done_by",
        "done_at",
    )


@admin.register(OperatorProfile)
class OperatorProfileAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "topics",
        "segments",
        "languages",
        "call_capacity",
        "chat_capacity",
        "appeal_capacity",
        "status",
    )
    list_filter = ("status",)
    readonly_fields = ("status", "status_since", "idle_since", "last_assigned_at")


@admin.register(WrapUpCode)
class WrapUpCodeAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "order", "is_active")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = (
        "topic",
        "after_seconds",
        "widen_to_topic",
        "any_operator",
        "any_language",
        "is_active",
    )


@admin.register(RoutingSetting)
class RoutingSettingAdmin(admin.ModelAdmin):
    list_display = (
        "repeat_24h_boost",
        "repeat_7d_boost",
        "outage_boost",
        "service_level_seconds",
        "service_level_target",
    )


@admin.register(Script)
class ScriptAdmin(admin.ModelAdmin):
    list_display = ("title", "topic", "order", "is_active")
    list_filter = ("topic", "is_active")


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "caller", "topic", "status", "operator", "queued_at")
    list_filter = ("kind", "topic", "status")
    readonly_fields = [f.name for f in Interaction._meta.fields]
