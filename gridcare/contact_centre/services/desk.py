"""What the operator does on the desk besides routing moves: register the call as an
appeal (channel «телефон», a few keystrokes), attach it to an open appeal of the
caller (a note on that appeal), and work call-back tasks (take, complete with an
outcome)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.models import User
from gridcare.accounts.roles import Right, has_right
from gridcare.appeals.codes import AnswerChannel, Channel
from gridcare.appeals.models import Appeal
from gridcare.appeals.selectors import appeal_get_for_user
from gridcare.appeals.services import AppealInput, appeal_note_add, appeal_receive
from gridcare.consumers.selectors import consumer_list_visible
from gridcare.contact_centre.models import (
    CallbackRequest,
    CallbackRequestEvent,
    ChatTopic,
    Interaction,
)
from gridcare.contact_centre.selectors import CONSOLE_RIGHT
from gridcare.contact_centre.services.chat import TOPIC_CATEGORY
from gridcare.contact_centre.services.interactions import _event, _lock, push_changes
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.core.text import normalize_phone

SUBJECT_MAX = 120


def _own(actor: User, interaction: Interaction) -> Interaction:
    interaction = _lock(interaction)
    if interaction.operator_id != actor.pk:
        raise PermissionDeniedError(_("Это не ваше обращение."))
    if interaction.appeal_id:
        raise ConflictError(
            _("Звонок уже связан с обращением № %(number)s.")
            % {"number": interaction.appeal.number},
            code="already_registered",
        )
    return interaction


def interaction_appeal_register(
    *,
    actor: User,
    interaction: Interaction,
    text: str,
    topic: str = "",
    at: datetime | None = None,
) -> Appeal:
    """Register the operator's call as an appeal of the phone channel: the caller's
    consumer card (found by phone), first consumer account and point of supply, the
    queue's topic unless another is chosen; answer by phone. Once per interaction."""
    if not has_right(actor, Right.APPEAL_REGISTER):
        raise PermissionDeniedError()
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите, о чём звонок."), code="text_required")
    at = at or timezone.now()
    with transaction.atomic():
        interaction = _own(actor, interaction)
        topic = topic if topic in ChatTopic.values else interaction.topic
        phone = normalize_phone(interaction.caller)
        consumer = (
            consumer_list_visible(user=actor).filter(phone=phone).order_by("pk").first()
            if phone
            else None
        )
        account = consumer.accounts.order_by("number").first() if consumer else None
        point = account.supply_points.order_by("code").first() if account else None
        appeal = appeal_receive(
            actor=actor,
            data=AppealInput(
                channel=Channel.PHONE,
                category=TOPIC_CATEGORY[ChatTopic(topic)],
                topic=topic,
                text=text,
                subject=text.splitlines()[0][:SUBJECT_MAX],
                contact_name=consumer.name if consumer else _("Звонивший"),
                contact_phone=phone,
                contact_email=(consumer.email or "") if consumer else "",
                answer_channel=AnswerChannel.PHONE
                if phone
                else AnswerChannel.PERSONAL_ACCOUNT,
                consumer=consumer,
                consumer_account=account,
                supply_point=point,
            ),
        )
        interaction.appeal = appeal
        interaction.save(update_fields=["appeal"])
        _event(
            interaction,
            at=at,
            action="appeal_registered",
            actor=actor,
            number=appeal.number,
        )
        push_changes(actor.pk, reason="appeal")
    return appeal


def interaction_appeal_attach(
    *,
    actor: User,
    interaction: Interaction,
    appeal_id: int,
    text: str,
    at: datetime | None = None,
) -> Appeal:
    """Attach the call to an appeal the operator may see: an internal note on it
    with what the caller said; the interaction links to the appeal."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите, о чём звонок."), code="text_required")
    at = at or timezone.now()
    appeal = appeal_get_for_user(user=actor, appeal_id=appeal_id)
    with transaction.atomic():
        interaction = _own(actor, interaction)
        local = timezone.localtime(interaction.queued_at).strftime("%d.%m.%Y %H:%M")
        appeal_note_add(
            actor=actor,
            appeal=appeal,
            text=_("Звонок %(phone)s, %(at)s: %(text)s")
            % {"phone": interaction.caller, "at": local, "text": text},
        )
        interaction.appeal = appeal
        interaction.save(update_fields=["appeal"])
        _event(
            interaction,
            at=at,
            action="appeal_attached",
            actor=actor,
            number=appeal.number,
        )
        push_changes(actor.pk, reason="appeal")
    return appeal


def _callback_event(
    request: CallbackRequest, *, actor: User, action: str, old: str, at: datetime
) -> None:
    CallbackRequestEvent.objects.create(
        request=request,
        at=at,
        actor=actor,
        action=action,
        from_status=old,
        to_status=request.status,
    )


def callback_request_take(
    *, actor: User, request: CallbackRequest, at: datetime | None = None
) -> CallbackRequest:
    """Take a new call-back onto the operator's list (new → taken); its deadline
    (4 hours from the request ✅ [R5]) stays."""
    if not has_right(actor, CONSOLE_RIGHT):
        raise PermissionDeniedError()
    at = at or timezone.now()
    with transaction.atomic():
        request = CallbackRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != CallbackRequest.Status.NEW:
            raise ConflictError(
                _("Заявку уже взял другой оператор."), code="invalid_transition"
            )
        old = request.status
        request.status = CallbackRequest.Status.TAKEN
        request.taken_by = actor
        request.taken_at = at
        request.save(update_fields=["status", "taken_by", "taken_at"])
        _callback_event(request, actor=actor, action="taken", old=old, at=at)
        push_changes(actor.pk, reason="callback")
    return request
