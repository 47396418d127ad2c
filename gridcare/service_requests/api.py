"""API v1 endpoints of service_requests."""

from ninja import Router

router = Router(tags=["Заявки на услуги"])
