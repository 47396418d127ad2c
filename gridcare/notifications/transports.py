"""Transports: one class per channel. A transport is opened once per batch, sends
messages one by one (so one bad address does not stop the rest) and is closed.

- e-mail: real SMTP, one connection reused for the batch (`smtp_mail.EmailTransport`);
- SMS: a gateway behind the `SmsGateway` interface (`SMS_BACKEND`), logging by default;
- web push: RFC 8291 encrypted messages with VAPID (pywebpush) to each browser of the
  recipient (`WEBPUSH_ENABLED`);
- in-app: the stored row is the message; nothing to send."""

import json
import logging
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from gridcare.notifications.models import Channel, Notification, PushSubscription

logger = logging.getLogger("gridcare.sms")
push_logger = logging.getLogger("gridcare.push")


class TransportError(Exception):
    """Delivery failed; `permanent` errors are not retried (e.g. no push endpoint)."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Transport(Protocol):
    channel: str
    name: str

    def open(self) -> None: ...

    def send(self, notification: Notification) -> str:
        """Deliver one message; return the provider's message id ('' if none)."""
        ...

    def close(self) -> None: ...


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> str | None: ...


class LoggingSmsGateway:
    """Writes SMS to the log instead of sending: the default until a provider is set."""

    def send(self, *, phone: str, text: str) -> str | None:
        logger.info("SMS to %s: %s", phone, text)
        return None


def sms_gateway() -> SmsGateway:
    return import_string(settings.SMS_BACKEND)()


class SmsTransport:
    channel = Channel.SMS
    name = "sms"

    def __init__(self) -> None:
        self.gateway = sms_gateway()
        self.name = f"sms:{type(self.gateway).__name__}"

    def open(self) -> None:
        pass

    def send(self, notification: Notification) -> str:
        return (
            self.gateway.send(phone=notification.address, text=notification.body) or ""
        )

    def close(self) -> None:
        pass


class WebPushTransport:
    """Web Push to every active browser subscription of the recipient."""

    channel = Channel.WEB_PUSH
    name = "webpush"

    def open(self) -> None:
        if not settings.WEBPUSH_ENABLED:
            raise TransportError(
                "Web push выключен (WEBPUSH_ENABLED=0)", permanent=True
            )

    def send(self, notification: Notification) -> str:
        from pywebpush import WebPushException, webpush

        targets = list(
            PushSubscription.objects.filter(
                user_id=notification.recipient_id, disabled_at__isnull=True
            )
        )
        if not targets:
            raise TransportError("У получателя нет push-подписок", permanent=True)
        payload = json.dumps(
            {
                "title": notification.subject,
                "body": notification.body,
                "url": notification.link,
            },
            ensure_ascii=False,
        )
        delivered, errors = 0, []
        for target in targets:
            try:
                webpush(
                    subscription_info={
                        "endpoint": target.endpoint,
                        "keys": {"p256dh": target.p256dh, "auth": target.auth},
                    },
                    data=payload,
                    vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
                    vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
                    timeout=10,
                    ttl=24 * 3600,
                )
            except WebPushException as exc:
                status = getattr(exc.response, "status_code", None)
                if status in (404, 410):  # the browser unsubscribed
                    target.disabled_at = timezone.now()
                    target.save(update_fields=["disabled_at"])
                errors.append(f"{status}: {exc}")
                continue
            delivered += 1
            target.last_success_at = timezone.now()
            target.save(update_fields=["last_success_at"])
        if not delivered:
            push_logger.warning("web push failed: %s", errors)
            raise TransportError("; ".join(errors)[:500])
        return f"{delivered}/{len(targets)}"

    def close(self) -> None:
        pass


def transport_for(channel: str) -> Transport:
    from gridcare.notifications.smtp_mail import EmailTransport

    transports: dict[str, type] = {
        Channel.EMAIL: EmailTransport,
        Channel.SMS: SmsTransport,
        Channel.WEB_PUSH: WebPushTransport,
    }
    return transports[channel]()  # type: ignore[no-any-return]
