"""Delivery tasks: they take ids or a mailing key and are idempotent (a sent
notification is never sent again; a claimed one is skipped by other workers)."""

from django_tasks import task

from gridcare.notifications.delivery import (
    notification_deliver,
    notification_deliver_due,
)


@task()
def deliver_notification(*, notification_id: int) -> None:
    """Deliver one notification if it is still due."""
    notification_deliver(notification_id=notification_id)


@task()
def deliver_due(*, group_key: str | None = None) -> None:
    """Deliver the due messages of a mailing (or all of them) in batches."""
    notification_deliver_due(group_key=group_key)
