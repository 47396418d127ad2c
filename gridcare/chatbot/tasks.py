"""Background work of the chat-bot: grouping the questions Алсу missed."""

from django_tasks import task

from gridcare.chatbot.learning import kb_misses_regroup


@task()
def kb_misses_regroup_task() -> int:
    """Group the recent misses again; return the number of groups (idempotent)."""
    return len(kb_misses_regroup())
