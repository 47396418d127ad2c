"""Energy retailers' partner API: appeals forwarded by a retailer are registered with
channel «Энергосбытовая организация» and the retailer's own id; every status change
of such an appeal is announced to the retailer by a signed webhook, retried with
backoff until delivered, every attempt logged."""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gridcare.appeals.codes import AnswerChannel, Channel, Kind, Status
from gridcare.appeals.models import AppealEvent
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.consumers.models import ConsumerAccount
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.written_channels.models import (
    PartnerAppeal,
    RetailPartner,
    WebhookDelivery,
)
from gridcare.written_channels.services.remote import (
    remote_centre_for,
    remote_queue_enqueue,
)

SIGNATURE_HEADER = "X-Gridcare-Signature"
TIMESTAMP_HEADER = "X-Gridcare-Timestamp"
EVENT_HEADER = "X-Gridcare-Event"
DELIVERY_HEADER = "X-Gridcare-Delivery"
WEBHOOK_TIMEOUT_SECONDS = 10
# Attempts and backoff (1, 2, 4 … minutes): our design, not a regulation.
WEBHOOK_ATTEMPTS_MAX = 8
WEBHOOK_BACKOFF_BASE = timedelta(minutes=1)


def partner_authenticate(*, key: str) -> RetailPartner | None:
    """The active partner holding this API key, else None."""
    if not key:
        return None
    return RetailPartner.objects.filter(
        key_hash=RetailPartner.hash_key(key), is_active=True
    ).first()


@dataclass
class PartnerAppealInput:
    external_id: str
    category: str
    topic: str
    text: str
    contact_name: str
    kind: str = Kind.APPEAL
    contact_phone: str = ""
    contact_email: str = ""
    contact_postal_address: str = ""
    answer_channel: str = AnswerChannel.EMAIL
    account_number: str = ""
    address_text: str = ""
    subject: str = ""
    files: list[UploadedFile] = field(default_factory=list)


def partner_appeal_submit(
    *, partner: RetailPartner, data: PartnerAppealInput
) -> tuple[PartnerAppeal, bool]:
    """Register an appeal the retailer forwards; return it and whether it is new. The
    same external id again returns the first appeal and changes nothing."""
    external_id = (data.external_id or "").strip()
    if not external_id:
        raise ApplicationError(
            "Укажите номер обращения у энергосбыта (external_id).",
            code="external_id_required",
        )
    existing = PartnerAppeal.objects.filter(
        partner=partner, external_id=external_id
    ).first()
    if existing is not None:
        return existing, False
    account = None
    if data.account_number:
        account = (
            ConsumerAccount.objects.select_related("consumer")
            .filter(number=data.account_number.strip())
            .first()
        )
        if account is None:
            raise ApplicationError("Лицевой счёт не найден.", code="account_not_found")
    consumer = account.consumer if account else None
    centre = remote_centre_for(branch_id=account.branch_id if account else None)
    try:
        with transaction.atomic():
            appeal = appeal_receive(
                actor=None,
                data=AppealInput(
                    channel=Channel.RETAILER,
                    category=data.category,
                    topic=data.topic,
                    kind=data.kind,
                    text=data.text,
                    subject=data.subject or f"От энергосбыта: {partner.name}",
                    contact_name=data.contact_name,
                    contact_phone=data.contact_phone,
                    contact_email=data.contact_email,
                    contact_postal_address=data.contact_postal_address,
                    answer_channel=data.answer_channel,
                    address_text=data.address_text,
                    consumer=consumer,
                    consumer_account=account,
                    office=centre,
                    external_id=external_id[:64],
                    files=data.files,
                ),
            )
            link = PartnerAppeal.objects.create(
                partner=partner,
                appeal=appeal,
                external_id=external_id[:64],
                created_at=timezone.now(),
            )
            remote_queue_enqueue(appeal=appeal, office=centre)
    except IntegrityError:
        # A parallel request with the same external id won.
        return PartnerAppeal.objects.get(
            partner=partner, external_id=external_id
        ), False
    return link, True


def partner_appeal_get_for_partner(
    *, partner: RetailPartner, appeal_id: int
) -> PartnerAppeal:
    """The partner's own forwarded appeal; NotFoundError for any other."""
    link = (
        PartnerAppeal.objects.select_related("appeal")
        .filter(partner=partner, appeal_id=appeal_id)
        .first()
    )
    if link is None:
        raise NotFoundError("Обращение не найдено.")
    return link


# ---- webhooks ----------------------------------------------------------------------


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>" with the partner's secret, as
    "sha256=<hex>". The timestamp lets the partner refuse replays of old notices."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _body(link: PartnerAppeal, event: AppealEvent) -> str:
    appeal = link.appeal
    payload = {
        "event": "appeal.status_changed",
        "event_id": event.pk,
        "appeal": {
            "id": appeal.pk,
            "number": appeal.number,
            "external_id": link.external_id,
            "status": event.to_status,
            "status_label": str(Status(event.to_status).label),
            "changed_at": timezone.localtime(event.at).isoformat(timespec="seconds"),
        },
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def webhooks_collect() -> int:
    """Queue one notice per status change of partners' appeals (read from the
    appeal history, so no change is missed); return how many were queued."""
    announced = WebhookDelivery.objects.values("appeal_event_id")
    events = (
        AppealEvent.objects.filter(
            appeal__partner_link__isnull=False,
            appeal__partner_link__partner__is_active=True,
        )
        # "received" (→ new) is not news to the partner who sent it.
        .exclude(to_status__in=["", Status.NEW])
        .exclude(appeal__partner_link__partner__webhook_url="")
        .exclude(pk__in=announced)
        .select_related("appeal__partner_link__appeal")
        .order_by("pk")
    )
    now = timezone.now()
    queued = 0
    for event in events:
        link = event.appeal.partner_link
        try:
            with transaction.atomic():
                WebhookDelivery.objects.create(
                    partner_appeal=link,
                    appeal_event=event,
                    body=_body(link, event),
                    next_attempt_at=now,
                    created_at=now,
                )
        except IntegrityError:
            continue
        queued += 1
    return queued


def _post(delivery: WebhookDelivery, partner: RetailPartner) -> tuple[int | None, str]:
    body = delivery.body.encode()
    timestamp = str(int(timezone.now().timestamp()))
    request = urllib.request.Request(
        partner.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            EVENT_HEADER: "appeal.status_changed",
            DELIVERY_HEADER: str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: webhook_signature(
                secret=partner.webhook_secret, timestamp=timestamp, body=body
            ),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return None, str(exc)[:500]


def webhook_deliver(
    *, delivery: WebhookDelivery, now: datetime | None = None
) -> WebhookDelivery:
    """Make one attempt (claimed by a conditional update, so never twice at once):
    2xx → delivered; otherwise retry after 1, 2, 4 … minutes, up to the last attempt."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        status=WebhookDelivery.Status.PENDING,
        attempts=delivery.attempts,
    ).update(attempts=delivery.attempts + 1)
    if not claimed:
        delivery.refresh_from_db()
        return delivery
    partner = delivery.partner_appeal.partner
    status_code, error = _post(delivery, partner)
    attempts = delivery.attempts + 1
    delivery.refresh_from_db()
    delivery.log = [
        *delivery.log,
        {"at": now.isoformat(), "status_code": status_code, "error": error},
    ]
    delivery.last_status_code, delivery.last_error = status_code, error
    if status_code is not None and 200 <= status_code < 300:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, now
    elif attempts >= WEBHOOK_ATTEMPTS_MAX:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.next_attempt_at = now + WEBHOOK_BACKOFF_BASE * 2 ** (attempts - 1)
    delivery.save(
        update_fields=[
            "log",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def webhook_deliver_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Attempt every pending notice that is due; return how many were delivered."""
    now = now or timezone.now()
    due = (
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        )
        .select_related("partner_appeal__partner")
        .order_by("next_attempt_at", "pk")[:limit]
    )
    delivered = 0
    for delivery in due:
        result = webhook_deliver(delivery=delivery, now=now)
        delivered += result.status == WebhookDelivery.Status.DELIVERED
    return delivered
