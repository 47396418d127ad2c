from django.urls import path

from gridcare.grid_connections.views import backoffice, calculators, portal

app_name = "grid_connections"

urlpatterns = [
    # Public calculators (no login).
    path("connections/calculators/power/", calculators.power, name="power_calculator"),
    path("connections/calculators/cost/", calculators.cost, name="cost_calculator"),
    # Personal account (applicants).
    path("connections/", portal.application_list, name="portal_list"),
    path("connections/new/", portal.application_new, name="portal_new"),
    path(
        "connections/<int:application_id>/",
        portal.application_detail,
        name="portal_detail",
    ),
    path(
        "connections/<int:application_id>/step/<slug:step>/",
        portal.wizard_step,
        name="portal_step",
    ),
    path(
        "connections/<int:application_id>/files/",
        portal.file_add,
        name="portal_file_add",
    ),
    path(
        "connections/<int:application_id>/files/<int:file_id>/remove/",
        portal.file_remove,
        name="portal_file_remove",
    ),
    path(
        "connections/<int:application_id>/submit/",
        portal.submit,
        name="portal_submit",
    ),
    path(
        "connections/<int:application_id>/correction/",
        portal.submit_correction,
        name="portal_correction",
    ),
    path(
        "connections/<int:application_id>/works/",
        portal.report_works,
        name="portal_works",
    ),
    path(
        "connections/<int:application_id>/withdraw/",
        portal.withdraw,
        name="portal_withdraw",
    ),
    path(
        "connections/documents/<int:document_id>/",
        portal.document_download,
        name="portal_document",
    ),
    path(
        "connections/uploads/<int:file_id>/",
        portal.upload_download,
        name="portal_upload",
    ),
    # Back office (staff).
    path("staff/connections/", backoffice.queue, name="staff_queue"),
    path("staff/connections/new/", backoffice.register, name="staff_register"),
    path(
        "staff/connections/<int:application_id>/",
        backoffice.application_card,
        name="staff_detail",
    ),
    path(
        "staff/connections/<int:application_id>/<slug:action>/",
        backoffice.act,
        name="staff_action",
    ),
    path(
        "staff/connections/documents/<int:document_id>/",
        backoffice.document_download,
        name="staff_document",
    ),
    path(
        "staff/connections/uploads/<int:file_id>/",
        backoffice.upload_download,
        name="staff_upload",
    ),
]
