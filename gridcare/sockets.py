"""Websocket routes of every app (each app's handlers live in its sockets.py)."""

from django.urls import URLPattern

from gridcare.appeals.sockets import websocket_urlpatterns as appeals_sockets

websocket_urlpatterns: list[URLPattern] = [*appeals_sockets]
