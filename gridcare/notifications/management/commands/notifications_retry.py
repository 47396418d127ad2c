from django.core.management.base import BaseCommand

from gridcare.notifications.delivery import notification_dispatch_due


class Command(BaseCommand):
    help = (
        "Поставить в очередь отправки всё, что пора отправить: повторы после ошибок "
        "(с нарастающей паузой), сообщения после тихих часов, брошенные отправки. "
        "Запускать по таймеру раз в минуту."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = notification_dispatch_due()
        self.stdout.write(f"Поставлено на отправку: {count}")
