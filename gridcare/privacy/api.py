"""API v1 endpoints of privacy."""

from ninja import Router

router = Router(tags=["Персональные данные"])
