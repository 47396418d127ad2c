from django.urls import path

from gridcare.outages.feeds import OutageAtomFeed, OutageRssFeed, planned_calendar
from gridcare.outages.views import backoffice, public

app_name = "outages"

urlpatterns = [
    # Public.
    path("outages/", public.outage_index, name="public_index"),
    path("outages/map/", public.outage_map, name="public_map"),
    path("outages/map.geojson", public.outage_geojson, name="public_geojson"),
    path("outages/feed.rss", OutageRssFeed(), name="feed_rss"),
    path("outages/feed.atom", OutageAtomFeed(), name="feed_atom"),
    path("outages/planned.ics", planned_calendar, name="feed_ical"),
    path("outages/<int:outage_id>/", public.outage_detail, name="public_detail"),
    path("outages/subscribe/", public.subscribe, name="subscribe"),
    path(
        "outages/subscriptions/<int:subscription_id>/code/",
        public.confirm_code,
        name="confirm_code",
    ),
    path("outages/confirm/<str:token>/", public.confirm_link, name="confirm"),
    path("outages/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("outages/my/", public.my_subscriptions, name="my_subscriptions"),
    # Back office.
    path("staff/outages/", backoffice.registry, name="staff_registry"),
    path("staff/outages/new/", backoffice.create, name="staff_create"),
    path("staff/outages/import/", backoffice.schedule_upload, name="staff_import"),
    path(
        "staff/outages/import/<int:import_id>/",
        backoffice.schedule_preview,
        name="staff_import_preview",
    ),
    path("staff/outages/dispatch/", backoffice.dispatch, name="staff_dispatch"),
    path(
        "staff/outages/suggestions/<int:suggestion_id>/",
        backoffice.suggestion_decide,
        name="staff_suggestion",
    ),
    path("staff/outages/<int:outage_id>/", backoffice.card, name="staff_card"),
    path("staff/outages/<int:outage_id>/edit/", backoffice.edit, name="staff_edit"),
    path("staff/outages/<int:outage_id>/start/", backoffice.start, name="staff_start"),
    path(
        "staff/outages/<int:outage_id>/estimate/",
        backoffice.estimate,
        name="staff_estimate",
    ),
    path(
        "staff/outages/<int:outage_id>/restore/",
        backoffice.restore,
        name="staff_restore",
    ),
    path(
        "staff/outages/<int:outage_id>/cancel/", backoffice.cancel, name="staff_cancel"
    ),
]
