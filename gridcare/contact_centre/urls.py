from django.urls import path

from gridcare.contact_centre import views

app_name = "contact_centre"

urlpatterns = [
    path("staff/chats/", views.console, name="console"),
    path("staff/chats/<int:chat_id>/accept/", views.accept, name="accept"),
    path("staff/chats/<int:chat_id>/message/", views.message, name="message"),
    path("staff/chats/<int:chat_id>/close/", views.close, name="close"),
    path("staff/chats/<int:chat_id>/appeal/", views.to_appeal, name="appeal"),
]
