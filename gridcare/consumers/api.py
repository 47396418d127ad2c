"""API v1 endpoints of consumers."""

from ninja import Router

router = Router(tags=["Лицевые счета"])
