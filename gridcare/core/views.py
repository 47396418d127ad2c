"""Site-wide pages: the portal home and the health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def portal_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


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
