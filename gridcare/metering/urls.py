from django.urls import path

from gridcare.metering.views import backoffice, portal

app_name = "metering"

urlpatterns = [
    path("readings/", portal.readings, name="portal_readings"),
    path(
        "readings/<int:meter_id>/",
        portal.reading_submit_view,
        name="portal_submit",
    ),
    path("staff/meters/<int:meter_id>/", backoffice.meter_card, name="staff_meter"),
    path(
        "staff/meters/<int:meter_id>/readings/",
        backoffice.reading_register,
        name="staff_submit",
    ),
]
