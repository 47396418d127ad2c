from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gridcare.core"
    label = "core"
    verbose_name = "Ядро"

    def ready(self) -> None:
        from gridcare.core import (
            checks,  # noqa: F401  (registers the checks)
            metrics,
        )

        metrics.register_state_gauge(
            "gridcare_tasks",
            "Background tasks in the database queue by status",
            _tasks_by_status,
        )


def _tasks_by_status() -> list[tuple[dict[str, str], float]]:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.values("status").annotate(n=Count("id"))
    return [({"status": row["status"]}, row["n"]) for row in rows]
