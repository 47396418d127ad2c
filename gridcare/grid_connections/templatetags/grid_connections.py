"""Template helpers of grid connection pages."""

from django import template

from gridcare.accounts.roles import Right, has_right
from gridcare.grid_connections.events import event_label

register = template.Library()


@register.filter
def can_see_connections(user: object) -> bool:
    """True for staff who may open the grid connection queue."""
    return has_right(user, Right.CONNECTION_VIEW)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def action_label(action: str) -> str:
    return event_label(action)
