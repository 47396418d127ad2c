"""Writes on the appeal registry: one named service per status transition, each in a
transaction with a row lock, a history row and notifications after commit."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals import notices
from gridcare.appeals.attachments import attachments_store, attachments_validate
from gridcare.appeals.codes import (
    AnswerChannel,
    Category,
    Channel,
    Kind,
    Regime,
    ServiceRequestType,
    Status,
    Topic,
)
from gridcare.appeals.deadlines import DeadlineRuleSet
from gridcare.appeals.events import appeal_event_add
from gridcare.appeals.models import Appeal, AppealMessage, AppealNote
from gridcare.appeals.registration import (
    appeal_search_text,
    branch_for,
    registration_number_next,
    service_form_for,
    work_group_for,
)
from gridcare.calendars.terms import extend_for_pause
from gridcare.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from gridcare.core.text import normalize_phone

TEXT_MAX = 20_000


@dataclass
class AppealInput:
    """What is known of an appeal when it arrives, from any channel."""

    channel: str
    category: str
    topic: str
    text: str
    contact_name: str
    kind: str = Kind.APPEAL
    contact_phone: str = ""
    contact_email: str = ""
    contact_postal_address: str = ""
    answer_channel: str = AnswerChannel.EMAIL
    subject: str = ""
    regime: str = ""
    consumer: object | None = None
    consumer_account: object | None = None
    supply_point: object | None = None
    building: object | None = None
    address_text: str = ""
    office: object | None = None
    received_at: datetime | None = None
    service_request_type: str = ""
    external_id: str = ""
    files: Sequence[UploadedFile] = field(default_factory=list)
    # outages.PowerReport when the appeal reports no power (outage-aware intake).
    power_report: object | None = None


def _require(actor: object, right: Right) -> None:
    if not has_right(actor, right):
        raise PermissionDeniedError()


def _check_code(value: str, choices: type, label: str) -> None:
    if value not in choices.values:
        raise ApplicationError(
            f"Неизвестное значение поля «{label}»: {value!r}.", code="invalid_code"
        )


def _clean_input(data: AppealInput) -> AppealInput:
    """Validate and normalise an incoming appeal; raise with a Russian message."""
    _check_code(data.channel, Channel, "канал")
    _check_code(data.category, Category, "категория")
    _check_code(data.kind, Kind, "вид обращения")
    _check_code(data.topic, Topic, "тематика")
    _check_code(data.answer_channel, AnswerChannel, "способ ответа")
    if data.regime:
        _check_code(data.regime, Regime, "режим")
    if data.service_request_type:
        _check_code(data.service_request_type, ServiceRequestType, "вид заявки")
    data.text = (data.text or "").strip()
    data.contact_name = (data.contact_name or "").strip()
    data.subject = (data.subject or "").strip()[:300]
    if not data.text:
        raise ApplicationError("Напишите текст обращения.", code="text_required")
    if len(data.text) > TEXT_MAX:
        raise ApplicationError(
            f"Текст обращения длиннее {TEXT_MAX} символов.", code="text_too_long"
        )
    if not data.contact_name:
        raise ApplicationError("Укажите имя заявителя.", code="name_required")
    if data.contact_phone:
        phone = normalize_phone(data.contact_phone)
        if not phone:
            raise ApplicationError(
                "Телефон указан неверно: нужен российский номер из 10 цифр после +7.",
                code="phone_invalid",
            )
        data.contact_phone = phone
    if data.contact_email:
        data.contact_email = data.contact_email.strip()
        try:
            validate_email(data.contact_email)
        except ValidationError as exc:
            raise ApplicationError(
                "Адрес электронной почты указан неверно.", code="email_invalid"
            ) from exc
    if not (data.contact_phone or data.contact_email or data.contact_postal_address):
        raise ApplicationError(
            "Укажите хотя бы один способ связи: телефон, e-mail или почтовый адрес.",
            code="contact_required",
        )
    needs = {
        AnswerChannel.EMAIL: (data.contact_email, "e-mail"),
        AnswerChannel.SMS: (data.contact_phone, "телефон"),
        AnswerChannel.PHONE: (data.contact_phone, "телефон"),
        AnswerChannel.POST: (data.contact_postal_address, "почтовый адрес"),
    }
    if data.answer_channel in needs and not needs[data.answer_channel][0]:
        raise ApplicationError(
            f"Для ответа выбранным способом укажите {needs[data.answer_channel][1]}.",
            code="answer_contact_required",
        )
    if data.answer_channel == AnswerChannel.PERSONAL_ACCOUNT and not (
        data.consumer is not None and getattr(data.consumer, "user_id", None)
    ):
        raise ApplicationError(
            "Ответ в личный кабинет возможен только для зарегистрированного потребителя.",
            code="answer_contact_required",
        )
    now = timezone.now()
    if data.received_at and data.received_at > now:
        raise ApplicationError(
            "Дата поступления не может быть в будущем.", code="received_future"
        )
    account, point = data.consumer_account, data.supply_point
    if (
        account is not None
        and data.consumer is not None
        and account.consumer_id != data.consumer.pk
    ):  # type: ignore[attr-defined]
        raise ApplicationError(
            "Лицевой счёт не принадлежит потребителю.", code="account_mismatch"
        )
    if point is not None and account is not None and point.account_id != account.pk:  # type: ignore[attr-defined]
        raise ApplicationError(
            "Точка поставки не относится к лицевому счёту.", code="point_mismatch"
        )
    return data


# The channels a consumer files through by themselves; the rest are registered by staff
# (phone, office, post…) or arrive without a login (internet reception).
SELF_SERVICE_CHANNELS = frozenset(
    {Channel.PERSONAL_ACCOUNT, Channel.MOBILE_APP, Channel.CHATBOT}
)


def _apply_consumer_rules(actor: object, data: AppealInput) -> None:
    """A consumer files only for themselves, through a self-service channel, now."""
    own = getattr(actor, "consumer", None)
    if own is None:
        raise ApplicationError(
            "Учётная запись не связана с карточкой потребителя.",
            code="consumer_profile_missing",
        )
    if data.channel not in SELF_SERVICE_CHANNELS:
        raise PermissionDeniedError(
            "Потребитель подаёт обращение только через личный кабинет, мобильное "
            "приложение или чат-бот.",
            code="channel_not_allowed",
        )
    if data.consumer is not None and data.consumer.pk != own.pk:  # type: ignore[attr-defined]
        raise NotFoundError("Потребитель не найден.")
    if data.received_at is not None:
        raise ApplicationError(
            "Дату поступления указывает только сотрудник.", code="field_not_allowed"
        )
    data.consumer = own


def _only_account(consumer: object) -> object | None:
    """The consumer's account when they have exactly one, so the appeal is routed to
    its branch."""
    accounts = list(consumer.accounts.filter(is_active=True)[:2])  # type: ignore[attr-defined]
    return accounts[0] if len(accounts) == 1 else None


def _default_regime(data: AppealInput) -> str:
    if data.kind == Kind.COMPLAINT:
        return Regime.COMPLAINT
    if data.channel in (Channel.PHONE, Channel.IVR):
        return Regime.PHONE_CALLBACK
    if data.topic == Topic.RELIABILITY and data.category == Category.TRANSMISSION:
        return Regime.SUPPLY_QUALITY
    return Regime.WRITTEN


def appeal_receive(
    *, actor: object | None, data: AppealInput, register: bool = True
) -> Appeal:
    """Record an incoming appeal from any channel and (by default) register it at once.

    `actor` is the consumer who filed it, the staff member who registered it on the
    consumer's behalf, or None for automatic intake. Files are checked before anything is
    written: bad input changes nothing."""
    if actor is not None and getattr(actor, "is_backoffice", False):
        _require(actor, Right.APPEAL_REGISTER)
    elif actor is not None:
        _apply_consumer_rules(actor, data)
    data = _clean_input(data)
    files = attachments_validate(list(data.files))
    if data.consumer is not None and data.consumer_account is None:
        data.consumer_account = _only_account(data.consumer)
    now = timezone.now()
    with transaction.atomic():
        appeal = Appeal(
            channel=data.channel,
            service_form=service_form_for(data.channel),
            category=data.category,
            kind=data.kind,
            topic=data.topic,
            regime=data.regime or _default_regime(data),
            has_complaint=data.kind == Kind.COMPLAINT,
            has_service_request=data.kind == Kind.SERVICE_REQUEST,
            service_request_type=data.service_request_type,
            consumer=data.consumer,  # type: ignore[misc]
            consumer_account=data.consumer_account,  # type: ignore[misc]
            supply_point=data.supply_point,  # type: ignore[misc]
            building=data.building,  # type: ignore[misc]
            address_text=data.address_text.strip()[:300],
            power_report=data.power_report,  # type: ignore[misc]
            office=data.office,  # type: ignore[misc]
            contact_name=data.contact_name[:300],
            contact_phone=data.contact_phone,
            contact_email=data.contact_email,
            contact_postal_address=data.contact_postal_address.strip()[:500],
            answer_channel=data.answer_channel,
            subject=data.subject,
            text=data.text,
            received_at=data.received_at or now,
            external_id=data.external_id[:64],
            registered_by=actor if getattr(actor, "is_backoffice", False) else None,  # type: ignore[misc]
        )
        appeal.branch_id = branch_for(appeal)
        appeal.search_text = appeal_search_text(appeal)
        appeal.save()
        appeal_event_add(
            appeal=appeal,
            actor=actor,
            action="received",
            to_status=Status.NEW,
            at=now,
            channel=appeal.channel,
        )
        attachments_store(appeal=appeal, files=files, uploaded_by=actor)
        if register:
            _register(appeal=appeal, actor=actor, now=now)
    return appeal


def _register(*, appeal: Appeal, actor: object | None, now: datetime) -> None:
    if not appeal.can_move_to(Status.REGISTERED):
        raise ConflictError("Обращение уже зарегистрировано.")
    appeal.number = registration_number_next(year=timezone.localtime(now).year)
    appeal.registered_at = now
    group = work_group_for(topic=appeal.topic, branch_id=appeal.branch_id)
    appeal.group = group
    deadline = DeadlineRuleSet.load().deadline(
        regime=appeal.regime,
        kind=appeal.kind,
        channel=appeal.channel,
        topic=appeal.topic,
        start=now,
    )
    if deadline:
        appeal.deadline_rule = deadline.rule
        appeal.due_at = deadline.due_at
        appeal.due_soon_at = deadline.due_soon_at
    appeal.status = Status.REGISTERED
    appeal.search_text = appeal_search_text(appeal)
    appeal.save(
        update_fields=[
            "number",
            "registered_at",
            "group",
            "deadline_rule",
            "due_at",
            "due_soon_at",
            "status",
            "search_text",
        ]
    )
    appeal_event_add(
        appeal=appeal,
        actor=actor,
        action="registered",
        from_status=Status.NEW,
        to_status=Status.REGISTERED,
        at=now,
        number=appeal.number,
        group=group.name if group else None,
        due_at=appeal.due_at.isoformat() if appeal.due_at else None,
    )
    transaction.on_commit(lambda: notices.appeal_registered(appeal_id=appeal.pk))
    _push_queue(appeal)


def appeal_register(*, actor: object | None, appeal: Appeal) -> Appeal:
    """Register a received appeal: number, deadline, routing (new → registered)."""
    with transaction.atomic():
        appeal = _lock(appeal)
        _register(appeal=appeal, actor=actor, now=timezone.now())
    return appeal


def _lock(appeal: Appeal) -> Appeal:
    """Lock the row for this transaction and reload it in place, so the caller's object
    shows the result of the service."""
    appeal.refresh_from_db(from_queryset=Appeal.objects.select_for_update())
    return appeal


def _move(
    *,
    appeal: Appeal,
    actor: object | None,
    to: str,
    action: str,
    fields: Sequence[str] = (),
    **details: object,
) -> None:
    """Check the move is legal, set the status, save, write history."""
    if not appeal.can_move_to(to):
        raise ConflictError(
            f"Действие невозможно: обращение в статусе «{appeal.get_status_display()}».",
            code="invalid_transition",
        )
    from_status = appeal.status
    appeal.status = to
    appeal.save(update_fields=["status", *fields])
    appeal_event_add(
        appeal=appeal,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to,
        **details,
    )
    _push_queue(appeal)


def _push_queue(appeal: Appeal) -> None:
    pk, branch_id, status = appeal.pk, appeal.branch_id, appeal.status
    transaction.on_commit(
        lambda: notices.queue_changed(appeal_id=pk, branch_id=branch_id, status=status)
    )


def _resume_clock(appeal: Appeal, now: datetime) -> list[str]:
    """End a pause: push the deadline later by the time spent waiting for the consumer."""
    if appeal.paused_at is None:
        return []
    rule = appeal.deadline_rule
    if appeal.due_at and rule and rule.pauses_while_waiting:
        shift = dict(
            paused_from=appeal.paused_at,
            paused_to=now,
            unit=rule.unit,
            region=settings.CALENDAR_REGION,
        )
        old_due = appeal.due_at
        appeal.due_at = extend_for_pause(due=old_due, **shift)
        if appeal.due_soon_at:
            appeal.due_soon_at = appeal.due_soon_at + (appeal.due_at - old_due)
    appeal.paused_at = None
    return ["due_at", "due_soon_at", "paused_at"]


def appeal_assign(*, actor: object, appeal: Appeal, assignee: object | None) -> Appeal:
    """Give the appeal to a specialist (registered → in work), or take it oneself."""
    _require(actor, Right.APPEAL_WORK)
    if assignee is not None and assignee != actor:
        _require(actor, Right.APPEAL_ASSIGN)
    if assignee is not None and not has_right(assignee, Right.APPEAL_WORK):
        raise ApplicationError(
            "Этому сотруднику нельзя поручать обращения.", code="bad_assignee"
        )
    with transaction.atomic():
        appeal = _lock(appeal)
        if not appeal.is_open or appeal.status == Status.NEW:
            raise ConflictError(
                "Назначить можно только открытое зарегистрированное обращение.",
                code="invalid_transition",
            )
        previous = appeal.assignee
        appeal.assignee = assignee  # type: ignore[assignment]
        if appeal.status == Status.REGISTERED and assignee is not None:
            _move(
                appeal=appeal,
                actor=actor,
                to=Status.IN_WORK,
                action="assigned",
                fields=["assignee"],
                assignee=str(assignee),
                previous=str(previous) if previous else None,
            )
        elif appeal.status == Status.IN_WORK and assignee is None:
            _move(
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
    _require(actor, Right.APPEAL_ASSIGN)
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
    _require(actor, Right.APPEAL_WORK)
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Заметка пустая.", code="text_required")
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
    _require(actor, Right.APPEAL_WORK)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(
            "Напишите, какие сведения нужны от потребителя.", code="text_required"
        )
    now = timezone.now()
    with transaction.atomic():
        appeal = _lock(appeal)
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
        _move(
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
        _require(actor, Right.APPEAL_WORK)
    text = (text or "").strip()
    if not text and not files:
        raise ApplicationError("Сообщение пустое.", code="text_required")
    checked = attachments_validate(list(files))
    now = timezone.now()
    with transaction.atomic():
        appeal = _lock(appeal)
        if appeal.status in (Status.WITHDRAWN, Status.NEW):
            raise ConflictError(
                "К этому обращению нельзя добавить сообщение.",
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
            fields = _resume_clock(appeal, now)
            _move(
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
    _require(actor, Right.APPEAL_WORK)
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Напишите ответ потребителю.", code="text_required")
    now = timezone.now()
    with transaction.atomic():
        appeal = _lock(appeal)
        via = via or appeal.answer_channel
        _check_code(via, AnswerChannel, "способ ответа")
        message = AppealMessage.objects.create(
            appeal=appeal,
            direction=AppealMessage.Direction.TO_CONSUMER,
            author=actor,
            text=text,
            is_answer=True,
            created_at=now,
        )  # type: ignore[misc]
        fields = _resume_clock(appeal, now)
        appeal.answer_text = text
        appeal.answer_sent_via = via
        appeal.answered_at = now
        if appeal.assignee_id is None:
            appeal.assignee = actor  # type: ignore[assignment]
        _move(
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
    _require(actor, Right.APPEAL_WORK)
    with transaction.atomic():
        appeal = _lock(appeal)
        appeal.closed_at = timezone.now()
        fields = ["closed_at"]
        if complaint_settled is not None and appeal.has_complaint:
            appeal.complaint_settled = complaint_settled
            fields.append("complaint_settled")
        _move(
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
        raise ApplicationError("Укажите причину возобновления.", code="reason_required")
    is_owner = (
        getattr(actor, "is_consumer", False)
        and appeal.consumer is not None
        and appeal.consumer.user_id == actor.pk
    )  # type: ignore[attr-defined]
    if not is_owner:
        _require(actor, Right.APPEAL_WORK)
    with transaction.atomic():
        appeal = _lock(appeal)
        appeal.closed_at = None
        _move(
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
    _require(actor, Right.APPEAL_WORK)
    to, text = (to or "").strip(), (text or "").strip()
    if not to:
        raise ApplicationError(
            "Укажите, куда перенаправлено обращение.", code="forward_to_required"
        )
    if not text:
        raise ApplicationError(
            "Напишите сообщение потребителю о перенаправлении.", code="text_required"
        )
    now = timezone.now()
    with transaction.atomic():
        appeal = _lock(appeal)
        message = AppealMessage.objects.create(
            appeal=appeal,
            direction=AppealMessage.Direction.TO_CONSUMER,
            author=actor,
            text=text,
            created_at=now,
        )  # type: ignore[misc]
        appeal.forwarded_to = to[:300]
        fields = [*_resume_clock(appeal, now), "forwarded_to"]
        _move(
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
        _require(actor, Right.APPEAL_WORK)
    with transaction.atomic():
        appeal = _lock(appeal)
        appeal.closed_at = timezone.now()
        appeal.paused_at = None
        _move(
            appeal=appeal,
            actor=actor,
            to=Status.WITHDRAWN,
            action="withdrawn",
            fields=["closed_at", "paused_at"],
            reason=reason.strip(),
        )
    return appeal


def appeal_rate(
    *, actor: object, appeal: Appeal, rating: int, comment: str = ""
) -> Appeal:
    """The consumer rates the answer 1–5 and may say why."""
    if appeal.consumer is None or appeal.consumer.user_id != getattr(actor, "pk", None):
        raise PermissionDeniedError("Оценить ответ может только автор обращения.")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ApplicationError("Оценка — целое число от 1 до 5.", code="rating_invalid")
    with transaction.atomic():
        appeal = _lock(appeal)
        if appeal.status not in (Status.ANSWERED, Status.CLOSED):
            raise ConflictError(
                "Оценить можно только обращение, на которое дан ответ.",
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
    _require(actor, Right.APPEAL_WORK)
    with transaction.atomic():
        appeal = _lock(appeal)
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
