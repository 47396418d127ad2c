"""Working an appeal: one named service per status transition, plus notes, messages,
ratings, outcome flags and escalation."""

from collections.abc import Sequence
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals import notices
from gridcare.appeals.attachments import attachments_store, attachments_validate
from gridcare.appeals.codes import (
    AnswerChannel,
    Status,
)
from gridcare.appeals.events import appeal_event_add
from gridcare.appeals.models import Appeal, AppealMessage, AppealNote
from gridcare.appeals.services.common import (
    check_code,
    lock_appeal,
    move_status,
    require_right,
    resume_clock,
)
from gridcare.core.errors import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)


def appeal_assign(*, actor: object, appeal: Appeal, assignee: object | None) -> Appeal:
    """Give the appeal to a specialist (registered → in work), or take it oneself."""
    require_right(actor, Right.APPEAL_WORK)
    if assignee is not None and assignee != actor:
        require_right(actor, Right.APPEAL_ASSIGN)
    if assignee is not None and not has_right(assignee, Right.APPEAL_WORK):
        raise ApplicationError(
            _("Этому сотруднику нельзя поручать обращения."), code="bad_assignee"
        )
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        if not appeal.is_open or appeal.status == Status.NEW:
            raise ConflictError(
                _("Назначить можно только открытое зарегистрированное обращение."),
                code="invalid_transition",
            )
        previous = appeal.assignee
        appeal.assignee = assignee  # type: ignore[assignment]
        if appeal.status == Status.REGISTERED and assignee is not None:
            move_status(
                appeal=appeal,
                actor=actor,
                to=Status.IN_WORK,
                action="assigned",
                fields=["assignee"],
                assignee=str(assignee),
                previous=str(previous) if previous else None,
            )
        elif appeal.status == Status.IN_WORK and assignee is None:
            move_status(
                appeal=appeal,
                actor=actor,
                to=Status.REGISTERED,
                action="returned_to_queue",
                fields=["assignee"],
                previous=str(previous) if previous else None,
            )
        else:
            appeal.save(update_fields=["assignee"])
            appeal_event_add(
                appeal=appeal,
                actor=actor,
                action="assigned",
                assignee=str(assignee) if assignee else None,
                previous=str(previous) if previous else None,
            )
    return appeal


def appeal_bulk_assign(
    *, actor: object, appeals: Sequence[Appeal], assignee: object
) -> int:
    """Assign several appeals at once; return how many were assigned."""
    require_right(actor, Right.APPEAL_ASSIGN)
    done = 0
    for appeal in appeals:
        try:
            appeal_assign(actor=actor, appeal=appeal, assignee=assignee)
        except ConflictError:
            continue
        done += 1
    return done


def appeal_note_add(
    *, actor: object, appeal: Appeal, text: str, files: Sequence[UploadedFile] = ()
) -> AppealNote:
    """Add an internal note (staff only, never shown to the consumer)."""
    require_right(actor, Right.APPEAL_WORK)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Заметка пустая."), code="text_required")
    checked = attachments_validate(list(files))
    with transaction.atomic():
        note = AppealNote.objects.create(
            appeal=appeal, author=actor, text=text, created_at=timezone.now()
        )  # type: ignore[misc]
        attachments_store(
            appeal=appeal, files=checked, uploaded_by=actor, is_internal=True
        )
        appeal_event_add(
            appeal=appeal, actor=actor, action="note_added", note_id=note.pk
        )
    return note


def appeal_request_information(*, actor: object, appeal: Appeal, text: str) -> Appeal:
    """Ask the consumer for missing information; the deadline clock pauses (→ waiting)."""
    require_right(actor, Right.APPEAL_WORK)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(
            _("Напишите, какие сведения нужны от потребителя."), code="text_required"
        )
    now = timezone.now()
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        message = AppealMessage.objects.create(
            appeal=appeal,
            direction=AppealMessage.Direction.TO_CONSUMER,
            author=actor,
            text=text,
            created_at=now,
        )  # type: ignore[misc]
        pause = (
            appeal.deadline_rule is None or appeal.deadline_rule.pauses_while_waiting
        )
        appeal.paused_at = now if pause else None
        move_status(
            appeal=appeal,
            actor=actor,
            to=Status.WAITING,
            action="information_requested",
            fields=["paused_at"],
            message_id=message.pk,
        )
        transaction.on_commit(
            lambda: notices.appeal_message(appeal_id=appeal.pk, message_id=message.pk)
        )
    return appeal


def appeal_consumer_reply(
    *,
    actor: object | None,
    appeal: Appeal,
    text: str,
    files: Sequence[UploadedFile] = (),
) -> AppealMessage:
    """Add the consumer's message; a reply to a request for information resumes the
    clock (waiting → in work)."""
    if getattr(actor, "is_backoffice", False):
        # Staff may record a reply the consumer gave them (e.g. by phone); a role
        # without the right to work appeals (analyst) may not.
        require_right(actor, Right.APPEAL_WORK)
    text = (text or "").strip()
    if not text and not files:
        raise ApplicationError(_("Сообщение пустое."), code="text_required")
    checked = attachments_validate(list(files))
    now = timezone.now()
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        if appeal.status in (Status.WITHDRAWN, Status.NEW):
            raise ConflictError(
                _("К этому обращению нельзя добавить сообщение."),
                code="invalid_transition",
            )
        message = AppealMessage.objects.create(
            appeal=appeal,
            direction=AppealMessage.Direction.FROM_CONSUMER,
            author=actor if getattr(actor, "pk", None) else None,
            text=text,
            created_at=now,
        )  # type: ignore[misc]
        attachments_store(
            appeal=appeal, files=checked, uploaded_by=actor, message=message
        )
        if appeal.status == Status.WAITING:
            fields = resume_clock(appeal, now)
            move_status(
                appeal=appeal,
                actor=actor,
                to=Status.IN_WORK,
                action="consumer_replied",
                fields=fields,
                message_id=message.pk,
            )
        else:
            appeal_event_add(
                appeal=appeal,
                actor=actor,
                action="consumer_replied",
                message_id=message.pk,
            )
    return message


def appeal_answer(*, actor: object, appeal: Appeal, text: str, via: str = "") -> Appeal:
    """Send the answer on the merits to the consumer (→ answered) and notify them."""
    require_right(actor, Right.APPEAL_WORK)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите ответ потребителю."), code="text_required")
    now = timezone.now()
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        via = via or appeal.answer_channel
        check_code(via, AnswerChannel, "способ ответа")
        message = AppealMessage.objects.create(
            appeal=appeal,
            direction=AppealMessage.Direction.TO_CONSUMER,
            author=actor,
            text=text,
            is_answer=True,
            created_at=now,
        )  # type: ignore[misc]
        fields = resume_clock(appeal, now)
        appeal.answer_text = text
        appeal.answer_sent_via = via
        appeal.answered_at = now
        if appeal.assignee_id is None:
            appeal.assignee = actor  # type: ignore[assignment]
        move_status(
            appeal=appeal,
            actor=actor,
            to=Status.ANSWERED,
            action="answered",
            fields=[
                *fields,
                "answer_text",
                "answer_sent_via",
                "answered_at",
                "assignee",
            ],
            via=via,
            on_time=bool(appeal.due_at is None or now <= appeal.due_at),
        )
        transaction.on_commit(
            lambda: notices.appeal_answered(appeal_id=appeal.pk, message_id=message.pk)
        )
    return appeal


def appeal_close(
    *, actor: object, appeal: Appeal, complaint_settled: bool | None = None
) -> Appeal:
    """Close an answered appeal; for a complaint, record whether it was settled."""
    require_right(actor, Right.APPEAL_WORK)
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        appeal.closed_at = timezone.now()
        fields = ["closed_at"]
        if complaint_settled is not None and appeal.has_complaint:
            appeal.complaint_settled = complaint_settled
            fields.append("complaint_settled")
        move_status(
            appeal=appeal,
            actor=actor,
            to=Status.CLOSED,
            action="closed",
            fields=fields,
            complaint_settled=complaint_settled,
        )
    return appeal


def appeal_reopen(*, actor: object, appeal: Appeal, reason: str) -> Appeal:
    """Reopen an answered, closed or forwarded appeal (→ in work), e.g. when the consumer
    disagrees with the answer."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Укажите причину возобновления."), code="reason_required"
        )
    is_owner = (
        getattr(actor, "is_consumer", False)
        and appeal.consumer is not None
        and appeal.consumer.user_id == actor.pk
    )  # type: ignore[attr-defined]
    if not is_owner:
        require_right(actor, Right.APPEAL_WORK)
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        appeal.closed_at = None
        move_status(
            appeal=appeal,
            actor=actor,
            to=Status.IN_WORK,
            action="reopened",
            fields=["closed_at"],
            reason=reason,
        )
    return appeal


def appeal_forward(*, actor: object, appeal: Appeal, to: str, text: str) -> Appeal:
    """Forward to the competent organisation (e.g. the energy retailer) and tell the
    consumer where it went (→ forwarded)."""
    require_right(actor, Right.APPEAL_WORK)
    to, text = (to or "").strip(), (text or "").strip()
    if not to:
        raise ApplicationError(
            _("Укажите, куда перенаправлено обращение."), code="forward_to_required"
        )
    if not text:
        raise ApplicationError(
            _("Напишите сообщение потребителю о перенаправлении."), code="text_required"
        )
    now = timezone.now()
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        message = AppealMessage.objects.create(
            appeal=appeal,
            direction=AppealMessage.Direction.TO_CONSUMER,
            author=actor,
            text=text,
            created_at=now,
        )  # type: ignore[misc]
        appeal.forwarded_to = to[:300]
        fields = [*resume_clock(appeal, now), "forwarded_to"]
        move_status(
            appeal=appeal,
            actor=actor,
            to=Status.FORWARDED,
            action="forwarded",
            fields=fields,
            forwarded_to=to,
        )
        transaction.on_commit(
            lambda: notices.appeal_message(appeal_id=appeal.pk, message_id=message.pk)
        )
    return appeal


def appeal_withdraw(*, actor: object, appeal: Appeal, reason: str = "") -> Appeal:
    """The consumer withdraws their appeal (final)."""
    is_owner = appeal.consumer is not None and appeal.consumer.user_id == getattr(
        actor, "pk", None
    )
    if not is_owner:
        require_right(actor, Right.APPEAL_WORK)
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        appeal.closed_at = timezone.now()
        appeal.paused_at = None
        move_status(
            appeal=appeal,
            actor=actor,
            to=Status.WITHDRAWN,
            action="withdrawn",
            fields=["closed_at", "paused_at"],
            reason=reason.strip(),
        )
    return appeal


# Ratings at or below this need a reason.
RATING_REASON_FROM = 3


def appeal_rate(
    *, actor: object, appeal: Appeal, rating: int, comment: str = ""
) -> Appeal:
    """The consumer rates the answer 1–5; a rating of 3 or less needs a reason."""
    if appeal.consumer is None or appeal.consumer.user_id != getattr(actor, "pk", None):
        raise PermissionDeniedError(_("Оценить ответ может только автор обращения."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ApplicationError(
            _("Оценка — целое число от 1 до 5."), code="rating_invalid"
        )
    # A low mark is only useful with its reason: it feeds the feedback indicator.
    if rating <= RATING_REASON_FROM and not (comment or "").strip():
        raise ApplicationError(
            _("Напишите, что было не так: при оценке 3 и ниже причина обязательна."),
            code="rating_reason_required",
        )
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        if appeal.status not in (Status.ANSWERED, Status.CLOSED):
            raise ConflictError(
                _("Оценить можно только обращение, на которое дан ответ."),
                code="invalid_transition",
            )
        appeal.rating = rating
        appeal.rating_comment = (comment or "").strip()[:2000]
        appeal.rated_at = timezone.now()
        appeal.save(update_fields=["rating", "rating_comment", "rated_at"])
        appeal_event_add(appeal=appeal, actor=actor, action="rated", rating=rating)
    return appeal


def appeal_set_outcome(
    *,
    actor: object,
    appeal: Appeal,
    led_to_connection_contract: bool,
    led_to_transmission_contract: bool,
    complaint_settled: bool,
) -> Appeal:
    """Record the outcome flags that table 4.1 of Приложение 7 counts."""
    require_right(actor, Right.APPEAL_WORK)
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        appeal.led_to_connection_contract = led_to_connection_contract
        appeal.led_to_transmission_contract = led_to_transmission_contract
        appeal.complaint_settled = complaint_settled and appeal.has_complaint
        appeal.save(
            update_fields=[
                "led_to_connection_contract",
                "led_to_transmission_contract",
                "complaint_settled",
            ]
        )
        appeal_event_add(
            appeal=appeal,
            actor=actor,
            action="outcome_set",
            connection_contract=led_to_connection_contract,
            transmission_contract=led_to_transmission_contract,
            complaint_settled=appeal.complaint_settled,
        )
    return appeal


def appeal_escalate_overdue(*, now: datetime | None = None) -> int:
    """Mark overdue open appeals as escalated and tell their branch supervisors once."""
    from gridcare.appeals.workflow import OPEN_STATUSES

    now = now or timezone.now()
    ids = list(
        Appeal.objects.filter(
            status__in=OPEN_STATUSES,
            paused_at__isnull=True,
            due_at__lt=now,
            escalated_at__isnull=True,
        ).values_list("pk", flat=True)[:5000]
    )
    for pk in ids:
        with transaction.atomic():
            updated = Appeal.objects.filter(pk=pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not updated:
                continue  # another worker took it
            appeal = Appeal.objects.get(pk=pk)
            appeal_event_add(
                appeal=appeal,
                actor=None,
                action="escalated",
                at=now,
                due_at=appeal.due_at.isoformat() if appeal.due_at else None,
            )
            transaction.on_commit(lambda pk=pk: notices.appeal_escalated(appeal_id=pk))
    return len(ids)
