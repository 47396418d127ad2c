"""History rows of appointments and queue tickets."""

from datetime import datetime
from typing import Any

from gridcare.offices.models import Appointment, OfficeEvent, Visit


def office_event_add(
    *,
    action: str,
    at: datetime,
    actor: object | None,
    appointment: Appointment | None = None,
    visit: Visit | None = None,
    from_status: str = "",
    to_status: str = "",
    details: dict[str, Any] | None = None,
) -> OfficeEvent:
    """Append one history row (who, when, what, from → to)."""
    return OfficeEvent.objects.create(
        appointment=appointment,
        visit=visit,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        at=at,
        details=details or {},
    )
