"""API v1 endpoints of chatbot."""

from ninja import Router

router = Router(tags=["Чат-бот"])
