"""Websocket routes of every app (each app's handlers live in its sockets.py)."""

from django.urls import URLPattern

from gridcare.appeals.sockets import websocket_urlpatterns as appeals_sockets
from gridcare.chatbot.sockets import websocket_urlpatterns as chatbot_sockets
from gridcare.contact_centre.sockets import (
    websocket_urlpatterns as contact_centre_sockets,
)

websocket_urlpatterns: list[URLPattern] = [
    *appeals_sockets,
    *contact_centre_sockets,
    *chatbot_sockets,
]
