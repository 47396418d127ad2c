"""Signed unsubscribe links: «stop messages of this topic to this address», valid
without login and without expiry (an old e-mail's link still works)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "notifications.unsubscribe"


def unsubscribe_token(*, channel: str, address: str, topic: str) -> str:
    return signing.dumps(
        {"c": channel, "a": address, "t": topic}, salt=SALT, compress=True
    )


def unsubscribe_payload(token: str) -> tuple[str, str, str]:
    """(channel, address, topic) of a token; BadSignature for a forged one."""
    value = signing.loads(token, salt=SALT)
    if not isinstance(value, dict) or not {"c", "a", "t"} <= value.keys():
        raise signing.BadSignature("bad payload")
    return str(value["c"]), str(value["a"]), str(value["t"])


def unsubscribe_link(*, channel: str, address: str, topic: str) -> str:
    token = unsubscribe_token(channel=channel, address=address, topic=topic)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])
