from django.contrib import admin

from gridcare.contact_centre.models import (
    CallbackRequest,
    CannedReply,
    ChatSetting,
    LiveChat,
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
    readonly_fields = ("created_at", "due_at", "appeal", "live_chat", "user")
