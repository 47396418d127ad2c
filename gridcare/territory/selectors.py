"""Reads of the territory and the address register."""

from django.db.models import QuerySet

from gridcare.territory.models import Branch, Building


def branch_list() -> QuerySet[Branch]:
    """Return all branches in display order."""
    return Branch.objects.order_by("order", "name")


def building_get_with_address(*, building_id: int) -> Building | None:
    """Return a building with its street and settlement joined, or None."""
    return (
        Building.objects.select_related("street", "settlement__district_unit__branch")
        .filter(pk=building_id)
        .first()
    )
