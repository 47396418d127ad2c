from django.core.management.base import BaseCommand

from gridcare.notifications.services import notification_retry_failed


class Command(BaseCommand):
    help = (
        "Повторить отправку уведомлений после неудачных попыток (запускать по таймеру)."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = notification_retry_failed()
        self.stdout.write(f"Поставлено на повторную отправку: {count}")
