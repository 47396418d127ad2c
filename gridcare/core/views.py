"""Site-wide pages: the portal home, the installable app (manifest, service worker,
offline page) and the health check."""

import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from prometheus_client import CONTENT_TYPE_LATEST

from gridcare.core import metrics
from gridcare.core.web import client_ip


def portal_home(request: HttpRequest) -> HttpResponse:
    """The public home; a signed-in consumer goes straight to their personal account."""
    if getattr(request.user, "is_consumer", False):
        return redirect("consumers:portal_home")
    return render(request, "portal/home.html")


@require_GET
@cache_control(max_age=3600, private=True)
@vary_on_headers("Accept-Language", "Cookie")
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
        "lang": get_language() or "ru",
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
def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers (nothing else is touched, so a slow database
    never makes the supervisor restart healthy processes)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database and the cache answer; the balancer sends traffic only
    to a ready process."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # report, don't crash: the balancer reads the status
        checks["database"] = str(exc)[:200]
    try:
        key = f"readyz:{uuid.uuid4().hex}"
        cache.set(key, "1", timeout=5)
        checks["cache"] = "ok" if cache.get(key) == "1" else "no round trip"
        cache.delete(key)
    except Exception as exc:
        checks["cache"] = str(exc)[:200]
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", **checks}, status=200 if ready else 503
    )


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics. With METRICS_TOKEN set: `Authorization: Bearer <token>`;
    without it: only from this machine (a scraper beside each app server)."""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        allowed = hmac.compare_digest(given.encode(), token.encode())
    else:
        allowed = client_ip(request) in ("127.0.0.1", "::1")
    if not allowed:
        return HttpResponse(_("Доступ к метрикам закрыт."), status=403)
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)


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
