from django.urls import URLPattern

app_name = "written_channels"

urlpatterns: list[URLPattern] = []
