"""Feeds of outages: RSS and Atom of the latest changes (django.contrib.syndication),
iCalendar of planned works so a calendar shows them (and drops cancelled ones)."""

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from gridcare.outages.models import Outage, OutageStatus
from gridcare.outages.selectors import (
    outage_list_planned_feed,
    outage_list_recent_changes,
)


def _moscow(value: datetime | None) -> str:
    return formats.date_format(timezone.localtime(value), "d.m.Y H:i") if value else "—"


def outage_title(outage: Outage) -> str:
    start = outage.started_at or outage.planned_start
    return f"{outage.get_kind_display()} отключение с {_moscow(start)}: {outage.area_text[:150]}"


def outage_summary(outage: Outage) -> str:
    lines = [
        f"Статус: {outage.get_status_display()}.",
        f"Причина: {outage.cause_text}.",
        f"Адреса: {outage.area_text}.",
    ]
    if outage.planned_start:
        lines.append(
            f"Плановые работы: {_moscow(outage.planned_start)} — {_moscow(outage.planned_end)} (мск)."
        )
    if outage.started_at:
        lines.append(f"Отключено с {_moscow(outage.started_at)} (мск).")
    if outage.ended_at:
        lines.append(f"Восстановлено {_moscow(outage.ended_at)} (мск).")
    elif outage.estimated_restoration_at:
        lines.append(
            f"Ожидаемое восстановление: {_moscow(outage.estimated_restoration_at)} (мск)."
        )
    return "\n".join(lines)


class OutageRssFeed(Feed):
    title = _("Отключения электроэнергии")
    description = _("Плановые и аварийные отключения: новые и изменённые записи.")

    def link(self) -> str:
        return reverse("outages:public_index")

    def items(self) -> list[Outage]:
        return list(outage_list_recent_changes())

    def item_title(self, item: Outage) -> str:
        return outage_title(item)

    def item_description(self, item: Outage) -> str:
        return outage_summary(item).replace("\n", "<br>")

    def item_link(self, item: Outage) -> str:
        return reverse("outages:public_detail", args=[item.pk])

    def item_guid(self, item: Outage) -> str:
        return f"{settings.SITE_URL}/outages/{item.pk}#{item.sequence}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Outage) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Outage) -> datetime:
        return item.updated_at

    def item_categories(self, item: Outage) -> list[str]:
        return [item.get_kind_display(), item.get_status_display()]


class OutageAtomFeed(OutageRssFeed):
    feed_type = Atom1Feed
    subtitle = OutageRssFeed.description


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def planned_calendar(request: HttpRequest) -> HttpResponse:
    """iCalendar (RFC 5545) of planned works; ?settlement=<id>&street=<id> narrows it.
    Times carry TZID=Europe/Moscow; cancelled works stay as STATUS:CANCELLED so
    subscribed calendars remove them."""
    outages = outage_list_planned_feed()
    settlement_id, street_id = (
        _int(request.GET.get("settlement")),
        _int(request.GET.get("street")),
    )
    if street_id:
        outages = outages.filter(areas__street_id=street_id).distinct()
    elif settlement_id:
        outages = outages.filter(areas__settlement_id=settlement_id).distinct()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.COMPANY_NAME}//gridcare//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Плановые отключения электроэнергии"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = settings.SITE_URL.split("://")[-1]
    for outage in outages:
        event = Event()
        event.add("uid", f"outage-{outage.pk}@{host}")
        event.add("sequence", outage.sequence)
        event.add("dtstamp", timezone.now())
        event.add("last-modified", outage.updated_at)
        event.add("dtstart", timezone.localtime(outage.planned_start))
        event.add("dtend", timezone.localtime(outage.planned_end))
        event.add("summary", f"Плановое отключение: {outage.area_text[:120]}")
        event.add("location", outage.area_text)
        event.add("description", outage_summary(outage))
        event.add(
            "url",
            settings.SITE_URL + reverse("outages:public_detail", args=[outage.pk]),
        )
        event.add(
            "status",
            "CANCELLED" if outage.status == OutageStatus.CANCELLED else "CONFIRMED",
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="planned-outages.ics"'
    return response
