"""The routers of every app, in the order they appear in the OpenAPI document."""

from ninja import Router

from gridcare.accounts.api import router as auth_router
from gridcare.appeals.api import router as appeals_router
from gridcare.appeals.power_reports_api import router as power_reports_router
from gridcare.calendars.api import router as calendars_router
from gridcare.chatbot.api import router as chatbot_router
from gridcare.consumers.api import router as consumers_router
from gridcare.contact_centre.api import router as contact_centre_router
from gridcare.grid_connections.api import router as grid_connections_router
from gridcare.indicators.api import router as indicators_router
from gridcare.metering.api import router as metering_router
from gridcare.notifications.api import router as notifications_router
from gridcare.offices.api import router as offices_router
from gridcare.outages.api import router as outages_router
from gridcare.privacy.api import router as privacy_router
from gridcare.reports.api import router as reports_router
from gridcare.service_requests.api import router as service_requests_router
from gridcare.telephony.api import router as telephony_router
from gridcare.written_channels.api import router as written_channels_router

ROUTERS: list[tuple[str, Router]] = [
    ("/auth", auth_router),
    ("/appeals", appeals_router),
    ("/calendar", calendars_router),
    ("/outages", outages_router),
    ("/power-reports", power_reports_router),
    ("/notifications", notifications_router),
    ("/grid-connections", grid_connections_router),
    ("/consumer-accounts", consumers_router),
    ("/metering", metering_router),
    ("/offices", offices_router),
    ("/service-requests", service_requests_router),
    ("/chat", chatbot_router),
    ("/contact-centre", contact_centre_router),
    ("/telephony", telephony_router),
    ("/written-channels", written_channels_router),
    ("/privacy", privacy_router),
    ("/indicators", indicators_router),
    ("/reports", reports_router),
]
