"""Page access for the appeal views: the project's shared decorators
(accounts.access) with the appeal portal's staff redirect."""

from gridcare.accounts.access import portal_view as portal_view_for
from gridcare.accounts.access import staff_view
from gridcare.core.web import client_ip

portal_view = portal_view_for("staff_home")

__all__ = ["client_ip", "portal_view", "staff_view"]
