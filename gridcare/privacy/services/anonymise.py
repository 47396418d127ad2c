"""Deleting a subject's personal data by anonymisation (152-ФЗ ст. 21 ⚠️).

Decision (docs/domains/privacy.md): personal fields of the consumer card, the login
and every related record become placeholders; stored files are removed; rows stay, so
counts, dates, categories and statuses — everything reports read — are unchanged.
Texts of appeals and chats are kept while the registry's retention period runs (the
`appeal` retention rule) and are anonymised with it; texts of appeals already past
that period are anonymised at once. Refused while the law obliges us to keep the data:
open appeals, consumer accounts in force (contracts), open grid-connection
applications or service orders."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.models import ApiToken, User
from gridcare.accounts.services import api_token_revoke
from gridcare.appeals.codes import Status as AppealStatus
from gridcare.appeals.models import Appeal
from gridcare.consumers.models import Consent, Consumer, ConsumerAccount
from gridcare.contact_centre.models import CallbackRequest, LiveChat
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.grid_connections.models import (
    ApplicationFile,
    ConnectionApplication,
    GeneratedDocument,
)
from gridcare.grid_connections.workflow import OPEN_STATUSES as CONNECTION_OPEN
from gridcare.notifications.models import Notification
from gridcare.outages.models import PowerReport, Subscription
from gridcare.privacy.anonymisers import (
    PLACEHOLDER,
    appeals_anonymise_contacts,
    appeals_anonymise_fully,
    files_remove,
    live_chats_anonymise_contacts,
)
from gridcare.privacy.models import Anonymisation, RetentionEntity, RetentionRule
from gridcare.privacy.retention import retention_cutoff
from gridcare.privacy.rights import is_privacy_officer
from gridcare.service_requests.models import ServiceOrder
from gridcare.written_channels.models import InboundEmail, PostalLetter

APPEAL_FINAL = (AppealStatus.CLOSED, AppealStatus.WITHDRAWN, AppealStatus.FORWARDED)
ORDER_FINAL = ("done", "cancelled")


def anonymise_blockers(consumer: Consumer) -> list[str]:
    """What obliges us to keep the subject's data now, one Russian line per reason."""
    blockers = []
    open_appeals = (
        Appeal.objects.filter(consumer=consumer)
        .exclude(status__in=APPEAL_FINAL)
        .filter(subject_request__isnull=True)
        .order_by("pk")
    )
    numbers = [a.number or f"#{a.pk}" for a in open_appeals]
    if numbers:
        blockers.append(
            _("открытые обращения: %(list)s") % {"list": ", ".join(numbers)}
        )
    accounts = list(
        ConsumerAccount.objects.filter(consumer=consumer, is_active=True)
        .order_by("number")
        .values_list("number", flat=True)
    )
    if accounts:
        blockers.append(
            _("действующие лицевые счета (договоры): %(list)s")
            % {"list": ", ".join(accounts)}
        )
    applications = list(
        ConnectionApplication.objects.filter(
            consumer=consumer, status__in=CONNECTION_OPEN
        )
        .order_by("pk")
        .values_list("number", flat=True)
    )
    if applications:
        blockers.append(
            _("незавершённые заявки на технологическое присоединение: %(list)s")
            % {"list": ", ".join(n or "—" for n in applications)}
        )
    orders = ServiceOrder.objects.filter(consumer=consumer).exclude(
        status__in=ORDER_FINAL
    )
    if orders.exists():
        blockers.append(
            _("незавершённые заявки на услуги: %(count)s") % {"count": orders.count()}
        )
    return blockers


def _appeal_text_cutoff() -> object | None:
    rule = RetentionRule.objects.filter(
        entity=RetentionEntity.APPEAL, is_active=True
    ).first()
    return retention_cutoff(rule, timezone.now()) if rule else None


def _anonymise_login(user: User) -> int:
    for token in ApiToken.objects.filter(user=user, revoked_at=None):
        api_token_revoke(token=token)
    user.email = f"anonymised-{user.pk}@invalid.invalid"
    user.phone = None
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "phone", "full_name", "is_active", "password"])
    return 1


def _anonymise_user_records(user_id: int | None, counts: dict[str, int]) -> None:
    if user_id is None:
        return
    counts["live_chats"] = live_chats_anonymise_contacts(
        LiveChat.objects.filter(user_id=user_id)
    )
    counts["callback_requests"] = CallbackRequest.objects.filter(
        user_id=user_id
    ).update(name=PLACEHOLDER, phone="")
    counts["notifications_deleted"] = Notification.objects.filter(
        recipient_id=user_id
    ).delete()[0]
    counts["outage_subscriptions"] = Subscription.objects.filter(
        user_id=user_id
    ).update(email="", phone="", cancelled_at=timezone.now())


def subject_anonymise(
    *, consumer: Consumer, reason: str, actor: object
) -> Anonymisation:
    """Replace the subject's personal data with placeholders and remove their files.

    Refused (nothing changed) while legal retention applies, or if already done."""
    if not is_privacy_officer(actor):
        raise PermissionDeniedError()
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Укажите основание обезличивания (например, номер запроса)."),
            code="reason_required",
        )
    with transaction.atomic():
        consumer = Consumer.objects.select_for_update().get(pk=consumer.pk)
        if Anonymisation.objects.filter(consumer=consumer).exists():
            raise ConflictError(
                _("Данные этого субъекта уже обезличены."), code="already_anonymised"
            )
        blockers = anonymise_blockers(consumer)
        if blockers:
            raise ConflictError(
                _(
                    "Обезличить данные сейчас нельзя: закон обязывает хранить их, "
                    "пока есть %(reasons)s. Завершите их или откажите мотивированно."
                )
                % {"reasons": "; ".join(blockers)},
                code="retention_applies",
            )
        counts: dict[str, int] = {}
        appeals = Appeal.objects.filter(consumer=consumer)
        cutoff = _appeal_text_cutoff()
        old = (
            list(
                appeals.filter(closed_at__lt=cutoff)
                .filter(subject_request__isnull=True)
                .values_list("pk", flat=True)
            )
            if cutoff
            else []
        )
        counts["appeal_texts"] = appeals_anonymise_fully(old) if old else 0
        PostalLetter.objects.filter(appeal__in=appeals).update(
            sender_name=PLACEHOLDER, sender_address=PLACEHOLDER
        )
        InboundEmail.objects.filter(appeal__in=appeals).update(sender=PLACEHOLDER)
        PowerReport.objects.filter(
            Q(appeal__in=appeals) | Q(supply_point__account__consumer=consumer)
        ).update(contact_phone="")
        # The subject's requests are kept as they are: they prove how the request was
        # handled and carry the address the answer goes to (anonymised by the
        # `appeal` retention rule later).
        counts["appeals"] = appeals_anonymise_contacts(
            appeals.filter(subject_request__isnull=True)
        )
        applications = ConnectionApplication.objects.filter(consumer=consumer)
        counts["files"] = files_remove(
            ApplicationFile.objects.filter(application__in=applications)
        ) + files_remove(GeneratedDocument.objects.filter(application__in=applications))
        counts["connection_applications"] = applications.update(
            applicant_name=PLACEHOLDER,
            identity_document="",
            registry_number="",
            inn="",
            contact_phone="",
            contact_email="",
            postal_address="",
            representative_name="",
            object_address=PLACEHOLDER,
            cadastral_number="",
        )
        counts["service_orders"] = ServiceOrder.objects.filter(
            consumer=consumer
        ).update(comment="")
        _anonymise_user_records(consumer.user_id, counts)
        counts["consents_withdrawn"] = Consent.objects.filter(
            consumer=consumer, withdrawn_at=None
        ).update(withdrawn_at=timezone.now())
        if consumer.user_id:
            counts["login"] = _anonymise_login(User.objects.get(pk=consumer.user_id))
        consumer.name = PLACEHOLDER
        consumer.inn = ""
        consumer.phone = ""
        consumer.email = ""
        consumer.postal_address = ""
        consumer.save(update_fields=["name", "inn", "phone", "email", "postal_address"])
        return Anonymisation.objects.create(
            consumer=consumer,
            actor=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
            reason=reason,
            counts=counts,
            at=timezone.now(),
        )
