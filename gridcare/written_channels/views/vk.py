"""VK Callback API endpoint: VK posts JSON events and expects the plain text "ok"
(or the confirmation string); anything else makes VK retry."""

import json

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gridcare.core.errors import ApplicationError
from gridcare.written_channels.services.vk import vk_callback_handle


@csrf_exempt
@require_POST
def vk_callback(request: HttpRequest) -> HttpResponse:
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponse(
            "Некорректный JSON.", status=400, content_type="text/plain; charset=utf-8"
        )
    if not isinstance(payload, dict):
        return HttpResponse(
            "Ожидается объект JSON.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        answer = vk_callback_handle(payload=payload)
    except ApplicationError as exc:
        return HttpResponse(
            exc.message,
            status=exc.status_code,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(answer, content_type="text/plain; charset=utf-8")
