"""Websocket handlers of the contact centre (live chat, wallboard)."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
