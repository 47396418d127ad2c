"""API v1 endpoints of contact_centre."""

from ninja import Router

router = Router(tags=["Контакт-центр"])
