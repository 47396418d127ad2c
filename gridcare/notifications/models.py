"""Notifications sent to consumers and staff, one row per message and channel, with
every delivery attempt logged."""

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Электронная почта"
    SMS = "sms", "SMS"
    IN_APP = "in_app", "В личном кабинете"


class Notification(models.Model):
    """One message to one recipient through one channel."""

    class Status(models.TextChoices):
        PENDING = "pending", "Ожидает отправки"
        SENT = "sent", "Отправлено"
        FAILED = "failed", "Ошибка отправки"

    event = models.CharField("событие", max_length=64)
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
    # Same key → same message: a retried service call never sends twice.
    dedup_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        indexes = [models.Index(fields=["recipient", "channel", "read_at"])]


class DeliveryAttempt(models.Model):
    """One try to hand a notification to its transport."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField()
    error = models.TextField(blank=True)
