"""API v1 endpoints of telephony."""

from ninja import Router

router = Router(tags=["Телефония и IVR"])
