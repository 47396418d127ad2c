"""The appeal history writer: the only code that adds AppealEvent rows."""

from datetime import datetime

from django.utils import timezone

from gridcare.appeals.models import Appeal, AppealEvent


def appeal_event_add(
    *,
    appeal: Appeal,
    actor: object | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    at: datetime | None = None,
    **details: object,
) -> AppealEvent:
    """Append one history row (who, when, from, to, what)."""
    return AppealEvent.objects.create(
        appeal=appeal,
        actor=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
        details={k: v for k, v in details.items() if v not in (None, "")},
    )
