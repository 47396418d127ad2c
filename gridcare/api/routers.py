"""The routers of every app, in the order they appear in the OpenAPI document."""

from ninja import Router

from gridcare.accounts.api import router as auth_router
from gridcare.appeals.api import router as appeals_router
from gridcare.appeals.power_reports_api import router as power_reports_router
from gridcare.calendars.api import router as calendars_router
from gridcare.grid_connections.api import router as grid_connections_router
from gridcare.notifications.api import router as notifications_router
from gridcare.outages.api import router as outages_router

ROUTERS: list[tuple[str, Router]] = [
    ("/auth", auth_router),
    ("/appeals", appeals_router),
    ("/calendar", calendars_router),
    ("/outages", outages_router),
    ("/power-reports", power_reports_router),
    ("/notifications", notifications_router),
    ("/grid-connections", grid_connections_router),
]
