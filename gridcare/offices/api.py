"""API v1 endpoints of offices."""

from ninja import Router

router = Router(tags=["Офисы и запись на приём"])
