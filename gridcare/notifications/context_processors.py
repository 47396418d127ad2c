"""`NOTIFICATIONS_UNREAD` for the navigation: the signed-in person's unread in-app
messages, counted only when a template prints it."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gridcare.notifications.selectors import notification_unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "NOTIFICATIONS_UNREAD": SimpleLazyObject(
            lambda: notification_unread_count(user=user)
        )
    }
