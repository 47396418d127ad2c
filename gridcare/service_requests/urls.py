from django.urls import URLPattern

app_name = "service_requests"

urlpatterns: list[URLPattern] = []
