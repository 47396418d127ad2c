"""Outage tasks: take ids, call one service, safe to run twice (mailings are
de-duplicated by their key)."""

from django_tasks import task

from gridcare.outages.notices import outage_notify


@task()
def notify_subscribers(*, outage_id: int, event: str, key: str) -> None:
    """Tell the outage's subscribers about `event` (one mailing per key)."""
    outage_notify(outage_id=outage_id, event=event, key=key)
