from django.contrib import admin

from gridcare.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "channel", "address", "status", "attempts"]
    list_filter = ["channel", "status", "event"]
    search_fields = ["address", "subject"]
