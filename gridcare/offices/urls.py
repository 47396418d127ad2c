from django.urls import path

from gridcare.offices.views import backoffice, portal

app_name = "offices"

urlpatterns = [
    # Public and personal account.
    path("offices/", portal.office_index, name="index"),
    path("offices/<int:office_id>/", portal.office_detail, name="detail"),
    path("offices/<int:office_id>/book/", portal.book, name="book"),
    path("offices/appointments/", portal.my_appointments, name="my_appointments"),
    path(
        "offices/appointments/<int:appointment_id>/",
        portal.appointment_detail,
        name="appointment_detail",
    ),
    path(
        "offices/appointments/<int:appointment_id>/move/",
        portal.move,
        name="appointment_move",
    ),
    path(
        "offices/appointments/<int:appointment_id>/cancel/",
        portal.cancel,
        name="appointment_cancel",
    ),
    path(
        "offices/appointments/<int:appointment_id>/arrive/",
        portal.arrive,
        name="appointment_arrive",
    ),
    # The office desk.
    path("staff/offices/", backoffice.desk_offices, name="desk_offices"),
    path("staff/offices/<int:office_id>/", backoffice.desk, name="desk"),
    path("staff/offices/<int:office_id>/walk-in/", backoffice.walk_in, name="walk_in"),
    path(
        "staff/offices/<int:office_id>/by-code/",
        backoffice.ticket_by_code,
        name="ticket_by_code",
    ),
    path(
        "staff/offices/<int:office_id>/call-next/",
        backoffice.call_next,
        name="call_next",
    ),
    path(
        "staff/offices/<int:office_id>/appointments/<str:code>/no-show/",
        backoffice.appointment_no_show,
        name="appointment_no_show",
    ),
    path("staff/offices/visits/<int:visit_id>/serve/", backoffice.serve, name="serve"),
    path(
        "staff/offices/visits/<int:visit_id>/no-show/",
        backoffice.no_show,
        name="visit_no_show",
    ),
]
