"""Demo staff of every role: the contact centre, back-office specialists per branch and
competence, office specialists, grid-connection engineers, supervisors, analysts and
the administrator."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password

from gridcare.accounts.models import Competence, Role, User
from gridcare.demo.company import Company
from gridcare.demo.loading import BulkLoader
from gridcare.demo.logins import DEMO_DOMAIN, ROLE_PASSWORDS
from gridcare.demo.people import full_name

OPERATORS = 20
SPECIALISTS_PER_COMPETENCE = 2
ENGINEERS_PER_BRANCH = 2
STAFF_PER_CENTRE = 3
COMPETENCE_SLUG = {
    Competence.CONNECTION: "tp",
    Competence.SERVICES: "services",
    Competence.RELIABILITY: "reliability",
    Competence.METERING: "metering",
}


@dataclass(frozen=True)
class StaffRef:
    id: int
    name: str


@dataclass
class Staff:
    operators: list[StaffRef] = field(default_factory=list)
    supervisors: dict[int, StaffRef] = field(default_factory=dict)
    specialists: dict[tuple[int, str], list[StaffRef]] = field(default_factory=dict)
    office_staff: dict[int, list[StaffRef]] = field(default_factory=dict)
    engineers: dict[int, list[StaffRef]] = field(default_factory=dict)
    by_role: dict[str, list[StaffRef]] = field(default_factory=dict)


def build_staff(
    loader: BulkLoader, rng: random.Random, company: Company, *, since: datetime
) -> Staff:
    """Create the staff users; passwords are hashed once per role."""
    staff = Staff()
    hashes = {
        role: make_password(password) for role, password in ROLE_PASSWORDS.items()
    }
    users: list[User] = []
    kazan = company.branch_by_code["kazan"]
    code_of = {pk: code for code, pk in company.branch_by_code.items()}

    def add(role: str, login: str, branch_id: int | None = None, **extra: object):
        user = User(
            pk=loader.allocate(User),
            email=f"{login}@{DEMO_DOMAIN}",
            password=hashes[role],
            full_name=full_name(rng),
            role=role,
            branch_id=branch_id,
            date_joined=since - timedelta(days=rng.randint(30, 3000)),
            **extra,
        )
        users.append(user)
        ref = StaffRef(user.pk, user.full_name)
        staff.by_role.setdefault(role, []).append(ref)
        return ref

    add(Role.ADMINISTRATOR, "admin", is_staff=True, is_superuser=True)
    add(Role.ANALYST, "analyst")
    add(Role.ANALYST, "analyst.2")
    add(Role.SUPERVISOR, "director")  # no branch: every queue of the company
    for n in range(OPERATORS):
        staff.operators.append(
            add(Role.OPERATOR, "operator" if n == 0 else f"operator.{n + 1}")
        )
    for branch_id in company.branch_ids:
        code = code_of[branch_id]
        is_kazan = branch_id == kazan
        staff.supervisors[branch_id] = add(
            Role.SUPERVISOR,
            "supervisor" if is_kazan else f"supervisor.{code}",
            branch_id,
        )
        for competence, slug in COMPETENCE_SLUG.items():
            refs = []
            for n in range(SPECIALISTS_PER_COMPETENCE):
                login = (
                    f"specialist.{slug}"
                    if is_kazan and n == 0
                    else f"specialist.{slug}.{code}.{n + 1}"
                )
                refs.append(
                    add(
                        Role.SPECIALIST,
                        login,
                        branch_id,
                        competences=[competence.value],
                    )
                )
            staff.specialists[(branch_id, competence.value)] = refs
        staff.engineers[branch_id] = [
            add(
                Role.CONNECTION_ENGINEER,
                "engineer" if is_kazan and n == 0 else f"engineer.{code}.{n + 1}",
                branch_id,
                competences=[Competence.CONNECTION.value],
            )
            for n in range(ENGINEERS_PER_BRANCH)
        ]
    first_office = True
    for branch_id, offices in company.offices_by_branch.items():
        for office in offices:
            per_office = STAFF_PER_CENTRE if "Центр" in office.name else 1
            refs = []
            for n in range(per_office):
                login = "office" if first_office else f"office.{office.id}.{n + 1}"
                first_office = False
                refs.append(add(Role.OFFICE_SPECIALIST, login, branch_id))
            staff.office_staff[office.id] = refs
    loader.insert(User, users)
    company.staff = staff
    return staff
