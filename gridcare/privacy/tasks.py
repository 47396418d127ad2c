"""Privacy tasks: idempotent, safe to run twice."""

from django_tasks import task

from gridcare.privacy.retention import retention_apply


@task()
def apply_retention_rules() -> int:
    """Apply the retention rules; return how many records were touched."""
    return sum(result.count for result in retention_apply())
