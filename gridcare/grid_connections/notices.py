"""What the applicant is told about their application. Called after commit only."""

from django.conf import settings
from django.urls import reverse

from gridcare.grid_connections.models import ConnectionApplication
from gridcare.notifications.models import Channel
from gridcare.notifications.services import notification_send


def _send(
    application: ConnectionApplication,
    event: str,
    key: str,
    channels: list[str],
    **context: object,
) -> None:
    consumer = application.consumer
    user = consumer.user if consumer is not None and consumer.user_id else None
    link = settings.SITE_URL + reverse(
        "grid_connections:portal_detail", args=[application.pk]
    )
    notification_send(
        event=event,
        context={
            "application": application,
            "link": link,
            "company": settings.COMPANY_NAME,
            **context,
        },
        channels=channels,
        recipient=user,
        email=application.contact_email,
        phone=application.contact_phone,
        link=link,
        dedup_key=f"connection:{application.pk}:{key}",
    )


def _get(application_id: int) -> ConnectionApplication:
    return ConnectionApplication.objects.select_related("consumer").get(
        pk=application_id
    )


def connection_registered(*, application_id: int) -> None:
    application = _get(application_id)
    _send(
        application,
        "connection_registered",
        "registered",
        [Channel.IN_APP, Channel.EMAIL, Channel.SMS],
    )


def connection_correction_requested(*, application_id: int) -> None:
    application = _get(application_id)
    request = application.corrections.order_by("-requested_at", "-id").first()
    _send(
        application,
        "connection_correction_requested",
        f"correction:{request.pk if request else 0}",
        [Channel.IN_APP, Channel.EMAIL, Channel.SMS],
        request=request,
    )


def connection_status_changed(*, application_id: int, event: str) -> None:
    """A step the applicant must hear of: offer sent, contract, connection, act."""
    application = _get(application_id)
    _send(
        application,
        "connection_status_changed",
        event,
        [Channel.IN_APP, Channel.EMAIL],
        status=application.get_status_display(),
    )
