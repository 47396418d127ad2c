"""A subject's request, step by step: filed (an appeal of the 152-ФЗ regime is
registered with it: number and the 10-working-day deadline), taken, extended once by
5 working days with a reasoned notice, corrected, answered. Each step locks the
request, checks the move, writes a history row."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.appeals import notices
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Regime, Topic
from gridcare.appeals.events import appeal_event_add
from gridcare.appeals.models import AppealMessage
from gridcare.appeals.services import (
    AppealInput,
    appeal_answer,
    appeal_assign,
    appeal_receive,
)
from gridcare.appeals.services.common import lock_appeal
from gridcare.calendars.terms import TermUnit, due_at
from gridcare.consumers.models import Consent, ConsentPurpose, Consumer
from gridcare.consumers.services import consent_withdraw
from gridcare.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from gridcare.core.text import normalize_phone
from gridcare.privacy.events import subject_request_event_add
from gridcare.privacy.export import subject_export_collect, subject_export_summary
from gridcare.privacy.models import (
    CorrectableField,
    Decision,
    RequestStatus,
    RequestType,
    SubjectRequest,
)
from gridcare.privacy.rights import is_privacy_officer

# Channels staff register a request from (a letter, a visit, an e-mail).
STAFF_CHANNELS = (Channel.POST, Channel.OFFICE, Channel.EMAIL)
CONSUMER_CHANNELS = (Channel.PERSONAL_ACCOUNT, Channel.MOBILE_APP)
TEXT_MAX = 5000
# Used when the deadline rule has no extension set (152-ФЗ ст. 14 ч. 3 ✅ [R66]).
DEFAULT_EXTENSION_DAYS = 5


@dataclass
class RequestInput:
    """What the subject asks for, from the portal, the API or a letter."""

    type: str
    text: str = ""
    channel: str = Channel.PERSONAL_ACCOUNT
    # Correction: {field: new value} for CorrectableField names.
    requested_changes: dict[str, str] = field(default_factory=dict)
    consent_purpose: str = ""
    received_at: datetime | None = None


def _require_officer(actor: object) -> None:
    if not is_privacy_officer(actor):
        raise PermissionDeniedError()


def correction_value_clean(name: str, value: str) -> str:
    """Normalise a new value of a correctable field; raise with a Russian message."""
    value = " ".join((value or "").split())
    label = CorrectableField(name).label
    if not value:
        raise ApplicationError(
            _("Укажите новое значение поля «%(field)s».") % {"field": label},
            code="value_required",
        )
    if name == CorrectableField.PHONE:
        phone = normalize_phone(value)
        if not phone:
            raise ApplicationError(
                _(
                    "Телефон указан неверно: нужен российский номер из 10 цифр после +7."
                ),
                code="phone_invalid",
            )
        return phone
    if name == CorrectableField.EMAIL:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ApplicationError(
                _("Адрес электронной почты указан неверно."), code="email_invalid"
            ) from exc
    limits = {CorrectableField.NAME: 300, CorrectableField.POSTAL_ADDRESS: 500}
    if len(value) > limits.get(name, 254):
        raise ApplicationError(
            _("Значение поля «%(field)s» слишком длинное.") % {"field": label},
            code="value_too_long",
        )
    return value


def _clean(data: RequestInput) -> RequestInput:
    if data.type not in RequestType.values:
        raise ApplicationError(_("Выберите вид запроса."), code="type_invalid")
    data.text = (data.text or "").strip()
    if len(data.text) > TEXT_MAX:
        raise ApplicationError(
            _("Текст запроса длиннее %(max)s символов.") % {"max": TEXT_MAX},
            code="text_too_long",
        )
    if data.type == RequestType.CORRECTION:
        if not data.requested_changes:
            raise ApplicationError(
                _("Укажите, какие данные исправить, и новые значения."),
                code="changes_required",
            )
        unknown = set(data.requested_changes) - set(CorrectableField.values)
        if unknown:
            raise ApplicationError(
                _("Эти данные нельзя исправить по запросу: %(fields)s.")
                % {"fields": ", ".join(sorted(unknown))},
                code="field_invalid",
            )
        data.requested_changes = {
            name: correction_value_clean(name, value)
            for name, value in data.requested_changes.items()
        }
    else:
        data.requested_changes = {}
    if data.type == RequestType.WITHDRAW_CONSENT:
        if data.consent_purpose not in ConsentPurpose.values:
            raise ApplicationError(
                _("Выберите согласие, которое отзываете."), code="purpose_invalid"
            )
    else:
        data.consent_purpose = ""
    return data


def _appeal_text(data: RequestInput) -> str:
    lines = [str(RequestType(data.type).label) + "."]
    for name, value in data.requested_changes.items():
        lines.append(f"{CorrectableField(name).label}: {value}")
    if data.consent_purpose:
        lines.append(str(ConsentPurpose(data.consent_purpose).label))
    if data.text:
        lines.append(data.text)
    return "\n".join(lines)


def _answer_channel(consumer: Consumer) -> str:
    if consumer.user_id:
        return AnswerChannel.PERSONAL_ACCOUNT
    if consumer.email:
        return AnswerChannel.EMAIL
    return AnswerChannel.POST


def subject_request_file(
    *, actor: object, consumer: Consumer, data: RequestInput
) -> SubjectRequest:
    """File a subject's request: the consumer for themselves (portal, app) or the data
    protection officer from a letter, a visit or an e-mail. Registers an appeal of the
    152-ФЗ regime, whose deadline rule gives the 10 working days."""
    is_staff = getattr(actor, "is_backoffice", False)
    if is_staff:
        _require_officer(actor)
        allowed = STAFF_CHANNELS
    else:
        own = getattr(actor, "consumer", None)
        if own is None or own.pk != consumer.pk:
            raise NotFoundError(_("Потребитель не найден."))
        if data.received_at is not None:
            raise ApplicationError(
                _("Дату поступления указывает только сотрудник."),
                code="field_not_allowed",
            )
        allowed = CONSUMER_CHANNELS
    if data.channel not in allowed:
        raise ApplicationError(
            _("Запрос нельзя подать через этот канал."), code="channel_not_allowed"
        )
    data = _clean(data)
    label = RequestType(data.type).label
    with transaction.atomic():
        appeal = appeal_receive(
            actor=actor,
            data=AppealInput(
                channel=data.channel,
                category=Category.OTHER,
                topic=Topic.GENERAL,
                regime=Regime.PERSONAL_DATA,
                subject=_("Запрос субъекта персональных данных: %(type)s")
                % {"type": label},
                text=_appeal_text(data),
                contact_name=consumer.name,
                contact_phone=consumer.phone,
                contact_email=consumer.email,
                contact_postal_address=consumer.postal_address,
                answer_channel=_answer_channel(consumer),
                consumer=consumer,
                received_at=data.received_at,
            ),
        )
        request = SubjectRequest.objects.create(
            appeal=appeal,
            consumer=consumer,
            type=data.type,
            requested_changes=data.requested_changes,
            consent_purpose=data.consent_purpose,
            created_at=timezone.now(),
        )
        subject_request_event_add(
            request=request,
            actor=actor,
            action="filed",
            to_status=RequestStatus.REGISTERED,
            channel=data.channel,
            number=appeal.number,
            due_at=appeal.due_at.isoformat() if appeal.due_at else None,
        )
    return request


def _lock(request: SubjectRequest) -> SubjectRequest:
    request.refresh_from_db(
        from_queryset=SubjectRequest.objects.select_for_update().select_related(
            "appeal", "consumer"
        )
    )
    return request


def _move(
    request: SubjectRequest,
    *,
    actor: object,
    to: str,
    action: str,
    fields: list[str],
    **details: object,
) -> None:
    if not request.can_move_to(to):
        raise ConflictError(
            _("Действие невозможно: запрос в статусе «%(status)s».")
            % {"status": request.get_status_display()},
            code="invalid_transition",
        )
    from_status = request.status
    request.status = to
    request.save(update_fields=["status", *fields])
    subject_request_event_add(
        request=request,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to,
        **details,
    )


def subject_request_take(*, actor: object, request: SubjectRequest) -> SubjectRequest:
    """Take the request into work (registered → in work): the appeal is assigned to
    the officer and what is held about the subject is listed in `found`."""
    _require_officer(actor)
    with transaction.atomic():
        request = _lock(request)
        if request.appeal.status == "registered":
            appeal_assign(actor=actor, appeal=request.appeal, assignee=actor)
        request.found = subject_export_summary(
            subject_export_collect(consumer=request.consumer)
        )
        _move(
            request,
            actor=actor,
            to=RequestStatus.IN_WORK,
            action="taken",
            fields=["found"],
        )
    return request


def subject_request_extend(
    *, actor: object, request: SubjectRequest, reason: str
) -> SubjectRequest:
    """Extend the deadline once by 5 working days (the rule's `extension`) and send
    the subject the reasoned notice (152-ФЗ ст. 14 ч. 3 ✅ [R66])."""
    _require_officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Укажите причину продления: она сообщается заявителю."),
            code="reason_required",
        )
    now = timezone.now()
    with transaction.atomic():
        request = _lock(request)
        if not request.can_extend():
            raise ConflictError(
                _("Срок уже продлевался или ответ уже дан: продлить нельзя."),
                code="extension_not_allowed",
            )
        appeal = lock_appeal(request.appeal)
        if appeal.due_at is None:
            raise ConflictError(_("У обращения нет срока."), code="no_deadline")
        rule = appeal.deadline_rule
        amount = (rule.extension if rule else None) or DEFAULT_EXTENSION_DAYS
        unit = rule.unit if rule else TermUnit.WORKING_DAYS
        old_due = appeal.due_at
        appeal.due_at = due_at(
            start=old_due, amount=amount, unit=unit, region=settings.CALENDAR_REGION
        )
        if appeal.due_soon_at:
            appeal.due_soon_at += appeal.due_at - old_due
        appeal.extended_at = now
        appeal.save(update_fields=["due_at", "due_soon_at", "extended_at"])
        due_text = timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")
        message = AppealMessage.objects.create(
            appeal=appeal,
            direction=AppealMessage.Direction.TO_CONSUMER,
            author=actor,  # type: ignore[misc]
            text=_(
                "Срок ответа на ваш запрос продлён до %(due)s (на %(days)s рабочих дней, "
                "ст. 14 Федерального закона № 152-ФЗ). Причина: %(reason)s"
            )
            % {"due": due_text, "days": amount, "reason": reason},
            created_at=now,
        )
        appeal_event_add(
            appeal=appeal,
            actor=actor,
            action="deadline_extended",
            due_at=appeal.due_at.isoformat(),
            previous_due_at=old_due.isoformat(),
            reason=reason,
            message_id=message.pk,
        )
        request.extended_at = now
        request.extension_reason = reason
        request.save(update_fields=["extended_at", "extension_reason"])
        subject_request_event_add(
            request=request,
            actor=actor,
            action="extended",
            reason=reason,
            due_at=appeal.due_at.isoformat(),
            previous_due_at=old_due.isoformat(),
        )
        appeal_id, message_id = appeal.pk, message.pk
        transaction.on_commit(
            lambda: notices.appeal_message(appeal_id=appeal_id, message_id=message_id)
        )
    return request


def subject_request_correct(
    *, actor: object, request: SubjectRequest, values: dict[str, str]
) -> SubjectRequest:
    """Change the consumer-card fields the request names; record before and after."""
    _require_officer(actor)
    with transaction.atomic():
        request = _lock(request)
        if request.type != RequestType.CORRECTION:
            raise ConflictError(
                _("Исправить данные можно только по запросу об уточнении."),
                code="wrong_type",
            )
        if request.status != RequestStatus.IN_WORK:
            raise ConflictError(
                _("Сначала возьмите запрос в работу."), code="invalid_transition"
            )
        named = set(request.requested_changes)
        if not values or set(values) - named:
            raise ApplicationError(
                _("Исправлять можно только данные, названные в запросе."),
                code="field_not_requested",
            )
        consumer = Consumer.objects.select_for_update().get(pk=request.consumer_id)
        now = timezone.localtime().isoformat(timespec="seconds")
        changes = []
        for name, raw in values.items():
            value = correction_value_clean(name, raw)
            before = getattr(consumer, name)
            if before == value:
                continue
            setattr(consumer, name, value)
            changes.append({"field": name, "before": before, "after": value, "at": now})
        if not changes:
            raise ApplicationError(
                _("Новые значения совпадают с прежними: менять нечего."),
                code="nothing_changed",
            )
        consumer.save(update_fields=[c["field"] for c in changes])
        request.changes = [*request.changes, *changes]
        request.save(update_fields=["changes"])
        subject_request_event_add(
            request=request, actor=actor, action="corrected", changes=changes
        )
    return request


def _withdraw_consents(request: SubjectRequest) -> list[dict[str, object]]:
    done = []
    for consent in Consent.objects.filter(
        consumer_id=request.consumer_id,
        withdrawn_at=None,
        text__purpose=request.consent_purpose,
    ):
        consent_withdraw(consent=consent)
        done.append(
            {"consent_id": consent.pk, "withdrawn_at": consent.withdrawn_at.isoformat()}
        )  # type: ignore[union-attr]
    return done


def subject_request_answer(
    *, actor: object, request: SubjectRequest, decision: str, text: str
) -> SubjectRequest:
    """Answer the subject (→ answered) through the appeal, with the decision.

    A fulfilled deletion needs the subject anonymised first; a fulfilled correction
    needs the change made; a fulfilled consent withdrawal withdraws the consents of
    that purpose here."""
    _require_officer(actor)
    text = (text or "").strip()
    if decision not in Decision.values:
        raise ApplicationError(
            _("Выберите решение по запросу."), code="decision_invalid"
        )
    if not text:
        raise ApplicationError(_("Напишите ответ заявителю."), code="text_required")
    with transaction.atomic():
        request = _lock(request)
        if not request.can_move_to(RequestStatus.ANSWERED):
            raise ConflictError(
                _("Ответ на этот запрос уже дан."), code="invalid_transition"
            )
        fulfilled = decision != Decision.REFUSED
        anonymised = hasattr(request.consumer, "anonymisation")
        if fulfilled and request.type == RequestType.DELETION and not anonymised:
            raise ConflictError(
                _("Сначала обезличьте данные субъекта или откажите мотивированно."),
                code="not_anonymised",
            )
        if fulfilled and request.type == RequestType.CORRECTION and not request.changes:
            raise ConflictError(
                _("Сначала внесите исправления или откажите мотивированно."),
                code="not_corrected",
            )
        fields = ["decision", "answer_text", "answered_at"]
        if fulfilled and request.type == RequestType.WITHDRAW_CONSENT:
            request.changes = [*request.changes, *_withdraw_consents(request)]
            fields.append("changes")
        appeal_answer(actor=actor, appeal=request.appeal, text=text)
        request.decision = decision
        request.answer_text = text
        request.answered_at = timezone.now()
        _move(
            request,
            actor=actor,
            to=RequestStatus.ANSWERED,
            action="answered",
            fields=fields,
            decision=decision,
            on_time=bool(
                request.appeal.due_at is None
                or request.answered_at <= request.appeal.due_at
            ),
        )
    return request
