from django.urls import path

from gridcare.privacy.views import backoffice, portal

app_name = "privacy"

urlpatterns = [
    # The subject's page in the personal account.
    path("account/privacy/", portal.index, name="portal_index"),
    path(
        "account/privacy/requests/<int:request_id>/",
        portal.detail,
        name="portal_detail",
    ),
    path("account/privacy/export.zip", portal.export_zip, name="portal_export"),
    # The data protection officer.
    path("staff/privacy/", backoffice.request_list, name="staff_requests"),
    path(
        "staff/privacy/requests/new/",
        backoffice.request_register,
        name="staff_register",
    ),
    path(
        "staff/privacy/requests/<int:request_id>/",
        backoffice.request_card,
        name="staff_detail",
    ),
    path(
        "staff/privacy/requests/<int:request_id>/<slug:action>/",
        backoffice.request_act,
        name="staff_action",
    ),
    path(
        "staff/privacy/consumers/<int:consumer_id>/",
        backoffice.consumer_page,
        name="staff_consumer",
    ),
    path(
        "staff/privacy/consumers/<int:consumer_id>/export.zip",
        backoffice.consumer_export,
        name="staff_export",
    ),
    path("staff/privacy/access-log/", backoffice.access_log, name="staff_access_log"),
    path("staff/privacy/consents/", backoffice.consents, name="staff_consents"),
    path("staff/privacy/retention/", backoffice.retention, name="staff_retention"),
]
