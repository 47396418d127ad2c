from django.contrib import admin

from gridcare.notifications.models import (
    DeliveryAttempt,
    Notification,
    NotificationPreference,
    PushSubscription,
    Suppression,
)


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = [
        "at",
        "ok",
        "transport",
        "provider_message_id",
        "duration_ms",
        "error",
    ]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "channel",
        "address",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["channel", "status", "event", "topic"]
    search_fields = ["address", "subject", "group_key"]
    inlines = [AttemptInline]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "address", "topic", "reason"]
    search_fields = ["address"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "quiet_hours_enabled",
        "quiet_from",
        "quiet_to",
        "updated_at",
    ]


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_success_at", "disabled_at"]
