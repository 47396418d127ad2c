"""API v1 endpoints of metering."""

from ninja import Router

router = Router(tags=["Показания приборов учёта"])
