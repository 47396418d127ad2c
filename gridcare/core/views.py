"""Site-wide pages: the portal home, the installable app (manifest, service worker,
offline page) and the health check."""

import hashlib

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET


def portal_home(request: HttpRequest) -> HttpResponse:
    """The public home; a signed-in consumer goes straight to their personal account."""
    if getattr(request.user, "is_consumer", False):
        return redirect("consumers:portal_home")
    return render(request, "portal/home.html")


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: what a phone needs to install the portal as an app."""
    icons = [
        {
            "src": static(f"icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ] + [
        {
            "src": static(f"icons/icon-maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in (192, 512)
    ]
    data = {
        "name": f"{settings.COMPANY_NAME}: {_('обслуживание потребителей')}",
        "short_name": _("Электросети"),
        "description": _(
            "Обращения, заявки на присоединение и услуги, показания счётчиков, "
            "запись в офис и отключения электроэнергии."
        ),
        "lang": "ru",
        "dir": "ltr",
        "start_url": reverse("portal_home") + "?source=pwa",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5cab",
        "categories": ["utilities", "productivity"],
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    return response


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site root so that it controls every portal page.
    Its cache version is the hash of its own text: a release that changes the shell
    (new static names) installs a fresh cache."""
    draft = render_to_string("portal/sw.js", {"version": ""}, request=request)
    version = hashlib.sha256(draft.encode()).hexdigest()[:12]
    body = render_to_string("portal/sw.js", {"version": version}, request=request)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page never opened on this device."""
    return render(request, "portal/offline.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the process answers and the database responds."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # report, don't crash: the balancer reads the status
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
