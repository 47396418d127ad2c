"""The demo logins: who they are, their known passwords and what they see.

`gridcare demo_data` creates these users; `gridcare demo_logins` prints this table.
Every other demo staff member logs in with the password of their role
(ROLE_PASSWORDS); consumers other than the demo ones have no usable password."""

from dataclasses import dataclass

from gridcare.accounts.models import Role

DEMO_DOMAIN = "gridcare.demo"

ROLE_PASSWORDS = {
    Role.ADMINISTRATOR: "admin-demo-2026",
    Role.ANALYST: "analyst-demo-2026",
    Role.OPERATOR: "operator-demo-2026",
    Role.SUPERVISOR: "supervisor-demo-2026",
    Role.SPECIALIST: "specialist-demo-2026",
    Role.OFFICE_SPECIALIST: "office-demo-2026",
    Role.CONNECTION_ENGINEER: "engineer-demo-2026",
    Role.CONSUMER: "consumer-demo-2026",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    login: str
    sees: str

    @property
    def password(self) -> str:
        return ROLE_PASSWORDS[self.role]

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def _staff(name: str) -> str:
    return f"{name}@{DEMO_DOMAIN}"


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        Role.ADMINISTRATOR,
        _staff("admin"),
        "всё; /admin/ (суперпользователь): справочники, календарь, правила сроков",
    ),
    DemoLogin(
        Role.ANALYST,
        _staff("analyst"),
        "реестр и отчёты всех филиалов, только чтение",
    ),
    DemoLogin(
        Role.OPERATOR,
        _staff("operator"),
        "контакт-центр: регистрация звонков, все тематики всех филиалов",
    ),
    DemoLogin(
        Role.SUPERVISOR,
        _staff("supervisor"),
        "все очереди Казанских ЭС, назначение исполнителей, просроченные",
    ),
    DemoLogin(
        Role.SUPERVISOR,
        _staff("director"),
        "Дирекция по обслуживанию потребителей: очереди всех филиалов",
    ),
    DemoLogin(
        Role.SPECIALIST,
        _staff("specialist.tp"),
        "очередь «Технологическое присоединение» Казанских ЭС",
    ),
    DemoLogin(
        Role.SPECIALIST,
        _staff("specialist.metering"),
        "очередь «Учёт» Казанских ЭС",
    ),
    DemoLogin(
        Role.SPECIALIST,
        _staff("specialist.reliability"),
        "очередь «Надёжность» Казанских ЭС",
    ),
    DemoLogin(
        Role.SPECIALIST,
        _staff("specialist.services"),
        "очередь «Услуги» Казанских ЭС",
    ),
    DemoLogin(
        Role.OFFICE_SPECIALIST,
        _staff("office"),
        "ЦОП «Казанские ЭС»: очный приём, регистрация обращений посетителей",
    ),
    DemoLogin(
        Role.CONNECTION_ENGINEER,
        _staff("engineer"),
        "инженер по ТП Казанских ЭС: заявки на присоединение",
    ),
    DemoLogin(
        Role.CONSUMER,
        "+79170000001",
        "личный кабинет физического лица (Казань): свои обращения, оценка ответа",
    ),
    DemoLogin(
        Role.CONSUMER,
        "+79270000002",
        "личный кабинет физического лица (частный дом, Приволжские ЭС)",
    ),
    DemoLogin(
        Role.CONSUMER,
        "ip.demo@example.com",
        "личный кабинет индивидуального предпринимателя",
    ),
    DemoLogin(
        Role.CONSUMER,
        "company.demo@example.com",
        "личный кабинет юридического лица: несколько точек поставки",
    ),
)
