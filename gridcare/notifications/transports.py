"""Transports: one per channel. E-mail goes over real SMTP (Django's SMTP backend);
SMS goes through a pluggable gateway, logging by default."""

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

logger = logging.getLogger("gridcare.sms")


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class LoggingSmsGateway:
    """Writes SMS to the log instead of sending: the default until a provider is set."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


def sms_gateway() -> SmsGateway:
    return import_string(settings.SMS_BACKEND)()


def send_email(*, to: str, subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)


def send_sms(*, phone: str, text: str) -> None:
    sms_gateway().send(phone=phone, text=text)
