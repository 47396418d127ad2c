"""A subject with something in every kind of record (and the same for another
consumer, to prove nobody else's data leaks into an export or an anonymisation)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gridcare.accounts.models import User
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import appeal_answer, appeal_close
from gridcare.consumers.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    PersonalDataAccess,
)
from gridcare.consumers.services import personal_data_access_log
from gridcare.contact_centre.models import ChatMessage, LiveChat
from gridcare.grid_connections.intake import (
    connection_application_draft_create,
    connection_application_file_add,
)
from gridcare.grid_connections.models import ConnectionApplication
from gridcare.grid_connections.requirements import requirement_list_for
from gridcare.grid_connections.tests.conftest import complete_fields
from gridcare.metering.models import Meter, MeterReading
from gridcare.notifications.models import Notification

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Subject:
    user: User
    appeal: Appeal
    application: ConnectionApplication
    chat: LiveChat


@pytest.fixture
def make_subject(
    make_appeal: Callable[..., Appeal], street: Any, specialist: User
) -> Callable[[User], Subject]:
    def make(user: User) -> Subject:
        consumer = user.consumer
        appeal = make_appeal(
            user=user,
            text=f"Прошу проверить счётчик. {consumer.name}, тел. {consumer.phone}",
            files=[SimpleUploadedFile("паспорт.pdf", PDF)],
        )
        appeal_answer(actor=specialist, appeal=appeal, text="Проверили.")
        appeal_close(actor=specialist, appeal=appeal)
        point = consumer.accounts.get().supply_points.get()
        meter = Meter.objects.create(supply_point=point, serial_number=f"S-{user.pk}")
        MeterReading.objects.create(
            meter=meter,
            taken_on=date(2026, 3, 1),
            value_t1=Decimal("1234.50"),
            source="personal_account",
            submitted_by=user,
            submitted_at=timezone.now(),
        )
        application = connection_application_draft_create(
            actor=user,
            consumer=consumer,
            changes=complete_fields(street, applicant_name=consumer.name),
        )
        connection_application_file_add(
            actor=user,
            application=application,
            requirement_code=requirement_list_for(application)[0].code,
            files=[SimpleUploadedFile("скан.pdf", PDF, content_type="application/pdf")],
        )
        chat = LiveChat.objects.create(
            topic="general",
            status="closed",
            user=user,
            contact_name=consumer.name,
            contact_phone=consumer.phone,
            question="Когда дадут свет?",
            created_at=timezone.now(),
            closed_at=timezone.now(),
        )
        ChatMessage.objects.create(
            chat=chat,
            author="person",
            user=user,
            text="Здравствуйте, я " + consumer.name,
            created_at=timezone.now(),
        )
        Notification.objects.create(
            event="appeal_registered",
            topic="appeals",
            channel="email",
            recipient=user,
            address=consumer.email,
            subject="Обращение зарегистрировано",
            body=f"{consumer.name}, ваше обращение зарегистрировано.",
            status="sent",
        )
        Consent.objects.create(
            consumer=consumer,
            text=ConsentText.objects.get(purpose=ConsentPurpose.SERVICE, version=1),
            given_at=datetime(2026, 1, 10, 9, 0, tzinfo=UTC),
            channel="portal",
        )
        personal_data_access_log(
            user=specialist,
            consumer_id=consumer.pk,
            action=PersonalDataAccess.Action.VIEW_CONSUMER,
            object_type="consumer",
            object_id=consumer.pk,
        )
        return Subject(user=user, appeal=appeal, application=application, chat=chat)

    return make
