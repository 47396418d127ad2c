from django.contrib import admin

from gridcare.chatbot.models import BotMessage, Conversation


class BotMessageInline(admin.TabularInline):
    model = BotMessage
    extra = 0
    can_delete = False
    fields = ("created_at", "author", "kind", "text", "article_id", "confidence")
    readonly_fields = fields


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("pk", "channel", "state", "user", "topic", "appeal", "started_at")
    list_filter = ("channel", "state", "topic")
    readonly_fields = [f.name for f in Conversation._meta.fields]
    inlines = [BotMessageInline]
