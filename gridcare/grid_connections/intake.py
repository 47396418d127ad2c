"""Writes of the applicant's side: drafts of the wizard, attached documents, filing
(registration with a number and the first deadlines), answering a correction request,
withdrawal. Staff filing on an applicant's behalf use the same services."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridcare.accounts.roles import Right, has_right
from gridcare.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from gridcare.core.text import normalize_phone
from gridcare.grid_connections import notices
from gridcare.grid_connections.codes import (
    ApplicantCategory,
    ApplicantKind,
    Channel,
    DocumentKind,
    ReliabilityCategory,
    SettlementType,
    SpecialGroupClause,
    Stage,
    Status,
    VoltageClass,
)
from gridcare.grid_connections.deadlines import offer_case, term_for
from gridcare.grid_connections.document_data import application_data
from gridcare.grid_connections.documents import document_issue
from gridcare.grid_connections.events import application_event_add
from gridcare.grid_connections.files import files_store, files_validate
from gridcare.grid_connections.models import (
    ApplicationCounter,
    ApplicationFile,
    ConnectionApplication,
    CorrectionRequest,
)
from gridcare.grid_connections.requirements import (
    completeness_problems,
    requirement_list_for,
)
from gridcare.grid_connections.stages import stage_complete, stage_open, stage_resume
from gridcare.territory.models import Branch, Settlement

# Consent shown in the wizard's last step and stored with the application.
CONSENT_TEXT = gettext_lazy(
    "Подтверждаю достоверность сведений заявки и даю согласие АО «Сетевая компания» "
    "на обработку моих персональных данных для рассмотрения заявки и исполнения "
    "договора об осуществлении технологического присоединения."
)

_TEXT_FIELDS = {
    "applicant_name": 300,
    "identity_document": 300,
    "registry_number": 15,
    "inn": 12,
    "postal_address": 500,
    "representative_name": 300,
    "social_category_basis": 300,
    "object_name": 300,
    "object_address": 500,
    "cadastral_number": 40,
}
_CHOICE_FIELDS: dict[str, type] = {
    "category": ApplicantCategory,
    "special_group_clause": SpecialGroupClause,
    "applicant_kind": ApplicantKind,
    "settlement_type": SettlementType,
    "voltage": VoltageClass,
    "reliability_category": ReliabilityCategory,
}
# Choices that always have a value (a default); the others may be left blank.
_REQUIRED_CHOICES = ("category", "applicant_kind", "reliability_category")
_BOOL_FIELDS = ("household_use_confirmed", "is_social_category")
_POWER_FIELDS = ("requested_power_kw", "previous_power_kw")
EDITABLE_FIELDS = frozenset(
    {
        *_TEXT_FIELDS,
        *_CHOICE_FIELDS,
        *_BOOL_FIELDS,
        *_POWER_FIELDS,
        "contact_phone",
        "contact_email",
        "distance_to_grid_m",
        "temporary_until",
        "settlement_id",
        "branch_id",
        "consent",
    }
)
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.CORRECTION_REQUESTED})


def is_owner(actor: object, application: ConnectionApplication) -> bool:
    consumer = application.consumer
    return bool(
        consumer is not None
        and consumer.user_id is not None
        and consumer.user_id == getattr(actor, "pk", None)
    )


def _require_applicant_side(actor: object, application: ConnectionApplication) -> None:
    """The owner, or staff who file applications on applicants' behalf."""
    if not (
        is_owner(actor, application) or has_right(actor, Right.CONNECTION_REGISTER)
    ):
        raise PermissionDeniedError()


def application_lock(application: ConnectionApplication) -> ConnectionApplication:
    application.refresh_from_db(
        from_queryset=ConnectionApplication.objects.select_for_update()
    )
    return application


def _invalid(field: str) -> ApplicationError:
    return ApplicationError(
        _("Неверное значение поля «%(field)s».")
        % {"field": ConnectionApplication._meta.get_field(field).verbose_name},
        code="invalid_value",
        extra={"field": field},
    )


def _clean_changes(changes: Mapping[str, object]) -> dict[str, object]:
    """Validate and normalise wizard input; raise with a Russian message."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ApplicationError(
            _("Неизвестные поля: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_field",
        )
    clean: dict[str, object] = {}
    for name, value in changes.items():
        if name in _TEXT_FIELDS:
            clean[name] = str(value or "").strip()[: _TEXT_FIELDS[name]]
        elif name in _CHOICE_FIELDS:
            value = str(value or "")
            if value and value not in _CHOICE_FIELDS[name].values:
                raise _invalid(name)
            if not value and name in _REQUIRED_CHOICES:
                continue  # never blank: an empty value keeps the current choice
            clean[name] = value
        elif name in _BOOL_FIELDS or name == "consent":
            clean[name] = bool(value)
        elif name in _POWER_FIELDS:
            clean[name] = _power(name, value)
        elif name == "contact_phone":
            phone = normalize_phone(str(value or ""))
            if value and not phone:
                raise ApplicationError(
                    _("Телефон указан неверно: нужен российский номер."),
                    code="phone_invalid",
                )
            clean[name] = phone
        elif name == "contact_email":
            email = str(value or "").strip()
            if email:
                try:
                    validate_email(email)
                except ValidationError as exc:
                    raise ApplicationError(
                        _("Адрес электронной почты указан неверно."),
                        code="email_invalid",
                    ) from exc
            clean[name] = email
        elif name == "distance_to_grid_m":
            if value in (None, ""):
                clean[name] = None
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _invalid(name)
            else:
                clean[name] = value
        else:
            clean[name] = value
    return clean


def _power(name: str, value: object) -> Decimal | None:
    if value in (None, ""):
        return Decimal("0.00") if name == "previous_power_kw" else None
    try:
        power = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise _invalid(name) from exc
    if power < 0 or (name == "requested_power_kw" and power == 0):
        raise _invalid(name)
    if power >= Decimal("100000000"):
        raise _invalid(name)
    return power


def _apply(
    application: ConnectionApplication, changes: dict[str, object], now: datetime
) -> None:
    for name, value in changes.items():
        if name == "settlement_id":
            settlement = Settlement.objects.filter(pk=value).first() if value else None
            if value and settlement is None:
                raise NotFoundError(_("Населённый пункт не найден."))
            application.settlement = settlement
            if settlement is not None:
                # Towns and urban-type settlements vs rural areas ✅ [R26][R31].
                urban = settlement.kind in ("city", "urban")
                application.settlement_type = (
                    SettlementType.URBAN if urban else SettlementType.RURAL
                )
        elif name == "branch_id":
            if value and not Branch.objects.filter(pk=value).exists():
                raise NotFoundError(_("Филиал не найден."))
            application.branch_id = value or None  # type: ignore[assignment]
        elif name == "consent":
            application.consent_given_at = now if value else None
            application.consent_text = str(CONSENT_TEXT) if value else ""
        else:
            setattr(application, name, value)


def connection_application_draft_create(
    *,
    actor: object,
    consumer: object | None,
    channel: str = Channel.PERSONAL_ACCOUNT,
    changes: Mapping[str, object] | None = None,
) -> ConnectionApplication:
    """Start a draft for a consumer (the actor themselves, or staff filing on their
    behalf), prefilled with the consumer's contacts."""
    if channel not in Channel.values:
        raise _invalid("channel")
    if getattr(actor, "is_consumer", False):
        consumer = getattr(actor, "consumer", None)
        if consumer is None:
            raise PermissionDeniedError(_("Учётная запись не связана с потребителем."))
    elif not has_right(actor, Right.CONNECTION_REGISTER):
        raise PermissionDeniedError()
    clean = _clean_changes(changes or {})
    now = timezone.now()
    with transaction.atomic():
        application = ConnectionApplication(
            channel=channel,
            consumer=consumer,  # type: ignore[misc]
            created_by=actor,  # type: ignore[misc]
            applicant_name=getattr(consumer, "name", "") or "",
            contact_phone=getattr(consumer, "phone", "") or "",
            contact_email=getattr(consumer, "email", "") or "",
            postal_address=getattr(consumer, "postal_address", "") or "",
            applicant_kind=getattr(consumer, "kind", "") or ApplicantKind.INDIVIDUAL,
            created_at=now,
            updated_at=now,
        )
        _apply(application, clean, now)
        application.save()
    return application


def connection_application_draft_update(
    *, actor: object, application: ConnectionApplication, changes: Mapping[str, object]
) -> ConnectionApplication:
    """Save wizard fields of a draft (or of an application returned for correction).
    Only the given fields change; nothing is checked for completeness here."""
    _require_applicant_side(actor, application)
    clean = _clean_changes(changes)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        if application.status not in EDITABLE_STATUSES:
            raise ConflictError(
                _("Заявку в статусе «%(status)s» изменить нельзя.")
                % {"status": application.get_status_display()},
                code="not_editable",
            )
        _apply(application, clean, now)
        application.updated_at = now
        application.save()
    return application


def connection_application_file_add(
    *,
    actor: object,
    application: ConnectionApplication,
    requirement_code: str,
    files: Sequence[UploadedFile],
) -> list[ApplicationFile]:
    """Attach files for one required document (checked by content first)."""
    _require_applicant_side(actor, application)
    codes = {row.code for row in requirement_list_for(application)}
    if requirement_code not in codes:
        raise ApplicationError(
            _("Этот документ для вашей категории заявителя не требуется."),
            code="requirement_unknown",
        )
    checked = files_validate(list(files))
    if not checked:
        raise ApplicationError(_("Выберите файл."), code="file_required")
    with transaction.atomic():
        application = application_lock(application)
        if application.status not in EDITABLE_STATUSES:
            raise ConflictError(
                _("К заявке в этом статусе нельзя приложить документы."),
                code="not_editable",
            )
        return files_store(
            application=application,
            requirement_code=requirement_code,
            files=checked,
            uploaded_by=actor,
        )


def connection_application_file_remove(
    *, actor: object, application: ConnectionApplication, file_id: int
) -> None:
    """Remove an attached file while the application can still be edited."""
    _require_applicant_side(actor, application)
    with transaction.atomic():
        application = application_lock(application)
        if application.status not in EDITABLE_STATUSES:
            raise ConflictError(_("Документы этой заявки изменить нельзя."))
        row = ApplicationFile.objects.filter(
            pk=file_id, application=application
        ).first()
        if row is None:
            raise NotFoundError(_("Файл не найден."))
        row.file.delete(save=False)
        row.delete()


def application_number_next(*, year: int) -> str:
    """Issue the next number of the year, e.g. 'ТП-26-0000123'. The counter row is
    locked by the UPDATE until the caller's transaction ends."""
    updated = ApplicationCounter.objects.filter(year=year).update(value=F("value") + 1)
    if not updated:
        ApplicationCounter.objects.get_or_create(year=year)
        ApplicationCounter.objects.filter(year=year).update(value=F("value") + 1)
    value = ApplicationCounter.objects.values_list("value", flat=True).get(year=year)
    return f"ТП-{year % 100:02d}-{value:07d}"


def _refuse_incomplete(application: ConnectionApplication) -> None:
    files = list(application.files.all())
    problems = completeness_problems(application, files)
    if application.consent_given_at is None:
        problems.append(
            _("Дайте согласие на обработку персональных данных и подтвердите сведения.")
        )
    if problems:
        raise ApplicationError(
            _("Заявку нельзя подать: %(problems)s") % {"problems": " ".join(problems)},
            code="application_incomplete",
            extra={"problems": problems},
        )


def _issue_application_pdf(
    application: ConnectionApplication, actor: object | None, reason: str = ""
) -> None:
    document_issue(
        application=application,
        kind=DocumentKind.APPLICATION,
        number=application.number or "",
        data=application_data(
            application,
            application.files.all(),
            requirement_list_for(application),
        ),
        actor=actor,
        reissue_reason=reason,
    )


def connection_application_submit(
    *,
    actor: object,
    application: ConnectionApplication,
    received_at: datetime | None = None,
) -> ConnectionApplication:
    """File a complete draft: number, registration, routing to the branch, the offer
    deadline (counted from registration) and the application PDF (draft → submitted).

    `received_at` (staff only) is when a paper application reached the office."""
    _require_applicant_side(actor, application)
    now = timezone.now()
    if received_at is not None and not has_right(actor, Right.CONNECTION_REGISTER):
        raise PermissionDeniedError()
    if received_at is not None and received_at > now:
        raise ApplicationError(_("Дата поступления не может быть в будущем."))
    with transaction.atomic():
        application = application_lock(application)
        if not application.can_move_to(Status.SUBMITTED) or not application.is_draft:
            raise ConflictError(_("Заявка уже подана."), code="invalid_transition")
        _refuse_incomplete(application)
        application.number = application_number_next(year=timezone.localtime(now).year)
        application.received_at = received_at or now
        application.registered_at = now
        if application.settlement_id:
            application.branch_id = application.settlement.district_unit.branch_id
        application.status = Status.SUBMITTED
        application.updated_at = now
        application.save()
        stage_open(
            application=application, stage=Stage.RECEIPT, at=application.received_at
        )
        stage_complete(application=application, stage=Stage.RECEIPT, at=now)
        case = offer_case(application)
        stage_open(
            application=application,
            stage=Stage.OFFER,
            at=now,
            term=term_for(stage=Stage.OFFER, case=case, on=timezone.localdate(now)),
            case=case,
        )
        application_event_add(
            application=application,
            actor=actor,
            action="submitted",
            from_status=Status.DRAFT,
            to_status=Status.SUBMITTED,
            at=now,
            number=application.number,
            channel=application.channel,
        )
        _issue_application_pdf(application, actor)
        pk = application.pk
        transaction.on_commit(lambda: notices.connection_registered(application_id=pk))
    return application


def connection_application_submit_correction(
    *, actor: object, application: ConnectionApplication, text: str = ""
) -> ConnectionApplication:
    """Send the corrected application back (correction requested → submitted): the
    offer clock resumes, its deadline moved by the pause; a new version of the
    application PDF is issued, saying why."""
    _require_applicant_side(actor, application)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        if application.status != Status.CORRECTION_REQUESTED:
            raise ConflictError(
                _("Заявка не ожидает исправлений."), code="invalid_transition"
            )
        _refuse_incomplete(application)
        request = application.corrections.filter(answered_at__isnull=True).last()
        if request is not None:
            request.answer_text = (text or "").strip()[:5000]
            request.answered_at = now
            request.save(update_fields=["answer_text", "answered_at"])
        stage_resume(application=application, stage=Stage.OFFER, at=now)
        application.paused_at = None
        application.status = Status.SUBMITTED
        application.updated_at = now
        application.save(update_fields=["paused_at", "status", "updated_at"])
        application_event_add(
            application=application,
            actor=actor,
            action="correction_submitted",
            from_status=Status.CORRECTION_REQUESTED,
            to_status=Status.SUBMITTED,
            at=now,
            text=(text or "").strip()[:500],
        )
        _issue_application_pdf(
            application, actor, reason=str(_("Исправленная заявка по запросу"))
        )
    return application


def connection_application_withdraw(
    *, actor: object, application: ConnectionApplication, reason: str = ""
) -> ConnectionApplication:
    """The applicant withdraws a filed application (final)."""
    _require_applicant_side(actor, application)
    now = timezone.now()
    with transaction.atomic():
        application = application_lock(application)
        if not application.can_move_to(Status.WITHDRAWN):
            raise ConflictError(
                _("Заявку в статусе «%(status)s» отозвать нельзя.")
                % {"status": application.get_status_display()},
                code="invalid_transition",
            )
        from_status = application.status
        application.status = Status.WITHDRAWN
        application.closed_at = now
        application.close_reason = (reason or "").strip()[:2000]
        application.paused_at = None
        application.save(
            update_fields=["status", "closed_at", "close_reason", "paused_at"]
        )
        application_event_add(
            application=application,
            actor=actor,
            action="withdrawn",
            from_status=from_status,
            to_status=Status.WITHDRAWN,
            at=now,
            reason=application.close_reason,
        )
    return application


def correction_request_open(
    application: ConnectionApplication,
) -> CorrectionRequest | None:
    return application.corrections.filter(answered_at__isnull=True).last()
