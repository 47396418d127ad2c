"""Personas and builders of grid connection tests: the engineer (Kazan branch), the
office clerk, and a complete 15 kW application of `consumer` ready to file."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gridcare.accounts.models import Role, User
from gridcare.conftest import PASSWORD
from gridcare.grid_connections.intake import (
    connection_application_draft_create,
    connection_application_file_add,
    connection_application_submit,
)
from gridcare.grid_connections.models import ConnectionApplication
from gridcare.grid_connections.requirements import requirement_list_for
from gridcare.territory.models import Branch, Street

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_file(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def engineer(branch: Branch) -> User:
    return User.objects.create_user(
        email="engineer@gridcare.test",
        password=PASSWORD,
        role=Role.CONNECTION_ENGINEER,
        branch=branch,
        full_name="Инженер Ильдар",
    )


@pytest.fixture
def remote_engineer(other_branch: Branch) -> User:
    return User.objects.create_user(
        email="engineer-chelny@gridcare.test",
        password=PASSWORD,
        role=Role.CONNECTION_ENGINEER,
        branch=other_branch,
        full_name="Инженер Челны",
    )


@pytest.fixture
def clerk(branch: Branch) -> User:
    return User.objects.create_user(
        email="clerk@gridcare.test",
        password=PASSWORD,
        role=Role.OFFICE_SPECIALIST,
        branch=branch,
        full_name="Специалист офиса Ольга",
    )


def complete_fields(street: Street, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "category": "individual_15",
        "applicant_kind": "individual",
        "household_use_confirmed": True,
        "object_name": "Жилой дом",
        "settlement_id": street.settlement_id,
        "object_address": "ул. Баумана, участок 5",
        "distance_to_grid_m": 120,
        "requested_power_kw": Decimal("15"),
        "previous_power_kw": Decimal("0"),
        "voltage": "0.4",
        "reliability_category": "3",
        "consent": True,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_draft(consumer: User, street: Street) -> Callable[..., ConnectionApplication]:
    """A complete draft of `consumer` with every required document attached."""

    def make(**overrides: Any) -> ConnectionApplication:
        actor = overrides.pop("actor", consumer)
        application = connection_application_draft_create(
            actor=actor,
            consumer=consumer.consumer,
            changes=complete_fields(street, **overrides),
        )
        for row in requirement_list_for(application):
            if row.is_required:
                connection_application_file_add(
                    actor=actor,
                    application=application,
                    requirement_code=row.code,
                    files=[pdf_file(f"{row.code}.pdf")],
                )
        return application

    return make


@pytest.fixture
def make_filed(
    make_draft: Callable[..., ConnectionApplication], consumer: User
) -> Callable[..., ConnectionApplication]:
    def make(**overrides: Any) -> ConnectionApplication:
        application = make_draft(**overrides)
        return connection_application_submit(actor=consumer, application=application)

    return make
