"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridcare.settings")
django_asgi_app = get_asgi_application()

from gridcare.core.checks import require_secret_key  # noqa: E402

require_secret_key()

from channels.layers import get_channel_layer  # noqa: E402

# Import the channel layer (and its Redis client) now, in the main thread: imported
# lazily by the first push in a worker thread it can deadlock on a module lock.
get_channel_layer()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from gridcare.sockets import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
