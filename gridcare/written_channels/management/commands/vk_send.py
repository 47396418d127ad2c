"""`gridcare vk_send`: queue the registry's messages to VK users and send them."""

from typing import Any

from django.core.management.base import BaseCommand

from gridcare.written_channels.services.vk import vk_outbox_collect, vk_outbox_send


class Command(BaseCommand):
    help = "Поставить в очередь и отправить сообщения пользователям ВКонтакте."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = vk_outbox_collect()
        sent = vk_outbox_send()
        self.stdout.write(f"Поставлено в очередь: {queued}, отправлено: {sent}")
