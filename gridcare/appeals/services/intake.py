"""Receiving and registering appeals from every channel."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right
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
from gridcare.appeals.models import Appeal
from gridcare.appeals.registration import (
    appeal_search_text,
    branch_for,
    regime_for,
    registration_number_next,
    service_form_for,
    work_group_for,
)
from gridcare.appeals.services.common import (
    check_code,
    lock_appeal,
    push_queue_change,
    require_right,
)
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


def _clean_input(data: AppealInput) -> AppealInput:
    """Validate and normalise an incoming appeal; raise with a Russian message."""
    check_code(data.channel, Channel, "канал")
    check_code(data.category, Category, "категория")
    check_code(data.kind, Kind, "вид обращения")
    check_code(data.topic, Topic, "тематика")
    check_code(data.answer_channel, AnswerChannel, "способ ответа")
    if data.regime:
        check_code(data.regime, Regime, "режим")
    if data.service_request_type:
        check_code(data.service_request_type, ServiceRequestType, "вид заявки")
    data.text = (data.text or "").strip()
    data.contact_name = (data.contact_name or "").strip()
    data.subject = (data.subject or "").strip()[:300]
    if not data.text:
        raise ApplicationError(_("Напишите текст обращения."), code="text_required")
    if len(data.text) > TEXT_MAX:
        raise ApplicationError(
            _("Текст обращения длиннее %(max)s символов.") % {"max": TEXT_MAX},
            code="text_too_long",
        )
    if not data.contact_name:
        raise ApplicationError(_("Укажите имя заявителя."), code="name_required")
    if data.contact_phone:
        phone = normalize_phone(data.contact_phone)
        if not phone:
            raise ApplicationError(
                _(
                    "Телефон указан неверно: нужен российский номер из 10 цифр после +7."
                ),
                code="phone_invalid",
            )
        data.contact_phone = phone
    if data.contact_email:
        data.contact_email = data.contact_email.strip()
        try:
            validate_email(data.contact_email)
        except ValidationError as exc:
            raise ApplicationError(
                _("Адрес электронной почты указан неверно."), code="email_invalid"
            ) from exc
    if not (data.contact_phone or data.contact_email or data.contact_postal_address):
        raise ApplicationError(
            _("Укажите хотя бы один способ связи: телефон, e-mail или почтовый адрес."),
            code="contact_required",
        )
    needs = {
        AnswerChannel.EMAIL: (data.contact_email, "e-mail"),
        AnswerChannel.SMS: (data.contact_phone, _("телефон")),
        AnswerChannel.PHONE: (data.contact_phone, _("телефон")),
        AnswerChannel.POST: (data.contact_postal_address, _("почтовый адрес")),
    }
    if data.answer_channel in needs and not needs[data.answer_channel][0]:
        raise ApplicationError(
            _("Для ответа выбранным способом укажите %(contact)s.")
            % {"contact": needs[data.answer_channel][1]},
            code="answer_contact_required",
        )
    if data.answer_channel == AnswerChannel.PERSONAL_ACCOUNT and not (
        data.consumer is not None and getattr(data.consumer, "user_id", None)
    ):
        raise ApplicationError(
            _(
                "Ответ в личный кабинет возможен только для зарегистрированного потребителя."
            ),
            code="answer_contact_required",
        )
    now = timezone.now()
    if data.received_at and data.received_at > now:
        raise ApplicationError(
            _("Дата поступления не может быть в будущем."), code="received_future"
        )
    account, point = data.consumer_account, data.supply_point
    if (
        account is not None
        and data.consumer is not None
        and account.consumer_id != data.consumer.pk
    ):  # type: ignore[attr-defined]
        raise ApplicationError(
            _("Лицевой счёт не принадлежит потребителю."), code="account_mismatch"
        )
    if point is not None and account is not None and point.account_id != account.pk:  # type: ignore[attr-defined]
        raise ApplicationError(
            _("Точка поставки не относится к лицевому счёту."), code="point_mismatch"
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
            _("Учётная запись не связана с карточкой потребителя."),
            code="consumer_profile_missing",
        )
    if data.channel not in SELF_SERVICE_CHANNELS:
        raise PermissionDeniedError(
            _(
                "Потребитель подаёт обращение только через личный кабинет, мобильное "
                "приложение или чат-бот."
            ),
            code="channel_not_allowed",
        )
    if data.consumer is not None and data.consumer.pk != own.pk:  # type: ignore[attr-defined]
        raise NotFoundError(_("Потребитель не найден."))
    if data.received_at is not None:
        raise ApplicationError(
            _("Дату поступления указывает только сотрудник."), code="field_not_allowed"
        )
    data.consumer = own


def _only_account(consumer: object) -> object | None:
    """The consumer's account when they have exactly one, so the appeal is routed to
    its branch."""
    accounts = list(consumer.accounts.filter(is_active=True)[:2])  # type: ignore[attr-defined]
    return accounts[0] if len(accounts) == 1 else None


def appeal_receive(
    *, actor: object | None, data: AppealInput, register: bool = True
) -> Appeal:
    """Record an incoming appeal from any channel and (by default) register it at once.

    `actor` is the consumer who filed it, the staff member who registered it on the
    consumer's behalf, or None for automatic intake. Files are checked before anything is
    written: bad input changes nothing."""
    if actor is not None and getattr(actor, "is_backoffice", False):
        require_right(actor, Right.APPEAL_REGISTER)
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
            regime=data.regime
            or regime_for(
                kind=data.kind,
                channel=data.channel,
                topic=data.topic,
                category=data.category,
            ),
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
        raise ConflictError(_("Обращение уже зарегистрировано."))
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
    push_queue_change(appeal)


def appeal_register(*, actor: object | None, appeal: Appeal) -> Appeal:
    """Register a received appeal: number, deadline, routing (new → registered)."""
    with transaction.atomic():
        appeal = lock_appeal(appeal)
        _register(appeal=appeal, actor=actor, now=timezone.now())
    return appeal
