"""`gridcare partner_webhooks_send`: announce status changes to energy retailers."""

from typing import Any

from django.core.management.base import BaseCommand

from gridcare.written_channels.services.partners import (
    webhook_deliver_due,
    webhooks_collect,
)


class Command(BaseCommand):
    help = "Отправить энергосбытам уведомления об изменении статуса обращений."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = webhooks_collect()
        delivered = webhook_deliver_due()
        self.stdout.write(f"Новых уведомлений: {queued}, доставлено: {delivered}")
