"""Page access for the grid connection views: the project's shared decorators
(accounts.access, core.web) with this portal's staff redirect."""

from gridcare.accounts.access import portal_view as portal_view_for
from gridcare.accounts.access import staff_view
from gridcare.core.web import file_response, form_errors_to_messages

portal_view = portal_view_for("grid_connections:staff_queue")

__all__ = ["file_response", "form_errors_to_messages", "portal_view", "staff_view"]
