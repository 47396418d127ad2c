"""Objects for the page access matrix (test_access_pages.py): the cast of personas,
and a World that builds, on demand, one object of every kind a page addresses —
each OWNED BY `consumer` (Kazan branch) where a consumer owns it.

Objects are built lazily (a page needs only its own), so a test costs only what its
URL addresses."""

import hashlib
from datetime import date, time, timedelta
from functools import cached_property
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gridcare.accounts.models import Role, User
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.models import Appeal, ReceptionRequest
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.conftest import PASSWORD
from gridcare.territory.models import Branch, Building, Street

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ANONYMOUS = "anonymous"
CONSUMER = "consumer"
OTHER_CONSUMER = "other_consumer"
# Staff personas: the conftest cast plus the roles it has none for.
STAFF = (
    "operator",
    "specialist",  # Kazan, competence «учёт»
    "other_specialist",  # Kazan, competence «ТП»
    "remote_specialist",  # another branch, competence «учёт»
    "office_specialist",  # Kazan (created here)
    "connection_engineer",  # Kazan (created here)
    "remote_engineer",  # a connection engineer of another branch (created here)
    "supervisor",  # Kazan
    "analyst",
    "administrator",
)
PERSONAS = (ANONYMOUS, CONSUMER, OTHER_CONSUMER, *STAFF)


def extra_staff(branch: Branch, other_branch: Branch) -> dict[str, User]:
    """Personas of the roles the shared cast has none for."""
    return {
        "office_specialist": User.objects.create_user(
            email="office@gridcare.test",
            password=PASSWORD,
            role=Role.OFFICE_SPECIALIST,
            branch=branch,
            full_name="Специалист офиса Ольга",
        ),
        "connection_engineer": User.objects.create_user(
            email="engineer@gridcare.test",
            password=PASSWORD,
            role=Role.CONNECTION_ENGINEER,
            branch=branch,
            full_name="Инженер Ильдар",
        ),
        "remote_engineer": User.objects.create_user(
            email="engineer-chelny@gridcare.test",
            password=PASSWORD,
            role=Role.CONNECTION_ENGINEER,
            branch=other_branch,
            full_name="Инженер Челны",
        ),
    }


def _file(name: str, content: bytes = PDF) -> ContentFile[bytes]:
    return ContentFile(content, name=name)


def _sha(content: bytes = PDF) -> str:
    return hashlib.sha256(content).hexdigest()


class World:
    """Everything a page of the site may address, built on first use."""

    def __init__(
        self,
        users: dict[str, User],
        *,
        branch: Branch,
        street: Street,
        make_building: Any,
    ) -> None:
        self.users = users
        self.branch = branch
        self.street = street
        self.make_building = make_building

    # ---- the owner ----------------------------------------------------------------
    @property
    def user(self) -> User:
        return self.users[CONSUMER]

    @property
    def consumer(self) -> Any:
        return self.user.consumer  # type: ignore[attr-defined]

    @property
    def account(self) -> Any:
        return self.consumer.accounts.first()

    @property
    def point(self) -> Any:
        return self.account.supply_points.first()

    # ---- accounts -----------------------------------------------------------------
    @cached_property
    def user_session(self) -> Any:
        from gridcare.accounts.models import UserSession

        now = timezone.now()
        return UserSession.objects.create(
            user=self.user,
            session_key="h1-consumer-session",
            started_at=now,
            last_seen_at=now,
        )

    @cached_property
    def api_token(self) -> Any:
        from gridcare.accounts.models import ApiToken

        return ApiToken.objects.create(user=self.user, key_hash="h1" * 32)

    # ---- appeals ------------------------------------------------------------------
    def _appeal(self, **overrides: Any) -> Appeal:
        c = self.consumer
        fields: dict[str, Any] = dict(
            channel=Channel.PERSONAL_ACCOUNT,
            category=Category.METERING,
            topic=Topic.METERING,
            text="Счётчик перестал показывать расход, прошу проверить.",
            contact_name=c.name,
            contact_email=c.email,
            contact_phone=c.phone,
            answer_channel=AnswerChannel.PERSONAL_ACCOUNT,
            consumer=c,
            consumer_account=self.account,
            supply_point=self.point,
        )
        fields.update(overrides)
        return appeal_receive(actor=self.user, data=AppealInput(**fields))

    @cached_property
    def appeal(self) -> Appeal:
        """The consumer's appeal (metering, Kazan) with one attached file."""
        return self._appeal(files=[SimpleUploadedFile("скан.pdf", PDF)])

    @cached_property
    def attachment(self) -> Any:
        return self.appeal.attachments.first()

    @cached_property
    def reception(self) -> ReceptionRequest:
        """A confirmed appeal from the public reception form."""
        appeal = self._appeal(text="Прошу проверить напряжение в сети.")
        now = timezone.now()
        return ReceptionRequest.objects.create(
            appeal=appeal,
            email=self.consumer.email,
            consent_given_at=now,
            created_at=now,
            confirmed_at=now,
        )

    # ---- grid connection ------------------------------------------------------------
    def _draft(self) -> Any:
        from gridcare.grid_connections.intake import (
            connection_application_draft_create,
            connection_application_file_add,
        )
        from gridcare.grid_connections.requirements import requirement_list_for
        from gridcare.grid_connections.tests.conftest import complete_fields

        application = connection_application_draft_create(
            actor=self.user,
            consumer=self.consumer,
            changes=complete_fields(self.street),
        )
        for row in requirement_list_for(application):
            if row.is_required:
                connection_application_file_add(
                    actor=self.user,
                    application=application,
                    requirement_code=row.code,
                    files=[SimpleUploadedFile(f"{row.code}.pdf", PDF)],
                )
        return application

    @cached_property
    def draft(self) -> Any:
        return self._draft()

    @cached_property
    def application(self) -> Any:
        """A filed application (15 kW, Kazan) with its files and one document."""
        from gridcare.grid_connections.intake import connection_application_submit

        return connection_application_submit(actor=self.user, application=self._draft())

    @cached_property
    def application_file(self) -> Any:
        return self.draft.files.first()

    @cached_property
    def filed_upload(self) -> Any:
        return self.application.files.first()

    @cached_property
    def document(self) -> Any:
        from gridcare.grid_connections.models import GeneratedDocument

        return GeneratedDocument.objects.create(
            application=self.application,
            kind="notice",
            version=1,
            number="УВ-1",
            file=_file("notice.pdf"),
            stored_name="notice.pdf",
            size=len(PDF),
            sha256=_sha(),
            issued_at=timezone.now(),
        )

    # ---- consumers --------------------------------------------------------------------
    @cached_property
    def consent(self) -> Any:
        from gridcare.consumers.models import Consent, ConsentText

        text = ConsentText.objects.order_by("pk").first()
        if text is None:
            text = ConsentText.objects.create(
                purpose="marketing",
                version=1,
                text="Согласие.",
                valid_from=timezone.now() - timedelta(days=1),
            )
        return Consent.objects.create(
            consumer=self.consumer, text=text, given_at=timezone.now()
        )

    # ---- metering -----------------------------------------------------------------------
    @cached_property
    def meter(self) -> Any:
        from gridcare.metering.models import Meter

        return Meter.objects.create(
            supply_point=self.point,
            serial_number="01234567",
            model="Меркурий 201",
            tariff_zones=1,
            installed_on=date(2020, 1, 10),
        )

    # ---- offices ------------------------------------------------------------------------
    @cached_property
    def office(self) -> Any:
        from gridcare.offices.models import Office, OfficeHours, OfficeService

        building: Building = self.make_building("30")
        office = Office.objects.create(
            kind=Office.Kind.SERVICE_CENTRE,
            name="Центр обслуживания — Казань",
            branch=self.branch,
            building=building,
            address="г. Казань, ул. Баумана, д. 30",
            phone="+7 843 200-00-00",
            opening_hours="пн–сб 8:00–18:00",
            desks=1,
        )
        for weekday in range(7):
            OfficeHours.objects.create(
                office=office, weekday=weekday, opens=time(0, 0), closes=time(23, 59)
            )
        office.appointment_services.set(OfficeService.objects.all())
        return office

    @cached_property
    def appointment(self) -> Any:
        from gridcare.offices.models import Appointment, OfficeService

        starts = timezone.now() + timedelta(days=3)
        return Appointment.objects.create(
            office=self.office,
            service=OfficeService.objects.order_by("pk").first(),
            user=self.user,
            code="H1A",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=15),
            desk=1,
        )

    @cached_property
    def visit(self) -> Any:
        from gridcare.offices.models import OfficeService, Visit

        now = timezone.now()
        return Visit.objects.create(
            office=self.office,
            day=timezone.localdate(),
            number=1,
            service=OfficeService.objects.order_by("pk").first(),
            arrived_at=now,
            wait_from=now,
        )

    # ---- outages ------------------------------------------------------------------------
    @cached_property
    def outage(self) -> Any:
        from gridcare.outages.models import Outage

        start = timezone.now() + timedelta(days=1)
        return Outage.objects.create(
            kind="planned",
            status="planned",
            cause="planned_repair",
            cause_text="Плановый ремонт",
            branch=self.branch,
            voltage_level="NN",
            planned_start=start,
            planned_end=start + timedelta(hours=8),
        )

    @cached_property
    def subscription(self) -> Any:
        from gridcare.outages.models import Subscription

        return Subscription.objects.create(
            user=self.user,
            email=self.consumer.email,
            channels=["email"],
            settlement=self.street.settlement,
            street=self.street,
            label="Дом",
        )

    @cached_property
    def schedule_import(self) -> Any:
        from gridcare.outages.models import ScheduleImport

        return ScheduleImport.objects.create(
            file_name="plan.xlsx",
            uploaded_by=self.users["supervisor"],
            uploaded_at=timezone.now(),
        )

    @cached_property
    def suggestion(self) -> Any:
        from gridcare.outages.models import OutageSuggestion

        now = timezone.now()
        return OutageSuggestion.objects.create(
            settlement=self.street.settlement, first_report_at=now, last_report_at=now
        )

    # ---- service requests -----------------------------------------------------------------
    @cached_property
    def order(self) -> Any:
        from gridcare.service_requests.tests.conftest import order_for

        return order_for(self.user)

    @cached_property
    def service_code(self) -> str:
        from gridcare.service_requests.tests.conftest import SEALING

        return SEALING

    # ---- written channels -------------------------------------------------------------------
    @cached_property
    def letter(self) -> Any:
        from gridcare.written_channels.models import OutgoingLetter

        return OutgoingLetter.objects.create(
            appeal=self.appeal,
            recipient_name=self.consumer.name,
            recipient_address="г. Казань, ул. Баумана, д. 1, кв. 1",
            text="Ответ на обращение.",
            pdf=_file("letter.pdf"),
            mailing_date=timezone.localdate(),
            created_by=self.users["specialist"],
            created_at=timezone.now(),
        )

    # ---- contact centre ---------------------------------------------------------------------
    @cached_property
    def live_chat(self) -> Any:
        from gridcare.contact_centre.models import LiveChat

        return LiveChat.objects.create(
            topic="metering",
            user=self.user,
            contact_name=self.consumer.name,
            contact_phone=self.consumer.phone,
            question="Как передать показания?",
            created_at=timezone.now(),
        )

    @cached_property
    def interaction(self) -> Any:
        """A call of `consumer` the operator is on."""
        from gridcare.contact_centre.models import Interaction

        return Interaction.objects.create(
            kind="call",
            external_id="h1-call-1",
            caller=self.consumer.phone,
            topic="metering",
            status="active",
            operator=self.users["operator"],
            queued_at=timezone.now(),
        )

    @cached_property
    def callback_request(self) -> Any:
        from gridcare.contact_centre.models import CallbackRequest

        now = timezone.now()
        return CallbackRequest.objects.create(
            topic="metering",
            name=self.consumer.name,
            phone=self.consumer.phone,
            user=self.user,
            created_at=now,
            due_at=now + timedelta(hours=2),
        )

    # ---- privacy ------------------------------------------------------------------------
    @cached_property
    def subject_request(self) -> Any:
        from gridcare.privacy.models import SubjectRequest

        appeal = self._appeal(
            text="Прошу предоставить сведения о моих персональных данных."
        )
        return SubjectRequest.objects.create(
            appeal=appeal,
            consumer=self.consumer,
            type="access",
            created_at=timezone.now(),
        )

    # ---- chat-bot knowledge base --------------------------------------------------------------
    @cached_property
    def article(self) -> Any:
        from gridcare.chatbot.models import KbArticle

        article = (
            KbArticle.objects.filter(current_version__isnull=False)
            .order_by("pk")
            .first()
        )
        assert article is not None, "база знаний пуста (миграция не загрузила её?)"
        return article

    @cached_property
    def miss_group(self) -> Any:
        from gridcare.chatbot.models import KbMissGroup

        now = timezone.now()
        return KbMissGroup.objects.create(
            size=1, first_at=now, last_at=now, computed_at=now
        )

    # ---- reports ------------------------------------------------------------------------
    @cached_property
    def export_job(self) -> Any:
        """A finished export of the analyst (export jobs belong to their owner)."""
        from gridcare.reports.models import ExportJob

        return ExportJob.objects.create(
            owner=self.users["analyst"],
            kind="dashboard_xlsx",
            status="done",
            file=_file("dashboard.xlsx", b"PK\x03\x04"),
            filename="dashboard.xlsx",
        )
