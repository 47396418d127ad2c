"""The events the engine knows: the topic each belongs to and whether it is urgent.

Every event has templates at `templates/notifications/<event>/`: `subject.txt` and one
body per channel (`email.txt`, `sms.txt`, `in_app.txt`, optionally `web_push.txt`, which
falls back to `in_app.txt`). An event missing here is "other", not urgent."""

from dataclasses import dataclass

from gridcare.notifications.models import Channel, Topic


@dataclass(frozen=True)
class EventKind:
    topic: str
    # Urgent messages are sent at once, even in the recipient's quiet hours.
    urgent: bool = False


EVENTS: dict[str, EventKind] = {
    "appeal_registered": EventKind(Topic.APPEALS),
    "appeal_message": EventKind(Topic.APPEALS),
    "appeal_answered": EventKind(Topic.APPEALS),
    "appeal_escalated": EventKind(Topic.STAFF),
    # Planned works ahead (lead time: outages.OutageSetting), then the outage's course.
    "outage_planned": EventKind(Topic.OUTAGES),
    "outage_started": EventKind(Topic.OUTAGES),
    "outage_estimate_changed": EventKind(Topic.OUTAGES),
    "outage_restored": EventKind(Topic.OUTAGES),
    "outage_cancelled": EventKind(Topic.OUTAGES),
    # The person is waiting for the code or link on the screen.
    "subscription_confirm": EventKind(Topic.ACCOUNT, urgent=True),
    # Internet reception: the confirmation link is awaited on the screen.
    "reception_confirm": EventKind(Topic.ACCOUNT, urgent=True),
    # Office appointments: the booking is a service message; the day-before reminder
    # can be switched off like other reminders.
    "appointment_booked": EventKind(Topic.APPEALS),
    "appointment_reminder": EventKind(Topic.REMINDERS),
    # A one-time code (registration, password reset): the person waits on the screen.
    "one_time_code": EventKind(Topic.ACCOUNT, urgent=True),
    "reception_registered": EventKind(Topic.APPEALS),
}

OTHER = EventKind(Topic.OTHER)

# Mailings a person may mute or unsubscribe from. Messages about their own appeals
# (the answer on the merits goes where they asked) and confirmation codes are not.
MUTABLE_TOPICS = frozenset({Topic.OUTAGES, Topic.REMINDERS, Topic.OTHER})

# Topics shown in the preferences, in this order; the fixed ones are shown as always on.
PREFERENCE_TOPICS = (Topic.APPEALS, Topic.OUTAGES, Topic.REMINDERS, Topic.OTHER)
# Channels a person chooses between, per topic.
PREFERENCE_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.WEB_PUSH, Channel.IN_APP)


def preference_keys() -> frozenset[str]:
    """Every «topic.channel» a person may switch off."""
    return frozenset(
        f"{topic}.{channel}"
        for topic in MUTABLE_TOPICS
        for channel in PREFERENCE_CHANNELS
    )


def event_kind(event: str) -> EventKind:
    return EVENTS.get(event, OTHER)
