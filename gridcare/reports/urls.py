from django.urls import URLPattern, path

from gridcare.reports.views import backoffice

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("staff/reports/", backoffice.reports_index, name="index"),
    path(
        "staff/reports/186/<int:year>.<str:fmt>",
        backoffice.report_186_download,
        name="report_186",
    ),
    path("staff/reports/exports/", backoffice.export_start, name="export_start"),
    path(
        "staff/reports/exports/<int:job_id>/",
        backoffice.export_status,
        name="export_status",
    ),
    path(
        "staff/reports/exports/<int:job_id>/download",
        backoffice.export_download,
        name="export_download",
    ),
    path("staff/dashboards/", backoffice.dashboard, name="dashboard"),
    path(
        "staff/dashboards/data.json", backoffice.dashboard_data, name="dashboard_data"
    ),
    path(
        "staff/dashboards/<slug:slug>.<str:fmt>",
        backoffice.dashboard_table_export,
        name="dashboard_table",
    ),
]
