"""The application history writer: the only code that adds ApplicationEvent rows."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.grid_connections.models import ApplicationEvent, ConnectionApplication

# Actions the applicant sees in their timeline (internal steps such as assignment
# are shown to staff only).
PUBLIC_ACTIONS = frozenset(
    {
        "submitted",
        "correction_requested",
        "correction_submitted",
        "accepted",
        "technical_conditions_issued",
        "offer_sent",
        "payment_recorded",
        "works_recorded",
        "fulfilment_checked",
        "connected",
        "closing_document_issued",
        "document_reissued",
        "withdrawn",
        "annulled",
    }
)


ACTION_LABELS = {
    "submitted": _("Заявка подана и зарегистрирована"),
    "assigned": _("Назначен инженер"),
    "accepted": _("Комплектность подтверждена, заявка принята"),
    "correction_requested": _("Запрошены недостающие сведения (срок приостановлен)"),
    "correction_submitted": _("Исправленная заявка получена (срок возобновлён)"),
    "technical_conditions_issued": _("Выданы технические условия"),
    "offer_sent": _("Направлены договор (оферта), ТУ и счёт"),
    "payment_recorded": _("Счёт оплачен, договор заключён"),
    "works_recorded": _("Выполнены мероприятия по ТУ"),
    "fulfilment_checked": _("Выполнение ТУ проверено"),
    "connected": _("Выполнено фактическое присоединение"),
    "closing_document_issued": _("Оформлены документы о присоединении"),
    "document_reissued": _("Выпущена новая версия документа"),
    "withdrawn": _("Заявка отозвана"),
    "annulled": _("Заявка аннулирована"),
}


def event_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def application_event_add(
    *,
    application: ConnectionApplication,
    actor: object | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    at: datetime | None = None,
    **details: object,
) -> ApplicationEvent:
    """Append one history row (who, when, from, to, what)."""
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
        details={k: v for k, v in details.items() if v not in (None, "")},
    )
