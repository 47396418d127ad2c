"""Operations' view of the written channels: mailboxes, VK communities, partners and
remote centres' staffing are editable data; logs are read-only."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from gridcare.written_channels.models import (
    InboundEmail,
    Mailbox,
    OutgoingLetter,
    PartnerAppeal,
    PostalLetter,
    RemoteAssignment,
    RemoteCentreMember,
    RetailPartner,
    VkCommunity,
    VkEvent,
    VkOutbox,
    WebhookDelivery,
)


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "login",
        "host",
        "port",
        "security",
        "is_active",
        "last_polled_at",
    ]


@admin.register(VkCommunity)
class VkCommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "group_id", "reply_window_days", "is_active"]


@admin.register(RemoteCentreMember)
class RemoteCentreMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "queue", "max_open", "is_active"]
    list_filter = ["office", "queue", "is_active"]


@admin.register(RetailPartner)
class RetailPartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "webhook_url", "is_active", "created_at"]
    readonly_fields = ["key_prefix", "webhook_secret"]
    actions = ["issue_key"]

    def save_model(
        self, request: HttpRequest, obj: RetailPartner, form: object, change: bool
    ) -> None:
        if not obj.key_hash:
            key = obj.issue_key()
            messages.warning(
                request,
                f"Ключ API партнёра «{obj.name}»: {key} — сохраните его, он больше не "
                "будет показан.",
            )
        super().save_model(request, obj, form, change)  # type: ignore[arg-type]

    @admin.action(description="Выпустить новый ключ API")
    def issue_key(
        self, request: HttpRequest, queryset: QuerySet[RetailPartner]
    ) -> None:
        for partner in queryset:
            key = partner.issue_key()
            partner.save(update_fields=["key_prefix", "key_hash", "webhook_secret"])
            messages.warning(
                request,
                f"Новый ключ API партнёра «{partner.name}»: {key} — сохраните его, он "
                "больше не будет показан.",
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(InboundEmail)
class InboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "sender", "subject", "outcome", "appeal"]
    list_filter = ["outcome", "mailbox"]


@admin.register(VkEvent)
class VkEventAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "type", "vk_user_id", "outcome", "appeal"]


@admin.register(VkOutbox)
class VkOutboxAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "vk_user_id", "status", "attempts", "sent_at"]
    list_filter = ["status"]


@admin.register(PartnerAppeal)
class PartnerAppealAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "partner", "external_id", "appeal"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "partner_appeal",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    ]
    list_filter = ["status"]


@admin.register(PostalLetter)
class PostalLetterAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "sender_name", "postmark_date", "appeal"]


@admin.register(OutgoingLetter)
class OutgoingLetterAdmin(ReadOnlyAdmin):
    list_display = ["mailing_date", "recipient_name", "tracking_number", "appeal"]


@admin.register(RemoteAssignment)
class RemoteAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["queued_at", "office", "queue", "assignee", "assigned_at", "appeal"]
    list_filter = ["office", "queue"]
