"""What the consumer is told about their service order. Called after commit only.

The message goes out as the appeal-registry event `appeal_message` (topic «Обращения»,
templates in notifications/appeal_message/): the order is an appeal, and its number is
the one the consumer knows."""

from django.conf import settings
from django.urls import reverse

from gridcare.notifications.models import Channel
from gridcare.notifications.services import notification_send
from gridcare.service_requests.models import ServiceOrder


def service_order_notify(*, order_id: int, key: str, text: str) -> None:
    """Tell the consumer of the order `text` in the app and by e-mail (once per key)."""
    order = ServiceOrder.objects.select_related("appeal", "consumer__user").get(
        pk=order_id
    )
    appeal = order.appeal
    user = order.consumer.user if order.consumer.user_id else None
    link = settings.SITE_URL + reverse(
        "service_requests:portal_detail", args=[order.pk]
    )
    channels = [Channel.IN_APP]
    if appeal.contact_email:
        channels.append(Channel.EMAIL)
    notification_send(
        event="appeal_message",
        context={
            "appeal": appeal,
            "message": {"text": text},
            "link": link,
            "company": settings.COMPANY_NAME,
        },
        channels=channels,
        recipient=user,
        email=appeal.contact_email,
        phone=appeal.contact_phone,
        link=link,
        dedup_key=f"service_order:{order.pk}:{key}",
    )
