from django.contrib import admin
from django.http import HttpRequest

from gridcare.chatbot.models import (
    BotMessage,
    Conversation,
    KbArticle,
    KbArticleVersion,
    KbMissGroup,
)


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


class KbArticleVersionInline(admin.TabularInline):
    model = KbArticleVersion
    extra = 0
    can_delete = False
    fields = ("number", "topic", "title", "author", "created_at", "comment")
    readonly_fields = fields


@admin.register(KbArticle)
class KbArticleAdmin(admin.ModelAdmin):
    """Ops view only: articles are edited at /staff/kb/ (versions are append-only)."""

    list_display = (
        "slug",
        "status",
        "current_version",
        "published_version",
        "updated_at",
    )
    list_filter = ("status",)
    search_fields = ("slug",)
    readonly_fields = [f.name for f in KbArticle._meta.fields]
    inlines = [KbArticleVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(KbMissGroup)
class KbMissGroupAdmin(admin.ModelAdmin):
    list_display = ("pk", "size", "nearest_article", "resolution", "computed_at")
    list_filter = ("resolution",)
    readonly_fields = [f.name for f in KbMissGroup._meta.fields]
