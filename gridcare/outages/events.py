"""The outage history writer: the only code that adds OutageEvent rows."""

from datetime import datetime

from django.utils import timezone

from gridcare.outages.models import Outage, OutageEvent


def outage_event_add(
    *,
    outage: Outage,
    actor: object | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    at: datetime | None = None,
    **details: object,
) -> OutageEvent:
    """Append one history row (who, when, from, to, what)."""
    return OutageEvent.objects.create(
        outage=outage,
        actor=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
        details={k: v for k, v in details.items() if v not in (None, "")},
    )
