"""Staff processing of applications: one named service per step, each in a
transaction with a row lock, a history row and notifications after commit
(docs/domains/grid_connections.md)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.grid_connections import notices
from gridcare.grid_connections.codes import (
    DocumentKind,
    LineType,
    ReliabilityCategory,
    Stage,
    Status,
    VoltageClass,
)
from gridcare.grid_connections.deadlines import (
    connection_term,
    offer_case,
    term_for,
)
from gridcare.grid_connections.document_data import (
    invoice_data,
    offer_data,
    technical_conditions_data,
)
from gridcare.grid_connections.documents import document_issue
from gridcare.grid_connections.events import application_event_add
from gridcare.grid_connections.intake import application_lock
from gridcare.grid_connections.models import (
    ConnectionApplication,
    CorrectionRequest,
    TechnicalConditions,
)
from gridcare.grid_connections.stages import (
    stage_complete,
    stage_get,
    stage_open,
    stage_pause,
    stage_retime,
    term_label,
)
from gridcare.grid_connections.tariffs import (
    CostInput,
    CostResult,
    LineInput,
    connection_cost_calculate,
)


def require(actor: object, right: Right) -> None:
    if not has_right(actor, right):
        raise PermissionDeniedError()


def move(
    *,
    application: ConnectionApplication,
    actor: object,
    to: str,
    action: str,
    at: datetime,
    fields: Sequence[str] = (),
    **details: object,
) -> None:
    """Check the move is legal, set the status, save, write history."""
    if not application.can_move_to(to):
        raise ConflictError(
            _("Действие невозможно: заявка в статусе «%(status)s».")
            % {"status": application.get_status_display()},
            code="invalid_transition",
        )
    from_status = application.status
    application.status = to
    application.updated_at = at
    application.save(update_fields=["status", "updated_at", *fields])
    application_event_add(
        application=application,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to,
        at=at,
        **details,
    )


def notify(application: ConnectionApplication, event: str) -> None:
    pk = application.pk
    transaction.on_commit(
        lambda: notices.connection_status_changed(application_id=pk, event=event)
    )


def connection_application_assign(
    *, actor: object, application: ConnectionApplication, assignee: object | None
) -> ConnectionApplication:
    """Give the application to an engineer (or take it oneself); no status move."""
    require(actor, Right.CONNECTION_WORK)
    if assignee is not None and not has_right(assignee, Right.CONNECTION_WORK):
        raise ApplicationError(_("Этому сотруднику нельзя поручать заявки на ТП."))
    with transaction.atomic():
        application = application_lock(application)
        if not application.is_open:
            raise ConflictError(_("Заявка не в работе."), code="invalid_transition")
        previous = application.assignee
        application.assignee = assignee  # type: ignore[assignment]
        application.save(update_fields=["assignee"])
        application_event_add(
            application=application,
            actor=actor,
            action="assigned",
            assignee=str(assignee) if assignee else None,
            previous=str(previous) if previous else None,
        )
    return application


def _offer_pauses(
    application: ConnectionApplication,
) -> list[tuple[datetime, datetime]]:
    return [
        (c.requested_at, c.answered_at)
        for c in application.corrections.filter(answered_at__isnull=False)
        if c.answered_at is not None
    ]


def connection_application_accept(
    *,
    actor: object,
    application: ConnectionApplication,
    needs_system_operator: bool = False,
) -> ConnectionApplication:
    """Confirm the application is complete (submitted → accepted). If the system
    operator must approve, the offer term of that case applies from now on."""
    require(actor, Right.CONNECTION_WORK)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        if application.assignee_id is None:
            application.assignee = actor  # type: ignore[assignment]
        application.accepted_at = now
        application.needs_system_operator = needs_system_operator
        move(
            application=application,
            actor=actor,
            to=Status.ACCEPTED,
            action="accepted",
            at=now,
            fields=["assignee", "accepted_at", "needs_system_operator"],
            needs_system_operator=needs_system_operator or None,
        )
        row = stage_get(application, Stage.OFFER)
        case = offer_case(application)
        if row is not None and row.deadline_case != case:
            stage_retime(
                row=row,
                term=term_for(
                    stage=Stage.OFFER, case=case, on=timezone.localdate(row.started_at)
                ),
                case=case,
                pauses=_offer_pauses(application),
            )
    return application


def connection_application_request_correction(
    *, actor: object, application: ConnectionApplication, text: str
) -> ConnectionApplication:
    """Ask the applicant to complete or fix the application (submitted → correction
    requested); the offer clock pauses until the corrected application arrives."""
    require(actor, Right.CONNECTION_WORK)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(
            _("Напишите, каких сведений или документов не хватает."),
            code="text_required",
        )
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        request = CorrectionRequest(
            application=application,
            text=text[:5000],
            requested_at=now,
            requested_by=actor,  # type: ignore[misc]
        )
        application.paused_at = now
        move(
            application=application,
            actor=actor,
            to=Status.CORRECTION_REQUESTED,
            action="correction_requested",
            at=now,
            fields=["paused_at"],
            text=text[:500],
        )
        request.save()
        stage_pause(application=application, stage=Stage.OFFER, at=now)
        pk = application.pk
        transaction.on_commit(
            lambda: notices.connection_correction_requested(application_id=pk)
        )
    return application


@dataclass(frozen=True)
class TechnicalConditionsInput:
    """The structured TU form."""

    supply_source: str
    connection_point: str
    voltage: str
    max_power_kw: Decimal
    reliability_category: str
    distance_m: int
    grid_works: str
    applicant_works: str
    lines: Sequence[LineInput] = ()
    metering_points: int = 1
    meter_variant: str = ""
    grid_construction_required: bool = False
    land_rights_required: bool = False
    complex_case: bool = False
    validity_years: int = 2


def _check_conditions(data: TechnicalConditionsInput) -> None:
    required = {
        _("центр питания"): data.supply_source,
        _("точка присоединения"): data.connection_point,
        _("мероприятия сетевой организации"): data.grid_works,
        _("мероприятия заявителя"): data.applicant_works,
    }
    empty = [name for name, value in required.items() if not (value or "").strip()]
    if empty:
        raise ApplicationError(
            _("Заполните: %(fields)s.") % {"fields": ", ".join(empty)},
            code="conditions_incomplete",
        )
    if data.voltage not in VoltageClass.values:
        raise ApplicationError(_("Неверный уровень напряжения."))
    if data.reliability_category not in ReliabilityCategory.values:
        raise ApplicationError(_("Неверная категория надёжности."))
    if data.max_power_kw <= 0 or data.distance_m < 0 or data.metering_points < 0:
        raise ApplicationError(_("Мощность, расстояние и число точек учёта неверны."))
    for line in data.lines:
        if (
            line.voltage not in VoltageClass.values
            or line.line_type not in LineType.values
            or line.length_km <= 0
        ):
            raise ApplicationError(_("Проверьте строки о строительстве линий."))


def connection_application_issue_technical_conditions(
    *,
    actor: object,
    application: ConnectionApplication,
    data: TechnicalConditionsInput,
    reason: str = "",
) -> TechnicalConditions:
    """Issue the technical conditions (in accepted): connection point, voltage, power,
    reliability, works of each side; decides the connection case and term. A new
    version before the offer needs a reason."""
    require(actor, Right.CONNECTION_WORK)
    _check_conditions(data)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        if application.status != Status.ACCEPTED:
            raise ConflictError(
                _("ТУ выдаются по принятой заявке до направления оферты."),
                code="invalid_transition",
            )
        last = application.technical_conditions.order_by("-version").first()
        version = last.version + 1 if last else 1
        conditions = TechnicalConditions(
            application=application,
            version=version,
            number=f"{application.number}/ТУ" + (f"-{version}" if version > 1 else ""),
            supply_source=data.supply_source.strip(),
            connection_point=data.connection_point.strip(),
            voltage=data.voltage,
            max_power_kw=data.max_power_kw,
            reliability_category=data.reliability_category,
            distance_m=data.distance_m,
            grid_works=data.grid_works.strip(),
            applicant_works=data.applicant_works.strip(),
            lines=[
                {
                    "voltage": line.voltage,
                    "line_type": line.line_type,
                    "length_km": str(line.length_km),
                }
                for line in data.lines
            ],
            metering_points=data.metering_points,
            meter_variant=data.meter_variant.strip(),
            grid_construction_required=data.grid_construction_required,
            land_rights_required=data.land_rights_required,
            complex_case=data.complex_case,
            validity_years=data.validity_years,
            connection_case="",
            issued_at=now,
            issued_by=actor,  # type: ignore[misc]
        )
        case, term = connection_term(
            application=application, conditions=conditions, on=timezone.localdate(now)
        )
        conditions.connection_case = case
        conditions.save()
        label = term_label(term.amount, term.unit) if term else ""
        document_issue(
            application=application,
            kind=DocumentKind.TECHNICAL_CONDITIONS,
            number=conditions.number,
            data=technical_conditions_data(application, conditions, label),
            actor=actor,
            reissue_reason=reason if last else "",
        )
        application_event_add(
            application=application,
            actor=actor,
            action="technical_conditions_issued",
            at=now,
            number=conditions.number,
            case=case,
            term=label,
        )
    return conditions


def cost_for_application(
    application: ConnectionApplication, conditions: TechnicalConditions, on: date
) -> CostResult:
    """Compute the fee of an application from its TU and the rates valid on `on`."""
    return connection_cost_calculate(
        CostInput(
            region=settings.CALENDAR_REGION,
            on=on,
            category=application.category,
            requested_kw=application.requested_power_kw or conditions.max_power_kw,
            voltage=conditions.voltage,
            reliability_category=conditions.reliability_category,
            settlement_type=application.settlement_type or "urban",
            distance_m=conditions.distance_m,
            lines=[
                LineInput(r["voltage"], r["line_type"], Decimal(r["length_km"]))
                for r in conditions.lines
            ],
            metering_points=conditions.metering_points,
            meter_variant=conditions.meter_variant,
            is_social=application.is_social_category,
        )
    )


def connection_application_issue_offer(
    *, actor: object, application: ConnectionApplication
) -> ConnectionApplication:
    """Send the offer (contract), the TU and the invoice (accepted → offer sent): the
    fee is computed from the TU and the rates valid today; the offer stage is done."""
    require(actor, Right.CONNECTION_WORK)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        conditions = application.technical_conditions.order_by("-version").first()
        if conditions is None:
            raise ConflictError(
                _("Сначала выдайте технические условия."), code="conditions_missing"
            )
        cost = cost_for_application(application, conditions, timezone.localdate(now))
        number = f"{application.number}/Д"
        invoice = f"{application.number}/С"
        _case, term = connection_term(
            application=application,
            conditions=conditions,
            on=timezone.localdate(now),
        )
        application.fee_amount = cost.fee_total
        application.fee_vat = cost.fee_vat
        application.fee_basis = cost.basis
        application.fee_breakdown = cost.as_dict()
        application.invoice_number = invoice
        application.offer_sent_at = now
        move(
            application=application,
            actor=actor,
            to=Status.OFFER_SENT,
            action="offer_sent",
            at=now,
            fields=[
                "fee_amount",
                "fee_vat",
                "fee_basis",
                "fee_breakdown",
                "invoice_number",
                "offer_sent_at",
            ],
            fee=str(cost.fee_total),
            basis=cost.basis,
        )
        document_issue(
            application=application,
            kind=DocumentKind.OFFER,
            number=number,
            data=offer_data(
                application,
                conditions,
                cost,
                number=number,
                term_amount=term.amount if term else None,
                term_unit=term.unit if term else "",
                issued_at=now,
            ),
            actor=actor,
        )
        document_issue(
            application=application,
            kind=DocumentKind.INVOICE,
            number=invoice,
            data=invoice_data(
                application, cost, number=invoice, contract_number=number, issued_at=now
            ),
            actor=actor,
        )
        stage_complete(application=application, stage=Stage.OFFER, at=now)
        stage_open(application=application, stage=Stage.CONTRACT, at=now)
        notify(application, "offer_sent")
    return application


def connection_application_annul(
    *, actor: object, application: ConnectionApplication, reason: str
) -> ConnectionApplication:
    """Annul an application (e.g. missing data not provided, invoice not paid)."""
    require(actor, Right.CONNECTION_WORK)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Укажите причину аннулирования."), code="reason_required"
        )
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        application.closed_at = now
        application.close_reason = reason[:2000]
        application.paused_at = None
        move(
            application=application,
            actor=actor,
            to=Status.ANNULLED,
            action="annulled",
            at=now,
            fields=["closed_at", "close_reason", "paused_at"],
            reason=reason[:500],
        )
        notify(application, "annulled")
    return application
