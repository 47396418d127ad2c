from django_tasks import task

from gridcare.notifications.services import notification_deliver


@task()
def deliver_notification(*, notification_id: int) -> None:
    """Deliver one notification (idempotent: a sent one is left alone)."""
    notification_deliver(notification_id=notification_id)
