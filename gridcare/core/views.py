"""Site-wide pages: the portal home, the staff entry point and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from gridcare.accounts.roles import Right, has_right


def portal_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    if not has_right(request.user, Right.APPEAL_VIEW_QUEUE):
        return redirect("portal_home")
    return redirect("appeals:staff_queue")


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
