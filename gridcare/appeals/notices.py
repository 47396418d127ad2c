"""What the consumer and staff are told about appeals. Called after commit only."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from gridcare.accounts.models import Role, User
from gridcare.appeals.codes import AnswerChannel
from gridcare.appeals.models import Appeal, AppealMessage
from gridcare.notifications.models import Channel
from gridcare.notifications.services import notification_send


def _consumer_channels(appeal: Appeal) -> list[str]:
    channels = [Channel.IN_APP]
    if appeal.contact_email and appeal.answer_channel in (
        AnswerChannel.EMAIL,
        AnswerChannel.PERSONAL_ACCOUNT,
    ):
        channels.append(Channel.EMAIL)
    if appeal.contact_phone and appeal.answer_channel == AnswerChannel.SMS:
        channels.append(Channel.SMS)
    return channels


def _send_to_consumer(appeal: Appeal, event: str, key: str, **context: object) -> None:
    user = (
        appeal.consumer.user if appeal.consumer_id and appeal.consumer.user_id else None
    )
    link = settings.SITE_URL + reverse("appeals:portal_detail", args=[appeal.pk])
    notification_send(
        event=event,
        context={
            "appeal": appeal,
            "link": link,
            "company": settings.COMPANY_NAME,
            **context,
        },
        channels=_consumer_channels(appeal),
        recipient=user,
        email=appeal.contact_email,
        phone=appeal.contact_phone,
        link=link,
        dedup_key=f"appeal:{appeal.pk}:{key}",
    )


def appeal_registered(*, appeal_id: int) -> None:
    appeal = Appeal.objects.select_related("consumer__user").get(pk=appeal_id)
    _send_to_consumer(appeal, "appeal_registered", "registered")


def appeal_message(*, appeal_id: int, message_id: int) -> None:
    appeal = Appeal.objects.select_related("consumer__user").get(pk=appeal_id)
    message = AppealMessage.objects.get(pk=message_id)
    _send_to_consumer(
        appeal, "appeal_message", f"message:{message_id}", message=message
    )


def appeal_answered(*, appeal_id: int, message_id: int) -> None:
    appeal = Appeal.objects.select_related("consumer__user").get(pk=appeal_id)
    message = AppealMessage.objects.get(pk=message_id)
    _send_to_consumer(
        appeal, "appeal_answered", f"answer:{message_id}", message=message
    )


def appeal_escalated(*, appeal_id: int) -> None:
    """Tell the supervisors of the appeal's branch (and company-wide ones) in the app and
    by e-mail that the appeal is overdue."""
    appeal = Appeal.objects.get(pk=appeal_id)
    supervisors = User.objects.filter(role=Role.SUPERVISOR, is_active=True).filter(
        Q(branch_id=appeal.branch_id) | Q(branch__isnull=True)
    )
    link = settings.SITE_URL + reverse("appeals:staff_detail", args=[appeal.pk])
    for supervisor in supervisors:
        notification_send(
            event="appeal_escalated",
            context={"appeal": appeal, "link": link},
            channels=[Channel.IN_APP, Channel.EMAIL],
            recipient=supervisor,
            email=supervisor.email or "",
            link=link,
            dedup_key=f"appeal:{appeal.pk}:escalated:{supervisor.pk}",
        )


QUEUE_GROUP_ALL = "appeals.queue.all"


def queue_group(branch_id: int | None) -> str:
    """Staff of a branch listen to their branch; company-wide staff listen to all."""
    return f"appeals.queue.{branch_id}" if branch_id else QUEUE_GROUP_ALL


def queue_changed(*, appeal_id: int, branch_id: int | None, status: str) -> None:
    """Tell open staff queues of the branch (and company-wide ones) to refresh."""
    layer = get_channel_layer()
    if layer is None:
        return
    event = {"type": "appeal.changed", "appeal_id": appeal_id, "status": status}
    for group in {queue_group(branch_id), QUEUE_GROUP_ALL}:
        async_to_sync(layer.group_send)(group, event)
