"""Written channels into the registry: e-mail over IMAP, post, VK, energy retailers'
partner API; remote service centres' queues. Every item that arrives here becomes an
appeal of the registry (or a consumer's reply to one); these models keep what the
channel needs on top of the appeal: where it came from, what was sent back."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

# ---- e-mail ------------------------------------------------------------------------


class Mailbox(models.Model):
    """A mailbox polled over IMAP for appeals (e.g. info@ of a branch). The password
    is never stored: `password_env` names the environment variable (or NAME_FILE)."""

    class Security(models.TextChoices):
        SSL = "ssl", "SSL/TLS (IMAPS)"
        STARTTLS = "starttls", "STARTTLS"
        NONE = "none", "Без шифрования (только для тестовых стендов)"

    name = models.CharField("название", max_length=100)
    host = models.CharField("IMAP-сервер", max_length=200)
    port = models.PositiveIntegerField("порт", default=993)
    security = models.CharField(
        "шифрование", max_length=8, choices=Security.choices, default=Security.SSL
    )
    login = models.CharField("логин", max_length=200)
    password_env = models.CharField(
        "переменная окружения с паролем",
        max_length=100,
        help_text="Имя переменной окружения, например MAILBOX_INFO_PASSWORD "
        "(или файл в MAILBOX_INFO_PASSWORD_FILE).",
    )
    folder = models.CharField("папка", max_length=200, default="INBOX")
    processed_folder = models.CharField(
        "папка для обработанных",
        max_length=200,
        blank=True,
        help_text="Пусто — письма остаются в папке и помечаются прочитанными.",
    )
    is_active = models.BooleanField("опрашивается", default=True)
    last_polled_at = models.DateTimeField("последний опрос", null=True, blank=True)

    class Meta:
        verbose_name = "почтовый ящик"
        verbose_name_plural = "почтовые ящики"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(security__in=["ssl", "starttls", "none"]),
                name="mailbox_security_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.login})"


class InboundEmail(models.Model):
    """One e-mail taken from a mailbox: what it became in the registry. Its Message-ID
    is unique per mailbox, so a re-poll never registers it twice."""

    class Outcome(models.TextChoices):
        # A new appeal was registered from the message.
        APPEAL = "appeal", "Новое обращение"
        # The message was added to an existing appeal as the consumer's reply.
        REPLY = "reply", "Ответ по обращению"
        # Not registered (no text and no files, a bad sender address…): see `notes`.
        REJECTED = "rejected", "Не зарегистрировано"

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.PROTECT, related_name="messages"
    )
    message_id = models.CharField("Message-ID", max_length=998)
    sender = models.CharField("отправитель", max_length=320)
    subject = models.CharField("тема", max_length=300, blank=True)
    received_at = models.DateTimeField("получено")
    outcome = models.CharField("результат", max_length=8, choices=Outcome.choices)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Rejected attachments and other remarks, in Russian, one per line.
    notes = models.TextField("замечания", blank=True)

    class Meta:
        verbose_name = "входящее письмо"
        verbose_name_plural = "входящие письма"
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "message_id"], name="inbound_email_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["appeal", "reply", "rejected"]),
                name="inbound_email_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"


# ---- post --------------------------------------------------------------------------


class PostalLetter(models.Model):
    """A paper letter received by post and registered with its scan as an appeal."""

    appeal = models.OneToOneField(
        "appeals.Appeal", on_delete=models.PROTECT, related_name="postal_letter"
    )
    sender_name = models.CharField("отправитель", max_length=300)
    sender_address = models.CharField("адрес отправителя", max_length=500)
    postmark_date = models.DateField("дата почтового штемпеля")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("зарегистрировано")

    class Meta:
        verbose_name = "входящее письмо (почта)"
        verbose_name_plural = "входящие письма (почта)"


def _letter_path(instance: "OutgoingLetter", filename: str) -> str:
    return f"written_channels/letters/{instance.mailing_date:%Y/%m}/{filename}"


class OutgoingLetter(models.Model):
    """An answer sent on paper: the PDF letter and its line in the day's mailing
    register (реестр почтовых отправлений); the tracking number is entered later."""

    appeal = models.ForeignKey(
        "appeals.Appeal", on_delete=models.PROTECT, related_name="outgoing_letters"
    )
    recipient_name = models.CharField("адресат", max_length=300)
    recipient_address = models.CharField("адрес", max_length=500)
    text = models.TextField("текст письма")
    pdf = models.FileField(upload_to=_letter_path, max_length=200)
    mailing_date = models.DateField("дата отправки", db_index=True)
    tracking_number = models.CharField(
        "почтовый идентификатор (ШПИ)", max_length=20, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("создано")

    class Meta:
        ordering = ["mailing_date", "id"]
        verbose_name = "исходящее письмо"
        verbose_name_plural = "исходящие письма"

    def __str__(self) -> str:
        return f"{self.appeal} → {self.recipient_name}"


# ---- VK ----------------------------------------------------------------------------


class VkCommunity(models.Model):
    """A VK community (group) whose Callback API events become appeals. Secrets are
    environment variables named here, never stored."""

    group_id = models.PositiveBigIntegerField("ID сообщества", unique=True)
    name = models.CharField("название", max_length=200)
    confirmation_code = models.CharField(
        "строка подтверждения",
        max_length=64,
        help_text="Строка, которую сервер должен вернуть (Callback API → "
        "«Строка, которую должен вернуть сервер»).",
    )
    secret_env = models.CharField(
        "переменная с секретным ключом", max_length=100, blank=True
    )
    access_token_env = models.CharField(
        "переменная с ключом доступа сообщества", max_length=100, blank=True
    )
    # A message within this many days of the user's last appeal is a reply to it
    # (our design choice, editable).
    reply_window_days = models.PositiveSmallIntegerField(
        "окно ответа по открытому обращению, дней", default=7
    )
    is_active = models.BooleanField("принимает события", default=True)

    class Meta:
        verbose_name = "сообщество ВКонтакте"
        verbose_name_plural = "сообщества ВКонтакте"

    def __str__(self) -> str:
        return self.name


class VkEvent(models.Model):
    """A Callback API event received (kept for idempotency: VK retries an event until
    it gets "ok"; the same event_id is processed once)."""

    community = models.ForeignKey(
        VkCommunity, on_delete=models.PROTECT, related_name="events"
    )
    event_id = models.CharField(max_length=64)
    type = models.CharField("тип", max_length=32)
    vk_user_id = models.BigIntegerField("пользователь VK", null=True)
    text = models.TextField("текст", blank=True)
    payload = models.JSONField("событие")
    appeal = models.ForeignKey(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Outcome: "appeal", "reply", "held" (waiting for contacts), "ignored".
    outcome = models.CharField("результат", max_length=16)
    received_at = models.DateTimeField("получено")

    class Meta:
        verbose_name = "событие ВКонтакте"
        verbose_name_plural = "события ВКонтакте"
        constraints = [
            models.UniqueConstraint(
                fields=["community", "event_id"], name="vk_event_unique"
            )
        ]


class VkOutbox(models.Model):
    """A message queued to a VK user (acknowledgement, request for contacts, the
    company's messages and answers), sent by `gridcare vk_send`."""

    class Status(models.TextChoices):
        # Waiting for the sender command.
        PENDING = "pending", "В очереди"
        # Accepted by the sender.
        SENT = "sent", "Отправлено"
        # Gave up after the last attempt.
        FAILED = "failed", "Не отправлено"

    community = models.ForeignKey(
        VkCommunity, on_delete=models.PROTECT, related_name="outbox"
    )
    vk_user_id = models.BigIntegerField("пользователь VK")
    text = models.TextField("текст")
    appeal = models.ForeignKey(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The registry message this item carries (unique: queued once).
    appeal_message = models.OneToOneField(
        "appeals.AppealMessage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "статус", max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    last_error = models.CharField("ошибка", max_length=500, blank=True)
    created_at = models.DateTimeField("создано")
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "сообщение в VK"
        verbose_name_plural = "исходящие сообщения VK"
        indexes = [models.Index(fields=["status", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed"]),
                name="vk_outbox_status_valid",
            )
        ]


# ---- energy retailers --------------------------------------------------------------


class RetailPartner(models.Model):
    """An energy retailer (энергосбытовая организация) that forwards its customers'
    appeals through the partner API and receives status webhooks. Only the hash of
    the API key is stored; the webhook signing secret is stored to sign with."""

    name = models.CharField("энергосбытовая организация", max_length=300)
    key_prefix = models.CharField("начало ключа", max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    webhook_url = models.URLField("адрес для уведомлений", blank=True)
    webhook_secret = models.CharField(
        "секрет подписи уведомлений", max_length=64, editable=False
    )
    is_active = models.BooleanField("доступ открыт", default=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "партнёр-энергосбыт"
        verbose_name_plural = "партнёры-энергосбыты"

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def issue_key(self) -> str:
        """Set a new API key (and a signing secret if none); return the key once."""
        key = "gcp_" + secrets.token_urlsafe(32)
        self.key_prefix = key[:8]
        self.key_hash = self.hash_key(key)
        if not self.webhook_secret:
            self.webhook_secret = secrets.token_hex(32)
        return key


class PartnerAppeal(models.Model):
    """An appeal forwarded by a retailer, with the retailer's own id for it."""

    partner = models.ForeignKey(
        RetailPartner, on_delete=models.PROTECT, related_name="appeals"
    )
    appeal = models.OneToOneField(
        "appeals.Appeal", on_delete=models.PROTECT, related_name="partner_link"
    )
    external_id = models.CharField("номер у партнёра", max_length=64)
    created_at = models.DateTimeField("получено")

    class Meta:
        verbose_name = "обращение от энергосбыта"
        verbose_name_plural = "обращения от энергосбытов"
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "external_id"], name="partner_appeal_external_unique"
            )
        ]


class PartnerRequest(models.Model):
    """The answer to a partner's first request with an Idempotency-Key."""

    partner = models.ForeignKey(
        RetailPartner, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=128)
    operation = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "key"], name="partner_request_unique_key"
            )
        ]


class WebhookDelivery(models.Model):
    """One status-change notice to a partner: the signed body and every attempt
    (retried with backoff until delivered or given up)."""

    class Status(models.TextChoices):
        # Not yet delivered; due at `next_attempt_at`.
        PENDING = "pending", "В очереди"
        # The partner answered 2xx.
        DELIVERED = "delivered", "Доставлено"
        # Given up after the last attempt.
        FAILED = "failed", "Не доставлено"

    partner_appeal = models.ForeignKey(
        PartnerAppeal, on_delete=models.PROTECT, related_name="deliveries"
    )
    # The appeal history row announced (unique: announced once).
    appeal_event = models.OneToOneField(
        "appeals.AppealEvent", on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("тело")
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    next_attempt_at = models.DateTimeField("следующая попытка")
    last_status_code = models.PositiveSmallIntegerField(
        "код ответа", null=True, blank=True
    )
    last_error = models.CharField("ошибка", max_length=500, blank=True)
    # Every attempt: [{"at", "status_code", "error"}].
    log = models.JSONField("журнал попыток", default=list)
    created_at = models.DateTimeField("создано")
    delivered_at = models.DateTimeField("доставлено", null=True, blank=True)

    class Meta:
        verbose_name = "уведомление партнёру"
        verbose_name_plural = "уведомления партнёрам"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "delivered", "failed"]),
                name="webhook_delivery_status_valid",
            )
        ]


# ---- remote service centres --------------------------------------------------------


class RemoteQueue(models.TextChoices):
    """The two queues of a remote service centre, by the consumer's kind."""

    INDIVIDUALS = "individuals", "Физические лица"
    LEGAL_ENTITIES = "legal_entities", "Юридические лица"


class RemoteCentreMember(models.Model):
    """A specialist working a queue of a remote service centre (an office with
    `serves_remote_channels`), with the most open appeals they may hold at once.
    Competences are the user's own (`User.competences`)."""

    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.CASCADE,
        related_name="remote_members",
        limit_choices_to={"serves_remote_channels": True},
        verbose_name="центр",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="remote_memberships",
        verbose_name="специалист",
    )
    queue = models.CharField("очередь", max_length=16, choices=RemoteQueue.choices)
    # Editable: a workload norm is the company's choice, not the regulation's.
    max_open = models.PositiveSmallIntegerField(
        "не больше открытых обращений", default=20
    )
    is_active = models.BooleanField("принимает обращения", default=True)

    class Meta:
        verbose_name = "специалист удалённого центра"
        verbose_name_plural = "специалисты удалённых центров"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "user", "queue"], name="remote_member_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(queue__in=["individuals", "legal_entities"]),
                name="remote_member_queue_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_queue_display()}"


class RemoteAssignment(models.Model):
    """Which remote centre and queue an appeal from a written channel went to, and to
    whom it was given (empty while everyone is at capacity)."""

    appeal = models.OneToOneField(
        "appeals.Appeal", on_delete=models.PROTECT, related_name="remote_assignment"
    )
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+"
    )
    queue = models.CharField("очередь", max_length=16, choices=RemoteQueue.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    queued_at = models.DateTimeField("поставлено в очередь")
    assigned_at = models.DateTimeField("назначено", null=True, blank=True)

    class Meta:
        verbose_name = "обращение в удалённом центре"
        verbose_name_plural = "обращения в удалённых центрах"
        indexes = [models.Index(fields=["office", "queue", "assigned_at"])]
