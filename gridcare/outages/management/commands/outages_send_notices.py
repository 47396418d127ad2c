from django.core.management.base import BaseCommand

from gridcare.outages.services import outage_send_due_notices


class Command(BaseCommand):
    help = (
        "Разослать подписчикам уведомления о плановых работах, срок которых подошёл "
        "(за notice_lead_hours до начала, не позднее чем накануне). Запускать по "
        "таймеру каждые 5–15 минут."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = outage_send_due_notices()
        self.stdout.write(f"Разослано уведомлений о плановых работах: {count}")
