"""`gridcare mail_poll`: register UNSEEN messages of every active mailbox."""

from typing import Any

from django.core.management.base import BaseCommand

from gridcare.written_channels.imap import mailboxes_poll


class Command(BaseCommand):
    help = "Опросить почтовые ящики по IMAP и зарегистрировать письма как обращения."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, result in mailboxes_poll().items():
            self.stdout.write(
                f"{name}: писем {result.fetched}, новых обращений {result.appeals}, "
                f"ответов {result.replies}, отклонено {result.rejected}, "
                f"ошибок {result.failed}"
            )
