from django.urls import URLPattern

app_name = "contact_centre"

urlpatterns: list[URLPattern] = []
