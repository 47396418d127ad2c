"""Put back in the queue the background tasks whose worker died mid-task.

django-tasks' database worker marks a task RUNNING when it claims it and never looks
at it again if the process is killed (SIGKILL, OOM, a lost host): the task would stay
RUNNING forever. Run this by a timer: a task RUNNING longer than --minutes is READY
again and the next worker runs it. Our tasks are idempotent (they take ids and check
the state they change, e.g. a notification's delivery row), so a second run after a
crash does the work once. Keep --minutes above the longest task's running time."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def tasks_requeue_stale(*, older_than: timedelta) -> int:
    """Make tasks RUNNING since before now − older_than READY again; return how many.

    Conditional update on the old state: a task that finished meanwhile is left alone,
    and two timers running at once requeue each task once."""
    cutoff = timezone.now() - older_than
    return DBTaskResult.objects.filter(
        Q(started_at__lt=cutoff) | Q(started_at__isnull=True),
        status=TaskResultStatus.RUNNING,
    ).update(status=TaskResultStatus.READY, started_at=None)


class Command(BaseCommand):
    help = (
        "Вернуть в очередь фоновые задачи, которые «выполняются» дольше N минут "
        "(их обработчик аварийно завершился). Запускать по таймеру раз в 5 минут."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes",
            type=int,
            default=30,
            help="Сколько минут задача может выполняться (по умолчанию 30).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["minutes"] < 1:
            raise CommandError("--minutes: нужно целое число больше нуля.")
        count = tasks_requeue_stale(older_than=timedelta(minutes=options["minutes"]))
        self.stdout.write(f"Возвращено в очередь задач: {count}")
