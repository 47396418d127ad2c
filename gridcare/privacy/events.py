"""The subject-request history writer: the only code that adds SubjectRequestEvent rows."""

from django.utils import timezone

from gridcare.privacy.models import SubjectRequest, SubjectRequestEvent


def subject_request_event_add(
    *,
    request: SubjectRequest,
    actor: object | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    **details: object,
) -> SubjectRequestEvent:
    """Append one history row (who, when, from, to, what)."""
    return SubjectRequestEvent.objects.create(
        request=request,
        actor=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=timezone.now(),
        details={k: v for k, v in details.items() if v not in (None, "")},
    )
