from django.core.management.base import BaseCommand

from gridcare.appeals.services.reception import reception_discard_unconfirmed


class Command(BaseCommand):
    help = (
        "Удалить неподтверждённые обращения интернет-приёмной, у которых истекла "
        "ссылка подтверждения (запускать по таймеру, напр. раз в час)."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = reception_discard_unconfirmed()
        self.stdout.write(f"Удалено неподтверждённых обращений: {count}")
