"""`gridcare tasks_requeue_stale`: tasks left RUNNING by a dead worker go back to the
queue once they are older than --minutes; running and finished tasks stay as they are."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from gridcare.notifications.tasks import deliver_notification

pytestmark = pytest.mark.django_db


def _task(status: str, started_minutes_ago: int | None) -> Any:
    result = DatabaseBackend("default", {}).enqueue(
        deliver_notification, (), {"notification_id": 1}
    )
    started = (
        None
        if started_minutes_ago is None
        else timezone.now() - timedelta(minutes=started_minutes_ago)
    )
    DBTaskResult.objects.filter(pk=result.id).update(status=status, started_at=started)
    return result.id


def _status(task_id: Any) -> str:
    return str(DBTaskResult.objects.get(pk=task_id).status)


def test_requeues_only_tasks_running_longer_than_the_limit() -> None:
    stale = _task(TaskResultStatus.RUNNING, 45)
    running = _task(TaskResultStatus.RUNNING, 5)
    done = _task(TaskResultStatus.SUCCESSFUL, 120)
    waiting = _task(TaskResultStatus.READY, None)
    out = StringIO()

    call_command("tasks_requeue_stale", "--minutes", "30", stdout=out)

    assert out.getvalue().strip() == "Возвращено в очередь задач: 1"
    assert [_status(t) for t in (stale, running, done, waiting)] == [
        "READY",
        "RUNNING",
        "SUCCESSFUL",
        "READY",
    ]
    assert DBTaskResult.objects.get(pk=stale).started_at is None
    # A second timer run finds nothing more to do.
    call_command("tasks_requeue_stale", "--minutes", "30", stdout=out)
    assert out.getvalue().strip().endswith("Возвращено в очередь задач: 0")


def test_refuses_a_limit_below_one_minute_and_changes_nothing() -> None:
    stale = _task(TaskResultStatus.RUNNING, 45)
    with pytest.raises(CommandError, match="больше нуля"):
        call_command("tasks_requeue_stale", "--minutes", "0")
    assert _status(stale) == "RUNNING"
