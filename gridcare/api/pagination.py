"""Limit/offset pagination: every list answers {"count", "limit", "offset", "items"}."""

from typing import Any

from django.db.models import QuerySet

from gridcare.api.schemas import PageIn


def paginate(queryset: QuerySet[Any], page: PageIn) -> dict[str, Any]:
    """Slice an ordered queryset: one COUNT query and one query for the page."""
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }
