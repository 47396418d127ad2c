"""The routers of every app, in the order they appear in the OpenAPI document."""

from ninja import Router

from gridcare.accounts.api import router as auth_router
from gridcare.appeals.api import router as appeals_router
from gridcare.calendars.api import router as calendars_router

ROUTERS: list[tuple[str, Router]] = [
    ("/auth", auth_router),
    ("/appeals", appeals_router),
    ("/calendar", calendars_router),
]
