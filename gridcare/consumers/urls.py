from django.urls import path

from gridcare.consumers import views

app_name = "consumers"

urlpatterns = [
    path("staff/consumers/lookup/", views.consumer_lookup, name="staff_lookup"),
    path(
        "staff/consumers/<int:consumer_id>/",
        views.consumer_card,
        name="staff_detail",
    ),
]
