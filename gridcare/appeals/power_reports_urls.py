"""«Нет света» (outage-aware intake) and storm mode: appeals pages that belong to the
outages flow. Included from gridcare/urls.py."""

from django.urls import path

from gridcare.appeals.views import power_reports

app_name = "power_reports"

urlpatterns = [
    path("outages/report/", power_reports.report, name="report"),
    path("staff/outages/storm/", power_reports.storm_list, name="storm_list"),
    path(
        "staff/outages/<int:outage_id>/storm/",
        power_reports.storm_detail,
        name="storm_detail",
    ),
]
