"""Background work of the reports app; tasks take ids and are idempotent."""

from django_tasks import task

from gridcare.reports.aggregates import stats_refresh_dirty
from gridcare.reports.services import export_job_run


@task()
def run_export(*, job_id: int) -> None:
    """Build one export file (a finished job is left alone)."""
    export_job_run(job_id=job_id)


@task()
def refresh_dirty_days() -> None:
    """Rebuild the aggregates of dirty days."""
    stats_refresh_dirty()
