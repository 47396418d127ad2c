"""VK Callback API into the registry: messages to the community and comments on its
wall become appeals (channel «Социальные сети»), or the user's reply to their open
appeal; what the registry says to the user is queued back as VK messages.

The registry needs a way to answer (regulation.md §1.4: contact information), and a
VK user has none we could use outside VK: until a message gives a phone or an e-mail,
it is held and the user is asked for one."""

import hmac
import logging
import re
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.models import Appeal, AppealMessage
from gridcare.appeals.services import (
    AppealInput,
    appeal_consumer_reply,
    appeal_receive,
)
from gridcare.appeals.workflow import OPEN_STATUSES
from gridcare.consumers.models import Consumer
from gridcare.core.env import env_secret
from gridcare.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from gridcare.core.text import normalize_phone
from gridcare.written_channels.models import VkCommunity, VkEvent, VkOutbox
from gridcare.written_channels.services.remote import (
    consumer_branch_id,
    remote_centre_for,
    remote_queue_enqueue,
)
from gridcare.written_channels.vk_senders import VkSendError, vk_sender

logger = logging.getLogger("gridcare.written_channels")

HANDLED_TYPES = frozenset({"message_new", "wall_reply_new"})
SEND_ATTEMPTS_MAX = 5
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"(?:\+7|8|7)?[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")

ASK_CONTACTS = (
    "Здравствуйте! Чтобы зарегистрировать обращение, напишите, пожалуйста, номер "
    "телефона или e-mail для ответа."
)


def contacts_in(text: str) -> tuple[str, str]:
    """(phone, e-mail) found in a message, normalised; empty when absent."""
    email_match = _EMAIL_RE.search(text)
    phone = ""
    for candidate in _PHONE_RE.findall(text):
        phone = normalize_phone(candidate) or ""
        if phone:
            break
    return phone, email_match.group(0).lower() if email_match else ""


def _message_of(payload: dict[str, Any]) -> tuple[int, str]:
    """(author's VK id, text) of a message_new (API ≥ 5.103: object.message; older
    versions put the message itself in object) or a wall_reply_new."""
    obj = payload.get("object") or {}
    if payload.get("type") == "message_new" and isinstance(obj.get("message"), dict):
        obj = obj["message"]
    author = obj.get("from_id") or obj.get("user_id") or 0
    text = str(obj.get("text") or "").strip()
    attachments = obj.get("attachments") or []
    if attachments:
        kinds = ", ".join(sorted({str(a.get("type", "?")) for a in attachments}))
        text = f"{text}\n\n[Вложения ВКонтакте: {kinds}]".strip()
    if payload.get("type") == "wall_reply_new":
        post = f"wall{obj.get('post_owner_id', '')}_{obj.get('post_id', '')}"
        text = f"{text}\n\n[Комментарий к записи {post}]".strip()
    return int(author), text


def _community(payload: dict[str, Any]) -> VkCommunity:
    try:
        group_id = int(payload.get("group_id") or 0)
    except (TypeError, ValueError):
        group_id = 0
    community = VkCommunity.objects.filter(group_id=group_id, is_active=True).first()
    if community is None:
        raise NotFoundError("Сообщество ВКонтакте не подключено.")
    return community


def _check_secret(community: VkCommunity, payload: dict[str, Any]) -> None:
    expected = env_secret(community.secret_env) if community.secret_env else ""
    given = str(payload.get("secret") or "")
    if expected and not hmac.compare_digest(given.encode(), expected.encode()):
        raise PermissionDeniedError("Неверный секретный ключ.", code="bad_secret")


def _queue(community: VkCommunity, user_id: int, text: str, **extra: Any) -> None:
    VkOutbox.objects.create(
        community=community,
        vk_user_id=user_id,
        text=text,
        created_at=timezone.now(),
        **extra,
    )


def _open_appeal(community: VkCommunity, user_id: int) -> Appeal | None:
    since = timezone.now() - timedelta(days=community.reply_window_days)
    last = (
        VkEvent.objects.filter(
            community=community,
            vk_user_id=user_id,
            appeal__isnull=False,
            received_at__gte=since,
            appeal__status__in=OPEN_STATUSES,
        )
        .select_related("appeal")
        .order_by("-received_at", "-pk")
        .first()
    )
    return last.appeal if last else None


def _consumer_by(phone: str, email: str) -> Consumer | None:
    query = Q(pk__in=[])
    if phone:
        query |= Q(phone=phone)
    if email:
        query |= Q(email__iexact=email)
    matches = list(Consumer.objects.filter(query)[:2])
    return matches[0] if len(matches) == 1 else None


def _register(community: VkCommunity, event: VkEvent) -> None:
    """Register the held messages of the user with this one as one appeal, or hold
    this one and ask for contacts."""
    since = timezone.now() - timedelta(days=community.reply_window_days)
    held = list(
        VkEvent.objects.filter(
            community=community,
            vk_user_id=event.vk_user_id,
            outcome="held",
            received_at__gte=since,
        ).order_by("received_at", "pk")
    )
    texts = [e.text for e in held if e.text] + ([event.text] if event.text else [])
    phone, email = contacts_in("\n".join(texts))
    if not (phone or email):
        event.outcome = "held"
        event.save(update_fields=["outcome"])
        if not held:
            _queue(community, event.vk_user_id, ASK_CONTACTS)
        return
    consumer = _consumer_by(phone, email)
    centre = remote_centre_for(branch_id=consumer_branch_id(consumer))
    appeal = appeal_receive(
        actor=None,
        data=AppealInput(
            channel=Channel.SOCIAL,
            category=Category.OTHER,
            topic=Topic.GENERAL,
            text="\n\n".join(texts),
            subject=f"ВКонтакте, сообщество «{community.name}»",
            contact_name=consumer.name
            if consumer
            else f"Пользователь ВКонтакте id{event.vk_user_id}",
            contact_phone=phone,
            contact_email=email,
            answer_channel=AnswerChannel.EMAIL if email else AnswerChannel.SMS,
            consumer=consumer,
            office=centre,
            external_id=f"vk:{community.group_id}:{event.vk_user_id}:{event.event_id}"[
                :64
            ],
        ),
    )
    remote_queue_enqueue(appeal=appeal, office=centre)
    VkEvent.objects.filter(pk__in=[e.pk for e in held]).update(
        outcome="merged", appeal=appeal
    )
    event.outcome, event.appeal = "appeal", appeal
    event.save(update_fields=["outcome", "appeal"])
    _queue(
        community,
        event.vk_user_id,
        f"Ваше обращение зарегистрировано, номер {appeal.number}. Ответ пришлём "
        "сюда и на указанный контакт.",
        appeal=appeal,
    )


def _process(community: VkCommunity, event: VkEvent) -> None:
    appeal = _open_appeal(community, event.vk_user_id)
    if appeal is not None and event.text:
        try:
            appeal_consumer_reply(actor=None, appeal=appeal, text=event.text)
        except ApplicationError:
            appeal = None
        else:
            event.outcome, event.appeal = "reply", appeal
            event.save(update_fields=["outcome", "appeal"])
            return
    _register(community, event)


def vk_callback_handle(*, payload: dict[str, Any]) -> str:
    """Answer one Callback API request: the confirmation string, or "ok" once the
    event is recorded (a repeated event_id changes nothing). Raises NotFoundError for
    an unknown community, PermissionDeniedError for a wrong secret."""
    community = _community(payload)
    kind = str(payload.get("type") or "")
    if kind == "confirmation":
        return community.confirmation_code
    _check_secret(community, payload)
    event_id = str(payload.get("event_id") or "")[:64]
    if not event_id:
        raise ApplicationError("Нет event_id.", code="event_id_required")
    author, text = (0, "") if kind not in HANDLED_TYPES else _message_of(payload)
    try:
        with transaction.atomic():
            event = VkEvent.objects.create(
                community=community,
                event_id=event_id,
                type=kind[:32],
                vk_user_id=author or None,
                text=text,
                payload=payload,
                outcome="ignored",
                received_at=timezone.now(),
            )
            # Messages of other communities (negative ids) and empty ones are kept
            # for the record only.
            if kind in HANDLED_TYPES and author > 0 and text:
                _process(community, event)
    except IntegrityError:
        if not VkEvent.objects.filter(community=community, event_id=event_id).exists():
            raise
    return "ok"


def vk_outbox_collect() -> int:
    """Queue the registry's messages to consumers of appeals that came from VK
    (requests for information, answers) once each; return how many were queued."""
    linked = VkEvent.objects.filter(appeal__isnull=False).values("appeal_id")
    messages = (
        AppealMessage.objects.filter(
            appeal_id__in=linked, direction=AppealMessage.Direction.TO_CONSUMER
        )
        .exclude(
            pk__in=VkOutbox.objects.filter(appeal_message__isnull=False).values(
                "appeal_message_id"
            )
        )
        .select_related("appeal")
        .order_by("pk")
    )
    queued = 0
    for message in messages:
        source = (
            VkEvent.objects.filter(appeal_id=message.appeal_id)
            .select_related("community")
            .order_by("received_at", "pk")
            .first()
        )
        if source is None or source.vk_user_id is None:
            continue
        prefix = "Ответ" if message.is_answer else "Сообщение"
        try:
            with transaction.atomic():
                _queue(
                    source.community,
                    source.vk_user_id,
                    f"{prefix} по обращению № {message.appeal.number}:\n{message.text}",
                    appeal=message.appeal,
                    appeal_message=message,
                )
        except IntegrityError:
            continue  # queued by a parallel run
        queued += 1
    return queued


def vk_outbox_send(*, limit: int = 200) -> int:
    """Send pending VK messages through the configured sender; return how many were
    sent. Each item is claimed by a conditional update, so two runs never send it
    twice; a failure is retried up to SEND_ATTEMPTS_MAX times."""
    sender = vk_sender()
    sent = 0
    pending = VkOutbox.objects.filter(status=VkOutbox.Status.PENDING).select_related(
        "community"
    )
    for item in pending.order_by("pk")[:limit]:
        claimed = VkOutbox.objects.filter(
            pk=item.pk, status=VkOutbox.Status.PENDING, attempts=item.attempts
        ).update(attempts=item.attempts + 1)
        if not claimed:
            continue
        try:
            sender.send(
                community=item.community,
                user_id=item.vk_user_id,
                text=item.text,
                random_id=item.pk,
            )
        except VkSendError as exc:
            failed = item.attempts + 1 >= SEND_ATTEMPTS_MAX
            VkOutbox.objects.filter(pk=item.pk).update(
                last_error=str(exc)[:500],
                status=VkOutbox.Status.FAILED if failed else VkOutbox.Status.PENDING,
            )
            continue
        VkOutbox.objects.filter(pk=item.pk).update(
            status=VkOutbox.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        sent += 1
    return sent
