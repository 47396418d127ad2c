"""Rendering of the plain-text templates of an event (no HTML escaping: these are
e-mail bodies, SMS and push texts, not pages)."""

from collections.abc import Mapping

from django.template import Context, Template, TemplateDoesNotExist
from django.template.loader import get_template, select_template

from gridcare.notifications.models import Channel


def _template(event: str, channel: str) -> Template:
    names = [f"notifications/{event}/{channel}.txt"]
    if channel == Channel.WEB_PUSH:
        names.append(f"notifications/{event}/in_app.txt")
    return select_template(names).template  # type: ignore[attr-defined,no-any-return]


def render_message(
    event: str, channel: str, context: Mapping[str, object]
) -> tuple[str, str]:
    """Return (subject, body) of the event for the channel."""
    subject_t = get_template(f"notifications/{event}/subject.txt").template  # type: ignore[attr-defined]
    body_t = _template(event, channel)
    ctx = Context(dict(context), autoescape=False)
    subject = " ".join(subject_t.render(ctx).split())[:300]
    return subject, body_t.render(ctx).strip()


class PersonalisedMessage:
    """An event's message rendered once for a mailing, with per-recipient values
    (links, addresses) put in by plain replacement: rendering 100 000 copies of a
    template costs more than the mailing itself.

    Per-recipient values are inserted verbatim, so templates must print them without
    filters (`{{ unsubscribe_link }}`)."""

    def __init__(
        self,
        event: str,
        channel: str,
        context: Mapping[str, object],
        personal_keys: tuple[str, ...],
    ):
        self.markers = {key: f"\x00{i}\x00" for i, key in enumerate(personal_keys)}
        self.subject, self.body = render_message(
            event, channel, {**context, **self.markers}
        )

    def for_recipient(self, values: Mapping[str, str]) -> tuple[str, str]:
        subject, body = self.subject, self.body
        for key, marker in self.markers.items():
            value = values.get(key, "")
            subject = subject.replace(marker, value)
            body = body.replace(marker, value)
        return subject, body


def has_template(event: str, channel: str) -> bool:
    try:
        _template(event, channel)
    except TemplateDoesNotExist:
        return False
    return True
