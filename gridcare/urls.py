"""/ portal, /staff/ back office, /api/v1/ API, /admin/ operations, /healthz."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from gridcare.accounts import views as accounts_views
from gridcare.api.v1 import api
from gridcare.core import views as core_views

admin.site.site_header = "gridcare — администрирование"
admin.site.site_title = "gridcare"

urlpatterns = [
    path("", core_views.portal_home, name="portal_home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("livez", core_views.livez, name="livez"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics_view, name="metrics"),
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("offline/", core_views.offline, name="offline"),
    path("staff/", accounts_views.staff_home, name="staff_home"),
    path("", include("gridcare.accounts.urls")),
    path("", include("gridcare.appeals.urls")),
    path("", include("gridcare.grid_connections.urls")),
    path("", include("gridcare.consumers.urls")),
    path("", include("gridcare.outages.urls")),
    path("", include("gridcare.appeals.power_reports_urls")),
    path("", include("gridcare.notifications.urls")),
    path("", include("gridcare.metering.urls")),
    path("", include("gridcare.offices.urls")),
    path("", include("gridcare.service_requests.urls")),
    path("", include("gridcare.written_channels.urls")),
    path("", include("gridcare.contact_centre.urls")),
    path("", include("gridcare.telephony.urls")),
    path("", include("gridcare.privacy.urls")),
    path("", include("gridcare.chatbot.urls")),
    path("", include("gridcare.indicators.urls")),
    path("", include("gridcare.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Strings of our scripts (static/js) in the visitor's language: gettext() in JS.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
]
