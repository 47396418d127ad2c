from django.urls import URLPattern

app_name = "chatbot"

urlpatterns: list[URLPattern] = []
