"""Delivery: claim due notifications, hand them to their transports, log every attempt,
retry failures with backoff.

Workers claim a batch with a conditional UPDATE (pending → sending, with a claim token),
so two workers never send the same row; a worker that dies leaves rows "sending", and
`notification_release_stale` hands them back after `STALE_CLAIM` (delivery is at least
once: a crash between the SMTP "250 OK" and the status update may repeat a message)."""

import logging
import time
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gridcare.notifications.catalogue import MUTABLE_TOPICS
from gridcare.notifications.models import (
    Channel,
    DeliveryAttempt,
    Notification,
    Suppression,
)
from gridcare.notifications.transports import TransportError, transport_for

logger = logging.getLogger(__name__)
Status = Notification.Status
MAX_ATTEMPTS = 5
# Wait after attempt 1, 2, 3, 4 before the next one.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
STALE_CLAIM = timedelta(minutes=15)


def backoff_after(attempts: int) -> timedelta:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def _due(now: datetime) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(status=Status.PENDING)
        .exclude(channel=Channel.IN_APP)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )


def _claim(ids: list[int], now: datetime) -> list[Notification]:
    token = uuid.uuid4().hex
    Notification.objects.filter(pk__in=ids, status=Status.PENDING).update(
        status=Status.SENDING, claim=token, claimed_at=now
    )
    return list(Notification.objects.filter(pk__in=ids, claim=token).order_by("pk"))


def notification_deliver(*, notification_id: int) -> None:
    """Deliver one notification if it is due (idempotent: a sent one is left alone)."""
    now = timezone.now()
    ids = list(_due(now).filter(pk=notification_id).values_list("pk", flat=True))
    batch = _claim(ids, now) if ids else []
    if batch:
        _deliver(batch)


def notification_deliver_due(
    *, group_key: str | None = None, max_batches: int | None = None
) -> int:
    """Deliver due notifications (of one mailing, or all) in batches until none are
    left; return how many were handed over. Several workers may run it at once."""
    size = settings.NOTIFICATIONS_BATCH_SIZE
    done = batches = 0
    while max_batches is None or batches < max_batches:
        now = timezone.now()
        due = _due(now)
        if group_key is not None:
            due = due.filter(group_key=group_key)
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            break
        batch = _claim(ids, now)
        batches += 1
        if batch:
            done += _deliver(batch)
    return done


def _suppressed(batch: list[Notification]) -> set[int]:
    mutable = [n for n in batch if n.topic in MUTABLE_TOPICS and n.address]
    if not mutable:
        return set()
    pairs = set(
        Suppression.objects.filter(
            address__in={n.address for n in mutable},
            topic__in={n.topic for n in mutable},
        ).values_list("channel", "address", "topic")
    )
    return {n.pk for n in mutable if (n.channel, n.address, n.topic) in pairs}


def _deliver(batch: list[Notification]) -> int:
    """Send a claimed batch, one transport connection per channel; record results."""
    cancelled = _suppressed(batch)
    if cancelled:
        Notification.objects.filter(pk__in=cancelled).update(
            status=Status.CANCELLED, claim=""
        )
    by_channel: dict[str, list[Notification]] = defaultdict(list)
    for notification in batch:
        if notification.pk not in cancelled:
            by_channel[notification.channel].append(notification)
    ok: list[tuple[Notification, str, int, str]] = []
    failed: list[tuple[Notification, str, bool, str]] = []
    for channel, items in by_channel.items():
        transport = transport_for(channel)
        try:
            transport.open()
        except TransportError as exc:
            failed += [(n, str(exc), exc.permanent, transport.name) for n in items]
            continue
        except Exception as exc:  # the server is down: every message waits for a retry
            failed += [(n, str(exc), False, transport.name) for n in items]
            continue
        try:
            for notification in items:
                started = time.monotonic()
                try:
                    provider_id = transport.send(notification)
                except TransportError as exc:
                    failed.append(
                        (notification, str(exc), exc.permanent, transport.name)
                    )
                except Exception as exc:  # any transport failure is logged and retried
                    failed.append((notification, str(exc), False, transport.name))
                else:
                    took = int((time.monotonic() - started) * 1000)
                    ok.append((notification, provider_id or "", took, transport.name))
        finally:
            transport.close()
    _record(ok, failed)
    return len(ok)


def _record(
    ok: list[tuple[Notification, str, int, str]],
    failed: list[tuple[Notification, str, bool, str]],
) -> None:
    now = timezone.now()
    with transaction.atomic():
        if ok:
            Notification.objects.filter(pk__in=[item[0].pk for item in ok]).update(
                status=Status.SENT,
                sent_at=now,
                attempts=F("attempts") + 1,
                claim="",
                last_error="",
            )
        attempts = [
            DeliveryAttempt(
                notification_id=n.pk,
                ok=True,
                transport=transport,
                provider_message_id=provider_id[:200],
                duration_ms=took,
            )
            for n, provider_id, took, transport in ok
        ]
        for notification, error, permanent, transport in failed:
            logger.warning("notification %s failed: %s", notification.pk, error)
            notification.attempts += 1
            notification.last_error = error[:2000]
            give_up = permanent or notification.attempts >= MAX_ATTEMPTS
            notification.status = Status.FAILED if give_up else Status.PENDING
            notification.next_attempt_at = (
                None if give_up else now + backoff_after(notification.attempts)
            )
            notification.claim = ""
            notification.save(
                update_fields=[
                    "attempts",
                    "last_error",
                    "status",
                    "next_attempt_at",
                    "claim",
                ]
            )
            attempts.append(
                DeliveryAttempt(
                    notification_id=notification.pk,
                    ok=False,
                    error=error[:2000],
                    transport=transport,
                )
            )
        DeliveryAttempt.objects.bulk_create(attempts, batch_size=1000)


def notification_release_stale(*, now: datetime | None = None) -> int:
    """Hand back rows claimed by a worker that never finished."""
    now = now or timezone.now()
    return Notification.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(status=Status.PENDING, claim="")


def notification_dispatch_due(*, now: datetime | None = None) -> int:
    """Queue delivery of everything due: retries whose backoff passed, messages whose
    quiet hours ended, claims of dead workers. Run every minute by a timer."""
    from gridcare.notifications.tasks import deliver_due

    now = now or timezone.now()
    notification_release_stale(now=now)
    count = _due(now).count()
    if count:
        workers = max(1, min(settings.NOTIFICATIONS_WORKERS, count // 500 + 1))
        for _ in range(workers):
            deliver_due.enqueue(group_key=None)
    return count


def notification_retry_failed() -> int:
    """Kept for the `notifications_retry` timer: same as `notification_dispatch_due`."""
    return notification_dispatch_due()
