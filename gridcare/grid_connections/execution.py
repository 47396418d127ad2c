"""Staff steps that carry out the contract: payment (the contract is concluded),
the works of both sides, the check of the TU, the actual connection and the act or
notice. One named service per step, each in a transaction with a row lock, a history
row and notifications after commit."""

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.calendars.terms import MOSCOW
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.grid_connections.codes import (
    CATEGORY_FACTS,
    DocumentKind,
    Stage,
    Status,
    VoltageClass,
    WorksSide,
)
from gridcare.grid_connections.deadlines import DeadlineCase, connection_term, term_for
from gridcare.grid_connections.document_data import closing_data
from gridcare.grid_connections.documents import document_issue
from gridcare.grid_connections.events import application_event_add
from gridcare.grid_connections.intake import application_lock, is_owner
from gridcare.grid_connections.models import ConnectionApplication, WorksRecord
from gridcare.grid_connections.services import move, notify, require
from gridcare.grid_connections.stages import stage_complete, stage_open


def _day_moment(day: date, now: datetime) -> datetime:
    if day == timezone.localdate(now):
        return now
    return datetime.combine(day, time(12, 0), tzinfo=MOSCOW)


def connection_application_record_payment(
    *,
    actor: object,
    application: ConnectionApplication,
    amount: Decimal,
    paid_on: date,
    reference: str = "",
) -> ConnectionApplication:
    """Record the payment of the invoice: the contract counts as concluded that day
    (offer sent → contract concluded); the connection term starts (п. 16 «б»)."""
    require(actor, Right.CONNECTION_WORK)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        if application.status != Status.OFFER_SENT:
            raise ConflictError(
                _("Оплата фиксируется после направления оферты и счёта."),
                code="invalid_transition",
            )
        if paid_on > timezone.localdate(now) or (
            application.offer_sent_at
            and paid_on < timezone.localdate(application.offer_sent_at)
        ):
            raise ApplicationError(
                _("Дата оплаты — не раньше направления счёта и не позже сегодня."),
                code="paid_on_invalid",
            )
        fee = application.fee_amount or Decimal(0)
        simplified = CATEGORY_FACTS[application.category].simplified
        if amount <= 0 or (simplified and amount < fee):
            raise ApplicationError(
                _("Сумма оплаты меньше суммы счёта (%(fee)s руб.).") % {"fee": fee},
                code="amount_invalid",
            )
        concluded = _day_moment(paid_on, now)
        application.paid_amount = amount
        application.payment_reference = (reference or "").strip()[:100]
        application.contract_concluded_at = concluded
        move(
            application=application,
            actor=actor,
            to=Status.CONTRACT_CONCLUDED,
            action="payment_recorded",
            at=now,
            fields=["paid_amount", "payment_reference", "contract_concluded_at"],
            amount=str(amount),
            paid_on=paid_on.isoformat(),
        )
        stage_complete(application=application, stage=Stage.CONTRACT, at=concluded)
        stage_open(application=application, stage=Stage.FULFILMENT, at=concluded)
        conditions = application.technical_conditions.order_by("-version").first()
        case, term = "", None
        if conditions is not None:
            case, term = connection_term(
                application=application, conditions=conditions, on=paid_on
            )
        stage_open(
            application=application,
            stage=Stage.CONNECTION,
            at=concluded,
            term=term,
            case=case,
        )
        notify(application, "contract_concluded")
    return application


def connection_application_record_works(
    *,
    actor: object,
    application: ConnectionApplication,
    side: str,
    description: str,
    done_on: date,
) -> WorksRecord:
    """Record that one side has done its TU works (the applicant may report their own
    side); no status move."""
    if side not in WorksSide.values:
        raise ApplicationError(_("Неверная сторона."))
    if not (
        has_right(actor, Right.CONNECTION_WORK)
        or (side == WorksSide.APPLICANT and is_owner(actor, application))
    ):
        raise PermissionDeniedError()
    description = (description or "").strip()
    if not description:
        raise ApplicationError(_("Опишите, что выполнено."), code="text_required")
    now = timezone.now()
    if done_on > timezone.localdate(now):
        raise ApplicationError(_("Дата выполнения не может быть в будущем."))
    with transaction.atomic():
        application = application_lock(application)
        if application.status != Status.CONTRACT_CONCLUDED:
            raise ConflictError(
                _("Мероприятия по ТУ фиксируются после заключения договора."),
                code="invalid_transition",
            )
        record = WorksRecord.objects.create(
            application=application,
            side=side,
            description=description[:5000],
            done_on=done_on,
            recorded_at=now,
            recorded_by=actor,  # type: ignore[misc]
        )
        application_event_add(
            application=application,
            actor=actor,
            action="works_recorded",
            at=now,
            side=side,
            done_on=done_on.isoformat(),
        )
    return record


def connection_application_check_fulfilment(
    *, actor: object, application: ConnectionApplication, note: str = ""
) -> ConnectionApplication:
    """Confirm that both sides fulfilled the TU (contract concluded → conditions
    fulfilled); needs the works of both sides recorded."""
    require(actor, Right.CONNECTION_WORK)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        sides = set(application.works.values_list("side", flat=True))
        if application.status == Status.CONTRACT_CONCLUDED and sides != set(
            WorksSide.values
        ):
            raise ConflictError(
                _("Сначала отметьте выполнение мероприятий обеими сторонами."),
                code="works_missing",
            )
        application.fulfilment_checked_at = now
        move(
            application=application,
            actor=actor,
            to=Status.CONDITIONS_FULFILLED,
            action="fulfilment_checked",
            at=now,
            fields=["fulfilment_checked_at"],
            note=(note or "").strip()[:500],
        )
        stage_complete(application=application, stage=Stage.FULFILMENT, at=now)
    return application


def connection_application_record_connection(
    *,
    actor: object,
    application: ConnectionApplication,
    actual_voltage: str,
    actual_power_kw: Decimal,
) -> ConnectionApplication:
    """Record the actual connection: voltage is on (conditions fulfilled →
    connected); the documents stage starts."""
    require(actor, Right.CONNECTION_WORK)
    if actual_voltage not in VoltageClass.values or actual_power_kw <= 0:
        raise ApplicationError(_("Укажите фактические напряжение и мощность."))
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        application.connected_at = now
        application.actual_voltage = actual_voltage
        application.actual_power_kw = actual_power_kw
        move(
            application=application,
            actor=actor,
            to=Status.CONNECTED,
            action="connected",
            at=now,
            fields=["connected_at", "actual_voltage", "actual_power_kw"],
            voltage=actual_voltage,
            power_kw=str(actual_power_kw),
        )
        stage_complete(application=application, stage=Stage.CONNECTION, at=now)
        stage_open(
            application=application,
            stage=Stage.DOCUMENTS,
            at=now,
            term=term_for(
                stage=Stage.DOCUMENTS,
                case=DeadlineCase.DOCUMENTS,
                on=timezone.localdate(now),
            ),
            case=DeadlineCase.DOCUMENTS,
        )
        notify(application, "connected")
    return application


def closing_document_kind(application: ConnectionApplication) -> str:
    """The notice (Приложение 1(1)) for пп. 12(1), 13(2)–13(5), 14 connected at 0.4 kV
    and below, the act (Приложение 1) otherwise ✅ [R34]."""
    facts = CATEGORY_FACTS[application.category]
    low = (application.actual_voltage or application.voltage) == VoltageClass.LV_0_4
    return (
        DocumentKind.NOTICE if facts.notice_at_low_voltage and low else DocumentKind.ACT
    )


def connection_application_issue_closing_document(
    *, actor: object, application: ConnectionApplication
) -> ConnectionApplication:
    """Draw up the act or the notice (connected → completed)."""
    require(actor, Right.CONNECTION_WORK)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        kind = closing_document_kind(application)
        application.completed_at = now
        move(
            application=application,
            actor=actor,
            to=Status.COMPLETED,
            action="closing_document_issued",
            at=now,
            fields=["completed_at"],
            kind=kind,
        )
        number = f"{application.number}/{'У' if kind == DocumentKind.NOTICE else 'А'}"
        document_issue(
            application=application,
            kind=kind,
            number=number,
            data=closing_data(
                application,
                application.technical_conditions.order_by("-version").first(),
                kind=kind,
                number=number,
                issued_at=now,
            ),
            actor=actor,
        )
        stage_complete(application=application, stage=Stage.DOCUMENTS, at=now)
        notify(application, "completed")
    return application
