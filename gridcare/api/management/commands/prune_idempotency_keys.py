from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from gridcare.api.models import IdempotentRequest


class Command(BaseCommand):
    help = (
        "Удалить сохранённые ответы на запросы с Idempotency-Key старше N дней "
        "(по умолчанию 7): повтор запроса через неделю уже не ожидается."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args: object, days: int, **options: object) -> None:
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Удалено записей: {deleted}")
