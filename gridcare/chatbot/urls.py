from django.urls import path

from gridcare.chatbot import views

app_name = "chatbot"

urlpatterns = [
    path("chat/", views.chat_page, name="page"),
    path("chat/start/", views.chat_start, name="start"),
    path("chat/callback/", views.chat_callback, name="callback"),
    path("chat/new/", views.chat_new, name="new"),
    path(
        "staff/chats/<int:chat_id>/suggestions/",
        views.staff_suggestions,
        name="staff_suggestions",
    ),
]
