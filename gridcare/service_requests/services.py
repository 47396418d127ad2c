"""Writes on service orders: ordering, then one named service per transition, each in
a transaction with a row lock, a history row and the consumer's notice after commit.

The order's appeal follows it in the registry: the invoice is the company's answer on
the merits (the appeal's ЕСКО deadline is met by it), the finished or cancelled order
closes the appeal, and a consumer who cancels before the invoice withdraws it."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.appeals.codes import AnswerChannel, Channel, Kind
from gridcare.appeals.codes import Status as AppealStatus
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import (
    AppealInput,
    appeal_answer,
    appeal_close,
    appeal_receive,
    appeal_withdraw,
)
from gridcare.calendars.terms import TermUnit, due_at
from gridcare.calendars.workdays import is_working_day
from gridcare.consumers.models import Consumer
from gridcare.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from gridcare.service_requests import notices
from gridcare.service_requests.events import service_order_event_add
from gridcare.service_requests.models import OrderStatus, Service, ServiceOrder
from gridcare.service_requests.pricing import format_rub, price_breakdown, vat_line
from gridcare.service_requests.selectors import service_get_published, vat_rate_on
from gridcare.service_requests.workflow import CONSUMER_CANCELLABLE, can_move

MOSCOW = ZoneInfo("Europe/Moscow")
COMMENT_MAX = 2000
REASON_MAX = 1000
QUANTITY_MAX = 100
S = OrderStatus


@dataclass
class ServiceOrderInput:
    """What a consumer orders: a service for one of their consumer accounts."""

    service_code: str
    consumer_account_id: int
    supply_point_id: int | None = None
    comment: str = ""
    preferred_from: date | None = None
    preferred_to: date | None = None
    channel: str = Channel.PERSONAL_ACCOUNT
    files: Sequence[UploadedFile] = field(default_factory=list)


# ---- helpers -----------------------------------------------------------------------


def _today() -> date:
    return timezone.localtime(timezone.now(), MOSCOW).date()


def _require_staff(actor: object) -> None:
    if not has_right(actor, Right.APPEAL_WORK):
        raise PermissionDeniedError()


def _is_owner(actor: object, order: ServiceOrder) -> bool:
    return bool(
        getattr(actor, "is_consumer", False)
        and order.consumer.user_id == getattr(actor, "pk", None)
    )


def _lock(order: ServiceOrder) -> ServiceOrder:
    return (
        ServiceOrder.objects.select_for_update(of=("self",))
        .select_related("appeal", "consumer")
        .get(pk=order.pk)
    )


def _check_move(order: ServiceOrder, to: str) -> None:
    if not can_move(order.status, to):
        raise ConflictError(
            _("Заявка в статусе «%(status)s»: это действие недоступно.")
            % {"status": order.get_status_display()},
            code="wrong_status",
        )


def _move(
    *,
    order: ServiceOrder,
    actor: object,
    to: str,
    action: str,
    fields: list[str],
    now: datetime,
    **details: object,
) -> None:
    """Set the new status, save the changed fields and append the history row."""
    from_status = order.status
    order.status = to
    order.save(update_fields=[*fields, "status"])
    service_order_event_add(
        order=order,
        actor=actor,
        action=action,
        at=now,
        from_status=from_status,
        to_status=to,
        **details,
    )


def _notify(order: ServiceOrder, key: str, text: str) -> None:
    transaction.on_commit(
        lambda: notices.service_order_notify(order_id=order.pk, key=key, text=text)
    )


def _close_appeal(*, actor: object, appeal: Appeal, text: str) -> bool:
    """Answer (if still open) and close the order's appeal; True when the answer was
    sent to the consumer (the registry notified them)."""
    answered = False
    appeal.refresh_from_db()
    if appeal.can_move_to(AppealStatus.ANSWERED):
        appeal = appeal_answer(actor=actor, appeal=appeal, text=text)
        answered = True
    if appeal.can_move_to(AppealStatus.CLOSED):
        appeal_close(actor=actor, appeal=appeal)
    return answered


# ---- ordering ------------------------------------------------------------------------


def _check_applicant(service: Service, consumer: Consumer) -> None:
    if consumer.kind == Consumer.Kind.INDIVIDUAL and not service.for_individuals:
        raise ApplicationError(
            _("Эту услугу заказывают только юридические лица и ИП."),
            code="applicant_not_allowed",
        )
    if consumer.kind != Consumer.Kind.INDIVIDUAL and not service.for_legal_entities:
        raise ApplicationError(
            _("Эту услугу заказывают только физические лица."),
            code="applicant_not_allowed",
        )


def _check_dates(start: date | None, end: date | None) -> None:
    today = _today()
    if start and start < today:
        raise ApplicationError(
            _("Желаемая дата не может быть в прошлом."), code="preferred_date_past"
        )
    if end and end < today:
        raise ApplicationError(
            _("Желаемая дата не может быть в прошлом."), code="preferred_date_past"
        )
    if start and end and end < start:
        raise ApplicationError(
            _("Дата «по» раньше даты «с»."), code="preferred_dates_reversed"
        )


def _appeal_text(service: Service, data: ServiceOrderInput, account: object) -> str:
    lines = [
        _("Заявка на услугу «%(title)s» (код %(code)s).")
        % {"title": service.title, "code": service.code},
        _("Лицевой счёт: %(number)s.") % {"number": account.number},  # type: ignore[attr-defined]
    ]
    if data.preferred_from or data.preferred_to:
        since = f"{data.preferred_from:%d.%m.%Y}" if data.preferred_from else "—"
        until = f"{data.preferred_to:%d.%m.%Y}" if data.preferred_to else "—"
        lines.append(
            _("Желаемые даты: с %(since)s по %(until)s.")
            % {"since": since, "until": until}
        )
    if data.comment:
        lines.append(_("Комментарий: %(text)s") % {"text": data.comment})
    return "\n".join(lines)


def service_order_create(*, actor: object, data: ServiceOrderInput) -> ServiceOrder:
    """Order a service for one of the consumer's own accounts (→ ordered).

    Registers an appeal of kind service_request in the registry (number, ЕСКО deadline,
    routing, the consumer's «registered» notice) and the order linked to it. Accounts
    and points of other consumers are not found (404). Bad input changes nothing."""
    consumer = getattr(actor, "consumer", None)
    if not getattr(actor, "is_consumer", False) or consumer is None:
        raise PermissionDeniedError(
            _("Заказать услугу может потребитель из личного кабинета."),
            code="consumer_only",
        )
    service = service_get_published(code=data.service_code)
    if not service.is_active:
        raise ApplicationError(
            _("Заявки на эту услугу сейчас не принимаются."), code="service_inactive"
        )
    _check_applicant(service, consumer)
    account = consumer.accounts.filter(
        pk=data.consumer_account_id, is_active=True
    ).first()
    if account is None:
        raise NotFoundError(_("Лицевой счёт не найден."))
    point = None
    if data.supply_point_id is not None:
        point = account.supply_points.filter(pk=data.supply_point_id).first()
        if point is None:
            raise NotFoundError(_("Точка поставки не найдена."))
    data.comment = (data.comment or "").strip()
    if len(data.comment) > COMMENT_MAX:
        raise ApplicationError(
            _("Комментарий длиннее %(max)s символов.") % {"max": COMMENT_MAX},
            code="comment_too_long",
        )
    _check_dates(data.preferred_from, data.preferred_to)
    with transaction.atomic():
        appeal = appeal_receive(
            actor=actor,
            data=AppealInput(
                channel=data.channel,
                category=service.appeal_category,
                topic=service.appeal_topic,
                kind=Kind.SERVICE_REQUEST,
                service_request_type=service.service_request_type,
                subject=_("Заявка на услугу: %(title)s") % {"title": service.title},
                text=_appeal_text(service, data, account),
                contact_name=consumer.name,
                contact_phone=consumer.phone,
                contact_email=consumer.email,
                contact_postal_address=consumer.postal_address,
                answer_channel=AnswerChannel.PERSONAL_ACCOUNT,
                consumer=consumer,
                consumer_account=account,
                supply_point=point,
                building=point.building if point else None,
                files=list(data.files),
            ),
        )
        order = ServiceOrder.objects.create(
            appeal=appeal,
            service=service,
            consumer=consumer,
            consumer_account=account,
            supply_point=point,
            status=S.ORDERED,
            service_title=service.title,
            service_version=service.version,
            unit_price=service.price,
            price_includes_vat=service.price_includes_vat,
            term_working_days=service.term_working_days,
            comment=data.comment,
            preferred_from=data.preferred_from,
            preferred_to=data.preferred_to,
            ordered_at=appeal.registered_at or timezone.now(),
        )
        service_order_event_add(
            order=order,
            actor=actor,
            action="ordered",
            at=order.ordered_at,
            to_status=S.ORDERED,
            appeal_number=appeal.number,
            service_code=service.code,
            service_version=service.version,
        )
    return order


# ---- transitions ---------------------------------------------------------------------


def service_order_invoice(
    *, actor: object, order: ServiceOrder, quantity: int = 1, invoice_number: str = ""
) -> ServiceOrder:
    """Issue the invoice (ordered → invoiced): amount × quantity with VAT at the rate
    valid today; the appeal gets the company's answer with the amount."""
    _require_staff(actor)
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ApplicationError(_("Количество — целое число."), code="quantity_invalid")
    if not 1 <= quantity <= QUANTITY_MAX:
        raise ApplicationError(
            _("Количество — от 1 до %(max)s.") % {"max": QUANTITY_MAX},
            code="quantity_invalid",
        )
    invoice_number = (invoice_number or "").strip()[:40]
    now = timezone.now()
    with transaction.atomic():
        order = _lock(order)
        _check_move(order, S.INVOICED)
        breakdown = price_breakdown(
            amount=order.unit_price,
            rate=vat_rate_on(timezone.localtime(now, MOSCOW).date()),
            includes_vat=order.price_includes_vat,
            quantity=quantity,
        )
        order.quantity = quantity
        order.invoice_number = invoice_number or f"У-{order.appeal.number}"
        order.invoiced_at = now
        order.vat_rate = breakdown.rate
        order.amount_net = breakdown.net
        order.amount_vat = breakdown.vat
        order.amount_total = breakdown.total
        _move(
            order=order,
            actor=actor,
            to=S.INVOICED,
            action="invoiced",
            now=now,
            fields=[
                "quantity",
                "invoice_number",
                "invoiced_at",
                "vat_rate",
                "amount_net",
                "amount_vat",
                "amount_total",
            ],
            invoice_number=order.invoice_number,
            amount_total=str(breakdown.total),
            amount_vat=str(breakdown.vat),
            vat_rate=str(breakdown.rate),
        )
        text = _(
            "Стоимость услуги «%(title)s»: %(total)s (%(vat)s). Счёт № %(invoice)s "
            "выставлен в личном кабинете. Срок оказания услуги — %(days)s раб. дн. "
            "после оплаты."
        ) % {
            "title": order.service_title,
            "total": format_rub(breakdown.total),
            "vat": vat_line(breakdown),
            "invoice": order.invoice_number,
            "days": order.term_working_days,
        }
        appeal = order.appeal
        if appeal.can_move_to(AppealStatus.ANSWERED):
            appeal_answer(actor=actor, appeal=appeal, text=text)
        else:
            _notify(order, "invoiced", text)
    return order


def service_order_record_payment(
    *,
    actor: object,
    order: ServiceOrder,
    paid_on: date | None = None,
    reference: str = "",
) -> ServiceOrder:
    """Record the payment (invoiced → paid); the service term in working days runs from
    the day of payment (production calendar of the company's region)."""
    _require_staff(actor)
    now = timezone.now()
    today = _today()
    paid_on = paid_on or today
    if paid_on > today:
        raise ApplicationError(
            _("Дата оплаты не может быть в будущем."), code="paid_on_future"
        )
    reference = (reference or "").strip()[:100]
    with transaction.atomic():
        order = _lock(order)
        _check_move(order, S.PAID)
        invoiced_on = timezone.localtime(order.invoiced_at, MOSCOW).date()  # type: ignore[arg-type]
        if paid_on < invoiced_on:
            raise ApplicationError(
                _("Дата оплаты раньше даты счёта (%(day)s).")
                % {"day": f"{invoiced_on:%d.%m.%Y}"},
                code="paid_on_before_invoice",
            )
        order.paid_at = (
            now if paid_on == today else datetime.combine(paid_on, time(12), MOSCOW)
        )
        order.payment_reference = reference
        order.due_at = due_at(
            start=order.paid_at,
            amount=order.term_working_days,
            unit=TermUnit.WORKING_DAYS,
            region=settings.CALENDAR_REGION,
        )
        _move(
            order=order,
            actor=actor,
            to=S.PAID,
            action="paid",
            now=now,
            fields=["paid_at", "payment_reference", "due_at"],
            paid_on=paid_on.isoformat(),
            reference=reference,
            due_at=order.due_at.isoformat(),
        )
        due_day = timezone.localtime(order.due_at, MOSCOW)
        _notify(
            order,
            "paid",
            _(
                "Оплата по заявке на услугу «%(title)s» получена. Услугу окажем до "
                "%(due)s; о дате и времени работ сообщим."
            )
            % {"title": order.service_title, "due": f"{due_day:%d.%m.%Y}"},
        )
    return order


def service_order_schedule(
    *,
    actor: object,
    order: ServiceOrder,
    day: date,
    window_start: time,
    window_end: time,
) -> ServiceOrder:
    """Set the date and time window of the works (paid → scheduled), or move them
    (scheduled → scheduled). The day is a working day, not in the past."""
    _require_staff(actor)
    if day < _today():
        raise ApplicationError(
            _("Дата работ не может быть в прошлом."), code="schedule_past"
        )
    if not is_working_day(day, region=settings.CALENDAR_REGION):
        raise ApplicationError(
            _("%(day)s — нерабочий день по производственному календарю.")
            % {"day": f"{day:%d.%m.%Y}"},
            code="schedule_non_working_day",
        )
    if window_end <= window_start:
        raise ApplicationError(
            _("Время окончания должно быть позже времени начала."),
            code="schedule_window_invalid",
        )
    now = timezone.now()
    with transaction.atomic():
        order = _lock(order)
        _check_move(order, S.SCHEDULED)
        action = "rescheduled" if order.status == S.SCHEDULED else "scheduled"
        order.scheduled_date = day
        order.window_start = window_start
        order.window_end = window_end
        _move(
            order=order,
            actor=actor,
            to=S.SCHEDULED,
            action=action,
            now=now,
            fields=["scheduled_date", "window_start", "window_end"],
            day=day.isoformat(),
            window=f"{window_start:%H:%M}–{window_end:%H:%M}",
        )
        count = order.events.filter(action__in=("scheduled", "rescheduled")).count()
        _notify(
            order,
            f"scheduled:{count}",
            _(
                "Работы по заявке на услугу «%(title)s» назначены на %(day)s "
                "с %(start)s до %(end)s."
            )
            % {
                "title": order.service_title,
                "day": f"{day:%d.%m.%Y}",
                "start": f"{window_start:%H:%M}",
                "end": f"{window_end:%H:%M}",
            },
        )
    return order


def service_order_complete(
    *, actor: object, order: ServiceOrder, act_number: str
) -> ServiceOrder:
    """Record that the work is done and the act signed (scheduled → done); closes the
    order's appeal."""
    _require_staff(actor)
    act_number = (act_number or "").strip()
    if not act_number:
        raise ApplicationError(_("Укажите номер акта."), code="act_number_required")
    now = timezone.now()
    with transaction.atomic():
        order = _lock(order)
        _check_move(order, S.DONE)
        if order.scheduled_date and _today() < order.scheduled_date:
            raise ConflictError(
                _("Работы назначены на %(day)s: отметить выполнение можно с этого дня.")
                % {"day": f"{order.scheduled_date:%d.%m.%Y}"},
                code="done_before_visit",
            )
        order.done_at = now
        order.act_number = act_number[:40]
        _move(
            order=order,
            actor=actor,
            to=S.DONE,
            action="done",
            now=now,
            fields=["done_at", "act_number"],
            act_number=order.act_number,
            on_time=bool(order.due_at is None or now <= order.due_at),
        )
        text = _("Услуга «%(title)s» оказана, акт № %(act)s.") % {
            "title": order.service_title,
            "act": order.act_number,
        }
        if not _close_appeal(actor=actor, appeal=order.appeal, text=text):
            _notify(order, "done", text)
    return order


def service_order_cancel(
    *, actor: object, order: ServiceOrder, reason: str = ""
) -> ServiceOrder:
    """Cancel the order (→ cancelled): the consumer before the work starts (the start
    of the visit window), staff at any time before it is done, with a reason."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ApplicationError(
            _("Причина длиннее %(max)s символов.") % {"max": REASON_MAX},
            code="reason_too_long",
        )
    by_consumer = _is_owner(actor, order)
    if not by_consumer:
        _require_staff(actor)
        if not reason:
            raise ApplicationError(_("Укажите причину отмены."), code="reason_required")
    now = timezone.now()
    with transaction.atomic():
        order = _lock(order)
        _check_move(order, S.CANCELLED)
        if by_consumer and not _consumer_may_cancel(order, now):
            raise ConflictError(
                _("Работы уже начались: отменить заявку можно через сотрудника."),
                code="work_started",
            )
        order.cancelled_at = now
        order.cancelled_by_consumer = by_consumer
        order.cancel_reason = reason
        _move(
            order=order,
            actor=actor,
            to=S.CANCELLED,
            action="cancelled",
            now=now,
            fields=["cancelled_at", "cancelled_by_consumer", "cancel_reason"],
            by_consumer=by_consumer,
            reason=reason,
        )
        appeal = order.appeal
        appeal.refresh_from_db()
        if by_consumer:
            if appeal.can_move_to(AppealStatus.WITHDRAWN):
                appeal_withdraw(actor=actor, appeal=appeal, reason=reason)
            text = _("Вы отменили заявку на услугу «%(title)s».") % {
                "title": order.service_title
            }
            _notify(order, "cancelled", text)
        else:
            text = _("Заявка на услугу «%(title)s» отменена. Причина: %(reason)s") % {
                "title": order.service_title,
                "reason": reason,
            }
            if not _close_appeal(actor=actor, appeal=appeal, text=text):
                _notify(order, "cancelled", text)
    return order


def _consumer_may_cancel(order: ServiceOrder, now: datetime) -> bool:
    if order.status not in CONSUMER_CANCELLABLE:
        return False
    if order.status == S.SCHEDULED and order.scheduled_date and order.window_start:
        start = datetime.combine(order.scheduled_date, order.window_start, MOSCOW)
        return now < start
    return True


def consumer_may_cancel(order: ServiceOrder) -> bool:
    """Whether the consumer still sees the «cancel» action on their order."""
    return _consumer_may_cancel(order, timezone.now())
