"""`gridcare demo_logins`: the demo logins, their passwords and what each one sees."""

from typing import Any

from django.core.management.base import BaseCommand

from gridcare.accounts.models import Role, User
from gridcare.demo.logins import DEMO_DOMAIN, DEMO_LOGINS, ROLE_PASSWORDS
from gridcare.demo.places import BRANCHES


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        lines.append(
            " │ ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        )
        if number == 0:
            lines.append("─┼─".join("─" * w for w in widths))
    return lines


class Command(BaseCommand):
    help = "Печатает демонстрационные логины и пароли (после gridcare demo_data)."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = [d.login for d in DEMO_LOGINS]
        existing = set(
            User.objects.filter(email__in=logins).values_list("email", flat=True)
        )
        existing |= set(
            User.objects.filter(phone__in=logins).values_list("phone", flat=True)
        )
        rows = [("Роль", "Логин", "Пароль", "Что видит")]
        rows += [
            (demo.role_label, demo.login, demo.password, demo.sees)
            for demo in DEMO_LOGINS
            if demo.login in existing
        ]
        self.stdout.write("")
        self.stdout.write(
            "Демонстрационные входы (портал /, бэк-офис /staff/, админка /admin/):"
        )
        if len(rows) == 1:
            self.stdout.write("  демо-данных нет: запустите gridcare demo_data")
            return
        for line in _table(rows):
            self.stdout.write("  " + line)
        self.stdout.write("")
        branches = ", ".join(b.code for b in BRANCHES)
        self.stdout.write(
            f"Остальные сотрудники (…@{DEMO_DOMAIN}) — с паролем своей роли: "
            "operator.N, supervisor.<филиал>, specialist.<tp|metering|reliability|"
            "services>.<филиал>.N, engineer.<филиал>.N, office.<номер офиса>.N; "
            f"филиалы: {branches}."
        )
        roles = "; ".join(
            f"{Role(role).label} — {password}"
            for role, password in ROLE_PASSWORDS.items()
            if role != Role.CONSUMER
        )
        self.stdout.write(f"  {roles}.")
        self.stdout.write("Пароли известны всем: только для демонстрации.")
        self.stdout.write("")
