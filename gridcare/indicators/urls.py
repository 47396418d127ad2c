from django.urls import path

from gridcare.indicators import views

app_name = "indicators"

urlpatterns = [
    path("staff/indicators/", views.index, name="index"),
    path("staff/indicators/<int:year>/plans/", views.plans_save, name="plans_save"),
    path("staff/indicators/<int:year>/points/", views.points_save, name="points_save"),
    path(
        "staff/indicators/<int:year>/indicators-1256.xlsx",
        views.export_xlsx,
        name="export_xlsx",
    ),
    path("staff/indicators/form81.xlsx", views.form81_download, name="form81"),
]
