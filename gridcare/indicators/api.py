"""API v1 endpoints of indicators."""

from ninja import Router

router = Router(tags=["Показатели качества"])
