"""The one way every app notifies people: `notification_send` for one person and
`notification_send_bulk` for a mailing (e.g. every subscriber of a street). Both only
queue rows; delivery runs in tasks after the surrounding transaction commits
(`delivery.py`), so nobody hears of a change that was rolled back."""

import hashlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gridcare.core.errors import ApplicationError
from gridcare.notifications import quiet_hours
from gridcare.notifications.catalogue import (
    MUTABLE_TOPICS,
    event_kind,
    preference_keys,
)
from gridcare.notifications.models import (
    Channel,
    Notification,
    NotificationPreference,
    PushSubscription,
    Suppression,
)
from gridcare.notifications.rendering import PersonalisedMessage, render_message

logger = logging.getLogger(__name__)
Status = Notification.Status
BULK_CHUNK = 2000


def _address_for(channel: str, *, email: str, phone: str) -> str:
    return {Channel.EMAIL: email, Channel.SMS: phone}.get(channel, "")


def _needs_user(channel: str) -> bool:
    return channel in (Channel.IN_APP, Channel.WEB_PUSH)


def _is_suppressed(topic: str, channel: str, address: str) -> bool:
    if topic not in MUTABLE_TOPICS or not address:
        return False
    return Suppression.objects.filter(
        channel=channel, address=address, topic=topic
    ).exists()


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
    urgent: bool | None = None,
    unsubscribe_link: str = "",
) -> list[Notification]:
    """Render the event's templates and queue one notification per channel.

    A channel without an address (or, for in-app and push, without a recipient) is
    skipped, as are channels the person muted or unsubscribed from for a topic that
    allows it (`catalogue.MUTABLE_TOPICS`). Non-urgent SMS and push wait for the end
    of the person's quiet hours. The same `dedup_key` never queues a second message."""
    kind = event_kind(event)
    is_urgent = kind.urgent if urgent is None else urgent
    preference = _preference_of(recipient)
    now = timezone.now()
    created: list[Notification] = []
    for channel in channels:
        address = _address_for(channel, email=email, phone=phone)
        if (_needs_user(channel) and recipient is None) or (
            not _needs_user(channel) and not address
        ):
            continue
        if kind.topic in MUTABLE_TOPICS and (
            (preference is not None and preference.is_muted(kind.topic, channel))
            or _is_suppressed(kind.topic, channel, address)
        ):
            continue
        subject, body = render_message(
            event, channel, {**context, "unsubscribe_link": unsubscribe_link}
        )
        when = quiet_hours.not_before(
            channel=channel, urgent=is_urgent, preference=preference, now=now
        )
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    event=event,
                    topic=kind.topic,
                    channel=channel,
                    recipient=recipient,  # type: ignore[misc]
                    address=address,
                    subject=subject,
                    body=body,
                    link=link,
                    unsubscribe_link=unsubscribe_link,
                    urgent=is_urgent,
                    dedup_key=f"{dedup_key}:{channel}" if dedup_key else None,
                    not_before=when,
                    status=Status.SENT if channel == Channel.IN_APP else Status.PENDING,
                    sent_at=now if channel == Channel.IN_APP else None,
                )
        except IntegrityError:
            continue  # already queued under this key
        created.append(notification)
        if channel != Channel.IN_APP and when is None:
            transaction.on_commit(lambda pk=notification.pk: _enqueue_one(pk))
    return created


def _enqueue_one(notification_id: int) -> None:
    from gridcare.notifications.tasks import deliver_notification

    deliver_notification.enqueue(notification_id=notification_id)


def _enqueue_group(group_key: str, count: int) -> None:
    from gridcare.notifications.tasks import deliver_due

    if not count:
        return
    workers = max(1, min(settings.NOTIFICATIONS_WORKERS, count // 500 + 1))
    for _ in range(workers):
        deliver_due.enqueue(group_key=group_key)


def _preference_of(recipient: object | None) -> NotificationPreference | None:
    if recipient is None or not getattr(recipient, "pk", None):
        return None
    return NotificationPreference.objects.filter(user_id=recipient.pk).first()  # type: ignore[attr-defined]


@dataclass
class Recipient:
    """One person of a mailing. `key` says who they are for de-duplication ("user:5",
    "email:a@b.ru"): the same key gets one message per channel, however many reasons
    (subscriptions) put them on the list."""

    key: str
    channels: Sequence[str]
    user_id: int | None = None
    email: str = ""
    phone: str = ""
    personal: Mapping[str, str] = field(default_factory=dict)


def _short_hash(value: str) -> str:
    return hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()[:20]


def notification_send_bulk(
    *,
    event: str,
    context: Mapping[str, object],
    recipients: Iterable[Recipient],
    group_key: str,
    link: str = "",
    urgent: bool | None = None,
    personal_keys: tuple[str, ...] = ("unsubscribe_link",),
) -> int:
    """Queue one event for many people; return how many messages were queued.

    Templates are rendered once per channel (`PersonalisedMessage`); rows are written
    in chunks; a recipient already queued in this `group_key` is skipped, so running
    the same mailing again sends nothing twice. Delivery starts after commit in
    batches that reuse one SMTP connection."""
    kind = event_kind(event)
    is_urgent = kind.urgent if urgent is None else urgent
    now = timezone.now()
    existing = set(
        Notification.objects.filter(group_key=group_key).values_list(
            "dedup_key", flat=True
        )
    )
    messages: dict[str, PersonalisedMessage] = {}
    company_quiet = quiet_hours.company_quiet_hours()
    queued = pending = 0
    chunk: list[Recipient] = []

    def flush() -> None:
        nonlocal queued, pending
        rows = _bulk_rows(chunk)
        Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        queued += len(rows)
        pending += sum(
            1 for r in rows if r.status == Status.PENDING and not r.not_before
        )
        chunk.clear()

    def _bulk_rows(people: list[Recipient]) -> list[Notification]:
        user_ids = [p.user_id for p in people if p.user_id]
        prefs = {
            p.user_id: p
            for p in NotificationPreference.objects.filter(user_id__in=user_ids)
        }
        suppressed = _suppressed_in(kind.topic, people)
        rows: list[Notification] = []
        for person in people:
            pref = prefs.get(person.user_id) if person.user_id else None
            for channel in person.channels:
                address = _address_for(channel, email=person.email, phone=person.phone)
                if (_needs_user(channel) and not person.user_id) or (
                    not _needs_user(channel) and not address
                ):
                    continue
                if kind.topic in MUTABLE_TOPICS and (
                    (pref is not None and pref.is_muted(kind.topic, channel))
                    or (channel, address) in suppressed
                ):
                    continue
                key = f"{group_key}:{_short_hash(person.key)}:{channel}"
                if key in existing:
                    continue
                existing.add(key)
                if channel not in messages:
                    messages[channel] = PersonalisedMessage(
                        event, channel, context, personal_keys
                    )
                subject, body = messages[channel].for_recipient(person.personal)
                if pref is None and company_quiet and not is_urgent:
                    when = (
                        company_quiet.release_at(now)
                        if channel in quiet_hours.INTERRUPTIVE
                        else None
                    )
                else:
                    when = quiet_hours.not_before(
                        channel=channel, urgent=is_urgent, preference=pref, now=now
                    )
                in_app = channel == Channel.IN_APP
                rows.append(
                    Notification(
                        event=event,
                        topic=kind.topic,
                        channel=channel,
                        recipient_id=person.user_id,
                        address=address,
                        subject=subject,
                        body=body,
                        link=link,
                        unsubscribe_link=person.personal.get("unsubscribe_link", ""),
                        urgent=is_urgent,
                        dedup_key=key,
                        group_key=group_key,
                        not_before=when,
                        status=Status.SENT if in_app else Status.PENDING,
                        sent_at=now if in_app else None,
                    )
                )
        return rows

    for person in recipients:
        chunk.append(person)
        if len(chunk) >= BULK_CHUNK:
            flush()
    if chunk:
        flush()
    count = pending
    transaction.on_commit(lambda: _enqueue_group(group_key, count))
    logger.info("mailing %s: %s messages queued", group_key, queued)
    return queued


def _suppressed_in(topic: str, people: list[Recipient]) -> set[tuple[str, str]]:
    if topic not in MUTABLE_TOPICS:
        return set()
    addresses = {p.email for p in people if p.email} | {
        p.phone for p in people if p.phone
    }
    if not addresses:
        return set()
    return set(
        Suppression.objects.filter(topic=topic, address__in=addresses).values_list(
            "channel", "address"
        )
    )


def notification_mark_read(*, user: object, notification_id: int) -> bool:
    """Mark the user's own notification read (others' are left alone); return
    whether one was marked."""
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=user, read_at=None
        ).update(read_at=timezone.now())
    )


def notification_mark_all_read(*, user: object, topic: str = "") -> int:
    """Mark every unread message of the user read (of one topic when given)."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if topic:
        unread = unread.filter(topic=topic)
    return unread.update(read_at=timezone.now())


def suppression_add(
    *, channel: str, address: str, topic: str, reason: str = ""
) -> None:
    """Stop messages of a topic to an address (the unsubscribe link); idempotent."""
    if topic not in MUTABLE_TOPICS:
        raise ApplicationError(
            "От этих сообщений отписаться нельзя: они касаются ваших обращений.",
            code="not_unsubscribable",
        )
    Suppression.objects.get_or_create(
        channel=channel, address=address, topic=topic, defaults={"reason": reason}
    )
    # Messages still waiting (e.g. for quiet hours to end) are not sent either.
    Notification.objects.filter(
        channel=channel, address=address, topic=topic, status=Status.PENDING
    ).update(status=Status.CANCELLED)


def preference_update(
    *,
    user: object,
    muted: Iterable[str],
    quiet_hours_enabled: bool,
    quiet_from: time | None = None,
    quiet_to: time | None = None,
) -> NotificationPreference:
    """Save a person's muted channels (for topics that allow it) and quiet hours."""
    allowed = preference_keys()
    wanted = sorted(set(muted))
    unknown = [m for m in wanted if m not in allowed]
    if unknown:
        raise ApplicationError(
            f"Нельзя отключить: {', '.join(unknown)}.", code="invalid_preference"
        )
    if quiet_hours_enabled and (quiet_from is None) != (quiet_to is None):
        raise ApplicationError(
            "Укажите начало и конец тихих часов или оставьте оба поля пустыми.",
            code="invalid_quiet_hours",
        )
    preference, _ = NotificationPreference.objects.get_or_create(user=user)  # type: ignore[misc]
    preference.muted = wanted
    preference.quiet_hours_enabled = quiet_hours_enabled
    preference.quiet_from = quiet_from
    preference.quiet_to = quiet_to
    preference.save(
        update_fields=[
            "muted",
            "quiet_hours_enabled",
            "quiet_from",
            "quiet_to",
            "updated_at",
        ]
    )
    return preference


def push_subscription_register(
    *, user: object, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Remember a browser's push endpoint for the user (re-registering moves it)."""
    if not endpoint.startswith("https://") and not settings.DEBUG:
        raise ApplicationError(
            "Адрес push-сервиса должен начинаться с https://", code="invalid_endpoint"
        )
    if not p256dh or not auth:
        raise ApplicationError("Нет ключей push-подписки.", code="invalid_keys")
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "user_agent": user_agent[:300],
            "disabled_at": None,
        },
    )
    return subscription


def push_subscription_remove(*, user: object, endpoint: str) -> None:
    PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
