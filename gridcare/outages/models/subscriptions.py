"""Subscriptions to outage news for an address or a point of supply."""

from django.conf import settings
from django.db import models


class Subscription(models.Model):
    """A wish to hear about outages at an address (a settlement, a street or a building)
    or at a point of supply, through the channels chosen. Made by a signed-in consumer,
    or by anyone who confirms an e-mail (link) or a phone (SMS code)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outage_subscriptions",
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=16, blank=True)
    # Channel codes of notifications.Channel.
    channels = models.JSONField("каналы", default=list)
    settlement = models.ForeignKey(
        "territory.Settlement", on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "territory.Street",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    building = models.ForeignKey(
        "territory.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supply_point = models.ForeignKey(
        "consumers.SupplyPoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField("адрес подписки", max_length=300)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    confirmed_at = models.DateTimeField("подтверждена", null=True, blank=True)
    cancelled_at = models.DateTimeField("отменена", null=True, blank=True)
    # SMS confirmation: a hashed 6-digit code with a few tries and an expiry.
    confirm_code_hash = models.CharField(max_length=64, blank=True)
    confirm_attempts = models.PositiveSmallIntegerField(default=0)
    confirm_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "подписка на отключения"
        verbose_name_plural = "подписки на отключения"
        indexes = [
            models.Index(fields=["building", "cancelled_at"]),
            models.Index(fields=["street", "cancelled_at"]),
            models.Index(fields=["settlement", "cancelled_at"]),
            models.Index(fields=["supply_point", "cancelled_at"]),
            models.Index(fields=["email"]),
            models.Index(fields=["phone"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False)
                | ~models.Q(email="")
                | ~models.Q(phone=""),
                name="subscription_has_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(supply_point__isnull=True)
                | models.Q(user__isnull=False),
                name="subscription_point_needs_login",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.cancelled_at is None

    @property
    def recipient_key(self) -> str:
        """Who receives it, for sending one message per person."""
        if self.user_id:
            return f"user:{self.user_id}"
        return f"email:{self.email.lower()}" if self.email else f"phone:{self.phone}"
