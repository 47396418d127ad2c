"""Notifications sent to consumers and staff, one row per message and channel, with
every delivery attempt logged; people's channel preferences, quiet hours, opt-outs and
browser push subscriptions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.core.models import choice_in


class Channel(models.TextChoices):
    EMAIL = "email", _("Электронная почта")
    SMS = "sms", "SMS"
    IN_APP = "in_app", _("В личном кабинете")
    WEB_PUSH = "web_push", _("Push-уведомление в браузере")


class Topic(models.TextChoices):
    """What a message is about; preferences and opt-outs are kept per topic."""

    APPEALS = "appeals", _("Обращения")
    OUTAGES = "outages", _("Отключения электроэнергии")
    # Reminders the person asked for or agreed to (e.g. to hand in meter readings).
    REMINDERS = "reminders", _("Напоминания")
    ACCOUNT = "account", _("Подтверждение контактов и подписок")
    STAFF = "staff", _("Служебные уведомления")
    OTHER = "other", _("Прочее")


class NotificationStatus(models.TextChoices):
    # Waiting for its turn: now, after quiet hours (`not_before`) or after a failed
    # attempt (`next_attempt_at`).
    PENDING = "pending", _("Ожидает отправки")
    # Claimed by a delivery worker (`claim`); back to pending if the worker dies.
    SENDING = "sending", _("Отправляется")
    SENT = "sent", _("Отправлено")
    # Gave up after the last attempt.
    FAILED = "failed", _("Ошибка отправки")
    # Not sent: the person opted out or the reason went away before delivery.
    CANCELLED = "cancelled", _("Отменено")


class Notification(models.Model):
    """One message to one recipient through one channel."""

    Status = NotificationStatus

    event = models.CharField("событие", max_length=64)
    topic = models.CharField(
        "тема", max_length=16, choices=Topic.choices, default=Topic.OTHER
    )
    channel = models.CharField("канал", max_length=16, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    address = models.CharField("адрес (e-mail, телефон)", max_length=254, blank=True)
    subject = models.CharField("тема", max_length=300)
    body = models.TextField("текст")
    link = models.CharField("ссылка", max_length=300, blank=True)
    unsubscribe_link = models.CharField(
        "ссылка для отписки", max_length=500, blank=True
    )
    # Urgent messages ignore quiet hours (e.g. an unplanned outage just began).
    urgent = models.BooleanField("срочное", default=False)
    # Same key → same message: a retried service call never sends twice.
    dedup_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    # Messages of one mass mailing (e.g. "outage:12:planned"), delivered in batches.
    group_key = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Not before the end of the recipient's quiet hours.
    not_before = models.DateTimeField("не раньше", null=True, blank=True)
    # Retry with backoff after a failed attempt.
    next_attempt_at = models.DateTimeField("следующая попытка", null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["group_key", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", NotificationStatus),
                name="notification_status_valid",
            ),
            models.CheckConstraint(
                condition=choice_in("channel", Channel),
                name="notification_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.address or self.recipient_id} ({self.channel})"


class DeliveryAttempt(models.Model):
    """One try to hand a notification to its transport (the delivery log)."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField()
    error = models.TextField(blank=True)
    transport = models.CharField("транспорт", max_length=64, blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "попытка доставки"
        verbose_name_plural = "журнал доставки"
        indexes = [models.Index(fields=["notification", "at"])]


class NotificationPreference(models.Model):
    """A person's choices: channels muted per topic and their quiet hours (Moscow time).

    Quiet hours hold back SMS and push messages that are not urgent until the quiet
    period ends; e-mail and the personal account are not interruptive and go at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    # "topic.channel" strings, e.g. "outages.sms".
    muted = models.JSONField("отключённые каналы", default=list, blank=True)
    quiet_hours_enabled = models.BooleanField("тихие часы", default=True)
    quiet_from = models.TimeField("тихие часы с", null=True, blank=True)
    quiet_to = models.TimeField("тихие часы до", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "настройки уведомлений"
        verbose_name_plural = "настройки уведомлений"

    def __str__(self) -> str:
        return str(self.user)

    def is_muted(self, topic: str, channel: str) -> bool:
        return f"{topic}.{channel}" in (self.muted or [])


class Suppression(models.Model):
    """An address that asked not to receive messages of a topic (unsubscribe link)."""

    channel = models.CharField("канал", max_length=16, choices=Channel.choices)
    address = models.CharField("адрес", max_length=254)
    topic = models.CharField("тема", max_length=16, choices=Topic.choices)
    reason = models.CharField("причина", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "отказ от рассылки"
        verbose_name_plural = "отказы от рассылки"
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "address", "topic"], name="suppression_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.address}: {self.get_topic_display()}"


class PushSubscription(models.Model):
    """A browser's Web Push endpoint for a signed-in person (RFC 8030/8291)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    endpoint = models.URLField("адрес push-сервиса", max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    # Set when the push service answers 404/410: the browser dropped the subscription.
    disabled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "push-подписка браузера"
        verbose_name_plural = "push-подписки браузеров"

    def __str__(self) -> str:
        return f"{self.user}: {self.endpoint[:60]}"
