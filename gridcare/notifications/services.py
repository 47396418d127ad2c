"""The one way every app notifies people: `notification_send`."""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gridcare.notifications import transports
from gridcare.notifications.models import Channel, DeliveryAttempt, Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def notification_send(
    *,
    event: str,
    context: dict[str, object],
    channels: Iterable[str],
    recipient: object | None = None,
    email: str = "",
    phone: str = "",
    link: str = "",
    dedup_key: str = "",
) -> list[Notification]:
    """Render the event's templates and queue one notification per channel.

    Delivery happens in a task after the surrounding transaction commits, so nobody
    hears of a change that was rolled back. A channel without an address is skipped.
    """
    created: list[Notification] = []
    for channel in channels:
        address = {Channel.EMAIL: email, Channel.SMS: phone, Channel.IN_APP: ""}[
            channel
        ]
        if channel != Channel.IN_APP and not address:
            continue
        if channel == Channel.IN_APP and recipient is None:
            continue
        subject = render_to_string(
            f"notifications/{event}/subject.txt", context
        ).strip()
        body = render_to_string(f"notifications/{event}/{channel}.txt", context).strip()
        key = f"{dedup_key}:{channel}" if dedup_key else None
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    event=event,
                    channel=channel,
                    recipient=recipient,  # type: ignore[misc]
                    address=address,
                    subject=subject,
                    body=body,
                    link=link,
                    dedup_key=key,
                    status=(
                        Notification.Status.SENT
                        if channel == Channel.IN_APP
                        else Notification.Status.PENDING
                    ),
                    sent_at=timezone.now() if channel == Channel.IN_APP else None,
                )
        except IntegrityError:
            continue  # already queued under this key
        created.append(notification)
        if channel != Channel.IN_APP:
            transaction.on_commit(lambda pk=notification.pk: _enqueue_delivery(pk))
    return created


def _enqueue_delivery(notification_id: int) -> None:
    from gridcare.notifications.tasks import deliver_notification

    deliver_notification.enqueue(notification_id=notification_id)


def notification_deliver(*, notification_id: int) -> None:
    """Hand a pending notification to its transport once; log the attempt."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().filter(pk=notification_id).first()
        )
        if notification is None or notification.status != Notification.Status.PENDING:
            return
        try:
            if notification.channel == Channel.EMAIL:
                transports.send_email(
                    to=notification.address,
                    subject=notification.subject,
                    body=notification.body,
                )
            elif notification.channel == Channel.SMS:
                transports.send_sms(phone=notification.address, text=notification.body)
        except Exception as exc:  # any transport failure is logged and retried
            logger.warning("notification %s failed: %s", notification_id, exc)
            notification.attempts += 1
            notification.last_error = str(exc)[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            DeliveryAttempt.objects.create(
                notification=notification, ok=False, error=str(exc)
            )
            return
        notification.attempts += 1
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "status", "sent_at"])
        DeliveryAttempt.objects.create(notification=notification, ok=True)


def notification_retry_failed() -> int:
    """Re-enqueue pending notifications whose earlier attempt failed; return how many."""
    ids = list(
        Notification.objects.filter(
            status=Notification.Status.PENDING,
            attempts__gt=0,
            attempts__lt=MAX_ATTEMPTS,
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        _enqueue_delivery(pk)
    return len(ids)


def notification_mark_read(*, user: object, notification_id: int) -> None:
    Notification.objects.filter(
        pk=notification_id, recipient=user, read_at=None
    ).update(read_at=timezone.now())
