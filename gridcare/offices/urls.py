from django.urls import URLPattern

app_name = "offices"

urlpatterns: list[URLPattern] = []
