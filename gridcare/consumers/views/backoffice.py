"""Back-office pages of consumers: the consumer card and the look-up used when an
appeal is registered on a consumer's behalf."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gridcare.accounts.roles import Right, has_right
from gridcare.consumers.models import PersonalDataAccess
from gridcare.consumers.selectors import (
    LOOKUP_MIN_LENGTH,
    consumer_get_for_user,
    consumer_list_for_lookup,
)
from gridcare.consumers.services import personal_data_access_log
from gridcare.core.errors import NotFoundError


def _require_consumer_view(request: HttpRequest) -> None:
    if not has_right(request.user, Right.CONSUMER_VIEW):
        raise PermissionDenied("Недостаточно прав для этого действия.")


@login_required
@require_GET
def consumer_card(request: HttpRequest, consumer_id: int) -> HttpResponse:
    _require_consumer_view(request)
    try:
        consumer = consumer_get_for_user(user=request.user, consumer_id=consumer_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    personal_data_access_log(
        user=request.user,
        consumer_id=consumer.pk,
        action=PersonalDataAccess.Action.VIEW_CONSUMER,
        object_type="consumer",
        object_id=consumer.pk,
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )
    return render(request, "consumers/backoffice/card.html", {"consumer": consumer})


@login_required
@require_GET
def consumer_lookup(request: HttpRequest) -> HttpResponse:
    """A short list of consumers matching `q` (phone, account number, name), as an
    htmx fragment for the registration form."""
    _require_consumer_view(request)
    query = request.GET.get("q", "")[:100]
    context = {
        "query": query.strip(),
        "consumers": consumer_list_for_lookup(user=request.user, query=query),
        "min_length": LOOKUP_MIN_LENGTH,
    }
    return render(request, "consumers/backoffice/_lookup.html", context)
