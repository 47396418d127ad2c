"""Quiet hours: interruptive channels (SMS, push) wait until the quiet period ends.

The company default is `NOTIFICATIONS_QUIET_HOURS` ("22:00-08:00", Moscow time); a
person's `NotificationPreference` may move or switch it off. Urgent messages and the
quiet channels (e-mail, personal account) are never held back."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from gridcare.notifications.models import Channel, NotificationPreference

INTERRUPTIVE = frozenset({Channel.SMS, Channel.WEB_PUSH})


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    def release_at(self, moment: datetime) -> datetime | None:
        """The end of the quiet period `moment` falls in, or None outside it."""
        local = timezone.localtime(moment)
        now_t = local.time()
        if self.start == self.end:
            return None
        if self.start < self.end:  # e.g. 13:00-15:00
            inside = self.start <= now_t < self.end
            end_day = local.date()
        else:  # wraps midnight, e.g. 22:00-08:00
            inside = now_t >= self.start or now_t < self.end
            end_day = local.date() + timedelta(days=1 if now_t >= self.start else 0)
        if not inside:
            return None
        naive = datetime.combine(end_day, self.end)
        return timezone.make_aware(naive, timezone.get_current_timezone())


def parse_quiet_hours(value: str) -> QuietHours | None:
    """'22:00-08:00' → QuietHours; '' → None (no quiet hours)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"NOTIFICATIONS_QUIET_HOURS: expected HH:MM-HH:MM, got {value!r}"
        ) from exc
    return QuietHours(start, end)


def company_quiet_hours() -> QuietHours | None:
    return parse_quiet_hours(settings.NOTIFICATIONS_QUIET_HOURS)


def quiet_hours_for(preference: NotificationPreference | None) -> QuietHours | None:
    if preference is None:
        return company_quiet_hours()
    if not preference.quiet_hours_enabled:
        return None
    if preference.quiet_from and preference.quiet_to:
        return QuietHours(preference.quiet_from, preference.quiet_to)
    return company_quiet_hours()


def not_before(
    *,
    channel: str,
    urgent: bool,
    preference: NotificationPreference | None,
    now: datetime,
) -> datetime | None:
    """When a message may go: None = now."""
    if urgent or channel not in INTERRUPTIVE:
        return None
    hours = quiet_hours_for(preference)
    return hours.release_at(now) if hours else None
