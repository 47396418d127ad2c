from django.urls import path

from gridcare.appeals.views import backoffice, card_actions, portal, reception

app_name = "appeals"

urlpatterns = [
    # Personal account (consumers).
    path("appeals/", portal.appeal_list, name="portal_list"),
    path("appeals/new/", portal.appeal_new, name="portal_new"),
    path("appeals/<int:appeal_id>/", portal.appeal_detail, name="portal_detail"),
    path("appeals/<int:appeal_id>/reply/", portal.appeal_reply, name="portal_reply"),
    path(
        "appeals/<int:appeal_id>/withdraw/",
        portal.appeal_withdraw,
        name="portal_withdraw",
    ),
    path("appeals/<int:appeal_id>/rate/", portal.appeal_rate, name="portal_rate"),
    path(
        "appeals/files/<int:attachment_id>/",
        portal.attachment_download,
        name="portal_attachment",
    ),
    # Internet reception (no account).
    path("reception/", reception.reception_form, name="reception"),
    path("reception/sent/", reception.reception_sent, name="reception_sent"),
    path(
        "reception/confirm/<str:token>/",
        reception.reception_confirm_link,
        name="reception_confirm",
    ),
    path(
        "reception/track/<str:token>/",
        reception.reception_track,
        name="reception_track",
    ),
    # Back office (staff).
    path("staff/appeals/", backoffice.queue, name="staff_queue"),
    path(
        "staff/appeals/bulk-assign/",
        backoffice.bulk_assign,
        name="staff_bulk_assign",
    ),
    path("staff/appeals/new/", backoffice.register, name="staff_register"),
    path("staff/appeals/<int:appeal_id>/", backoffice.appeal_card, name="staff_detail"),
    path(
        "staff/appeals/files/<int:attachment_id>/",
        backoffice.attachment_download,
        name="staff_attachment",
    ),
    path(
        "staff/consumers/<int:consumer_id>/appeals/",
        backoffice.consumer_appeals,
        name="staff_consumer_appeals",
    ),
    path("staff/appeals/<int:appeal_id>/take/", card_actions.take, name="staff_take"),
    path(
        "staff/appeals/<int:appeal_id>/assign/",
        card_actions.assign,
        name="staff_assign",
    ),
    path(
        "staff/appeals/<int:appeal_id>/note/",
        card_actions.add_note,
        name="staff_note",
    ),
    path(
        "staff/appeals/<int:appeal_id>/request-information/",
        card_actions.request_information,
        name="staff_request_information",
    ),
    path(
        "staff/appeals/<int:appeal_id>/answer/",
        card_actions.answer,
        name="staff_answer",
    ),
    path(
        "staff/appeals/<int:appeal_id>/close/",
        card_actions.close,
        name="staff_close",
    ),
    path(
        "staff/appeals/<int:appeal_id>/reopen/",
        card_actions.reopen,
        name="staff_reopen",
    ),
    path(
        "staff/appeals/<int:appeal_id>/forward/",
        card_actions.forward,
        name="staff_forward",
    ),
    path(
        "staff/appeals/<int:appeal_id>/outcome/",
        card_actions.set_outcome,
        name="staff_outcome",
    ),
]
