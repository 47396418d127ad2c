"""What subscribers are told about an outage: planned works ahead, the start, changes of
the expected restoration time, restoration, cancellation. One message per person and
event, however many of their subscriptions the outage touches; each with a link that
cancels those subscriptions."""

from collections.abc import Iterator

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gridcare.notifications.services import Recipient, notification_send_bulk
from gridcare.outages.models import Outage, OutageKind
from gridcare.outages.selectors import subscription_list_for_outage

UNSUBSCRIBE_SALT = "outages.unsubscribe"


def unsubscribe_token(subscription_ids: list[int]) -> str:
    """A signed token naming the subscriptions a message was sent for (no expiry: the
    link in an old e-mail still works)."""
    return signing.dumps(sorted(subscription_ids), salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_ids(token: str) -> list[int]:
    """The subscription ids of a token; BadSignature for a forged or broken one."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
        raise signing.BadSignature("bad payload")
    return value


def unsubscribe_link(subscription_ids: list[int], *, prefix: str = "") -> str:
    """The link to cancel these subscriptions; `prefix` (from `unsubscribe_prefix`)
    saves resolving the URL for every person of a mailing."""
    return (prefix or unsubscribe_prefix()) + unsubscribe_token(subscription_ids) + "/"


def unsubscribe_prefix() -> str:
    marker = "TOKEN"
    url = reverse("outages:unsubscribe", args=[marker])
    return settings.SITE_URL + url[: url.rindex(marker)]


def outage_recipients(outage: Outage) -> Iterator[Recipient]:
    """Yield one recipient per person subscribed to the outage's places."""
    prefix = unsubscribe_prefix()
    people: dict[str, dict] = {}
    rows = (
        subscription_list_for_outage(outage)
        .order_by("pk")
        .values_list("pk", "user_id", "email", "phone", "channels", "label")
    )
    for pk, user_id, email, phone, channels, label in rows.iterator(chunk_size=5000):
        key = (
            f"user:{user_id}"
            if user_id
            else (f"email:{email.lower()}" if email else f"phone:{phone}")
        )
        person = people.get(key)
        if person is None:
            people[key] = {
                "user_id": user_id,
                "email": email,
                "phone": phone,
                "channels": list(channels or []),
                "ids": [pk],
                "label": label,
            }
            continue
        person["ids"].append(pk)
        person["email"] = person["email"] or email
        person["phone"] = person["phone"] or phone
        person["channels"] += [c for c in channels or [] if c not in person["channels"]]
    for key, person in people.items():
        yield Recipient(
            key=key,
            channels=person["channels"],
            user_id=person["user_id"],
            email=person["email"],
            phone=person["phone"],
            personal={
                "unsubscribe_link": unsubscribe_link(person["ids"], prefix=prefix),
                "place": person["label"],
            },
        )


def outage_notify(*, outage_id: int, event: str, key: str) -> int:
    """Tell every subscriber of the outage's places about `event`; return how many
    messages were queued. Running it again for the same key queues nothing new."""
    outage = Outage.objects.select_related("branch").get(pk=outage_id)
    link = settings.SITE_URL + reverse("outages:public_detail", args=[outage.pk])
    context = {
        "outage": outage,
        "is_planned": outage.kind == OutageKind.PLANNED,
        "link": link,
        "company": settings.COMPANY_NAME,
        "now": timezone.now(),
    }
    urgent = event == "outage_started" and outage.kind == OutageKind.UNPLANNED
    with transaction.atomic():
        return notification_send_bulk(
            event=event,
            context=context,
            recipients=outage_recipients(outage),
            group_key=f"outage:{outage.pk}:{key}",
            link=link,
            urgent=urgent,
            personal_keys=("unsubscribe_link", "place"),
        )
