"""The access matrix of the whole API: every operation of the OpenAPI document has one
rule in OPERATIONS (a test fails on a missing or a stale entry), and each operation is
called over HTTP by every caller — no token, a bad token, two consumers and each staff
persona. Allowed callers are not refused (no 401/403/404, no 5xx); refused ones get
401 (no or bad token), 403 or 404 with the error in Russian, and a refused write
changes nothing. Objects in the paths belong to `consumer`; `other_consumer` gets 404
on every one of them.

The world (personas, tokens, objects) is built once per module; each test runs in a
savepoint that is rolled back, so an allowed write never leaks into the next test."""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import override_settings
from django.utils import timezone

from gridcare.accounts.models import ApiToken, Competence, Role, User, UserSession
from gridcare.accounts.roles import ROLE_RIGHTS, Right
from gridcare.accounts.services import api_token_issue
from gridcare.api.testing import ApiClient
from gridcare.api.v1 import api
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealEvent,
    AppealMessage,
    AppealNote,
)
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.chatbot.engine import matcher_set
from gridcare.chatbot.models import BotMessage, Conversation
from gridcare.chatbot.services import conversation_start
from gridcare.chatbot.tests.fakes import FakeMatcher
from gridcare.conftest import _consumer, _user
from gridcare.consumers.models import Consent, ConsentPurpose, ConsentText
from gridcare.grid_connections.intake import (
    connection_application_draft_create,
    connection_application_file_add,
    connection_application_submit,
)
from gridcare.grid_connections.models import (
    ApplicationFile,
    ConnectionApplication,
    GeneratedDocument,
)
from gridcare.grid_connections.requirements import requirement_list_for
from gridcare.grid_connections.tests.conftest import complete_fields
from gridcare.metering.models import Meter, MeterReading
from gridcare.notifications.models import Notification, PushSubscription
from gridcare.offices.models import Appointment, Office, OfficeService
from gridcare.outages.models import Outage
from gridcare.outages.models.subscriptions import Subscription
from gridcare.outages.services import AreaInput, OutageInput, outage_register_unplanned
from gridcare.privacy.models import SubjectRequest
from gridcare.privacy.services import RequestInput, subject_request_file
from gridcare.service_requests.models import ServiceOrder
from gridcare.service_requests.services import ServiceOrderInput, service_order_create
from gridcare.telephony.models import Call
from gridcare.territory.models import (
    Branch,
    Building,
    DistrictGridUnit,
    Settlement,
    Street,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# ---- callers ------------------------------------------------------------------------

STAFF_ROLES: dict[str, str] = {
    "operator": Role.OPERATOR,
    "specialist": Role.SPECIALIST,  # «учёт», Kazan
    "other_specialist": Role.SPECIALIST,  # «ТП», Kazan
    "remote_specialist": Role.SPECIALIST,  # «учёт», another branch
    "office_specialist": Role.OFFICE_SPECIALIST,  # Kazan
    "connection_engineer": Role.CONNECTION_ENGINEER,  # Kazan
    "supervisor": Role.SUPERVISOR,  # Kazan
    "analyst": Role.ANALYST,
    "administrator": Role.ADMINISTRATOR,
}
CONSUMERS = ("consumer", "other_consumer")
PERSONAS = (*CONSUMERS, *STAFF_ROLES)
CALLERS = ("anonymous", "bad_token", *PERSONAS)
# Roles without a persona here would be missed by the matrix.
assert {Role.CONSUMER, *STAFF_ROLES.values()} == set(Role.values)

# ---- rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who may call an operation (everyone else is refused); `key` names the header
    of a webhook's own key (nobody of CALLERS holds it)."""

    allowed: frozenset[str]
    key: str = ""
    # A refusal by a business rule answered 400 instead of 403 (noted as a finding).
    also_refuses_with: int | None = None

    def __or__(self, other: "Rule") -> "Rule":
        return Rule(self.allowed | other.allowed)

    def refusing_with(self, status: int) -> "Rule":
        return Rule(self.allowed, self.key, status)

    def but_not(self, *callers: str) -> "Rule":
        """Narrow a right to the objects in the caller's scope (branch, competence)."""
        assert set(callers) <= self.allowed, callers
        return Rule(self.allowed - set(callers))


PUBLIC = Rule(frozenset(CALLERS))
AUTH = Rule(frozenset(PERSONAS))  # any logged-in user (own data only)
CONSUMER = Rule(frozenset({"consumer"}))  # `consumer`'s own objects (others: 404)
ANY_CONSUMER = Rule(frozenset(CONSUMERS))  # any consumer, for themselves
ANONYMOUS = Rule(frozenset({"anonymous", "bad_token"}))  # a bad token = no token


def STAFF(right: Right) -> Rule:
    return Rule(
        frozenset(p for p, role in STAFF_ROLES.items() if right in ROLE_RIGHTS[role])
    )


def KEY(header: str) -> Rule:
    return Rule(frozenset(), key=header)


# The world's appeal is about metering in Kazan: staff of another branch, another
# competence or without the all-topics right see it only when assigned.
NOT_IN_APPEAL_SCOPE = ("other_specialist", "remote_specialist", "connection_engineer")
APPEAL_STAFF = STAFF(Right.APPEAL_VIEW_QUEUE).but_not(*NOT_IN_APPEAL_SCOPE)
APPEAL_WORKER = STAFF(Right.APPEAL_WORK).but_not(*NOT_IN_APPEAL_SCOPE)
# Staff seeing Kazan consumers' cards (and their meters).
CARD_STAFF = STAFF(Right.CONSUMER_VIEW).but_not("remote_specialist")

OPERATIONS: dict[str, Rule] = {
    # appeals
    "list_appeals": AUTH,
    "create_appeal": ANY_CONSUMER | STAFF(Right.APPEAL_REGISTER),
    "download_appeal_attachment": CONSUMER | APPEAL_STAFF,
    "get_appeal_by_number": CONSUMER | APPEAL_STAFF,
    "list_appeal_codes": PUBLIC,
    "get_appeal": CONSUMER | APPEAL_STAFF,
    "answer_appeal": APPEAL_WORKER,
    "assign_appeal": APPEAL_WORKER,
    "upload_appeal_attachments": CONSUMER | APPEAL_WORKER,
    "close_appeal": APPEAL_WORKER,
    "list_appeal_events": CONSUMER | APPEAL_STAFF,
    "forward_appeal": APPEAL_WORKER,
    "list_appeal_messages": CONSUMER | APPEAL_STAFF,
    "create_appeal_message": CONSUMER | APPEAL_WORKER,
    "list_appeal_notes": APPEAL_STAFF,
    "create_appeal_note": APPEAL_WORKER,
    "rate_appeal": CONSUMER,
    "reopen_appeal": CONSUMER | APPEAL_WORKER,
    "request_appeal_information": APPEAL_WORKER,
    "withdraw_appeal": CONSUMER | APPEAL_WORKER,  # staff record a withdrawal
    # auth: the caller's own sessions and tokens
    "get_me": AUTH,
    "list_sessions": AUTH,
    "end_other_sessions": AUTH,
    "end_session": CONSUMER,
    "delete_token": AUTH,
    "create_token": PUBLIC,
    "list_tokens": AUTH,
    "revoke_token": CONSUMER,
    "get_calendar_workdays": PUBLIC,
    # chat with the bot: a logged-in person's conversation is theirs only
    "start_conversation": PUBLIC,
    "get_conversation": CONSUMER,
    "request_callback": CONSUMER,
    "close_conversation": CONSUMER,
    "list_messages": CONSUMER,
    "post_message": CONSUMER,
    # consumer accounts, consents, registration
    "list_accounts": AUTH,
    "link_account": ANY_CONSUMER,
    "list_consents": ANY_CONSUMER,
    "give_consent": ANY_CONSUMER,
    "list_consent_purposes": ANY_CONSUMER,
    "withdraw_consent": CONSUMER,
    "request_password_reset": PUBLIC,
    "confirm_password_reset": PUBLIC,
    "register_consumer": PUBLIC,
    "confirm_registration": PUBLIC,
    "resend_registration_code": PUBLIC,
    "unlink_account": CONSUMER,
    "get_account": CONSUMER,
    # grid connection
    "list_appliances": PUBLIC,
    "list_connection_applications": AUTH,
    "create_connection_application": ANY_CONSUMER | STAFF(Right.CONNECTION_REGISTER),
    "get_connection_application": CONSUMER | STAFF(Right.CONNECTION_VIEW),
    "update_connection_application": CONSUMER | STAFF(Right.CONNECTION_REGISTER),
    "upload_connection_application_file": CONSUMER | STAFF(Right.CONNECTION_REGISTER),
    "submit_connection_application": CONSUMER | STAFF(Right.CONNECTION_REGISTER),
    "withdraw_connection_application": CONSUMER | STAFF(Right.CONNECTION_REGISTER),
    "create_cost_calculation": PUBLIC,
    "create_power_calculation": PUBLIC,
    "list_connection_categories": PUBLIC,
    "list_document_requirements": PUBLIC,
    "download_connection_document": CONSUMER | STAFF(Right.CONNECTION_VIEW),
    # indicators (№ 1256)
    "get_form81": STAFF(Right.REPORT_VIEW),
    "get_year_indicators": STAFF(Right.REPORT_VIEW),
    "list_reliability_protocol": STAFF(Right.REPORT_VIEW),
    # metering
    "list_meters": AUTH,
    "get_meter": CONSUMER | CARD_STAFF,
    "list_meter_consumption": CONSUMER | CARD_STAFF,
    "list_meter_readings": CONSUMER | CARD_STAFF,
    "submit_meter_reading": CONSUMER
    | STAFF(Right.METER_READING_REGISTER).but_not("remote_specialist"),
    # notifications: the caller's own
    "list_notifications": AUTH,
    "get_notification_preferences": AUTH,
    "update_notification_preferences": AUTH,
    "get_push_key": PUBLIC,
    "delete_push_subscription": AUTH,
    "create_push_subscription": AUTH,
    "mark_notifications_read": AUTH,
    # offices and appointments
    "list_offices": PUBLIC,
    "list_my_appointments": AUTH,
    # Staff get 400 `not_consumer` from the booking rule, not 403.
    "book_appointment": ANY_CONSUMER.refusing_with(400),
    "get_appointment": CONSUMER | STAFF(Right.APPEAL_REGISTER),
    "arrive_for_appointment": CONSUMER | STAFF(Right.APPEAL_REGISTER),
    "cancel_appointment": CONSUMER | STAFF(Right.APPEAL_REGISTER),
    "move_appointment": CONSUMER | STAFF(Right.APPEAL_REGISTER),
    "list_office_services": PUBLIC,
    "get_office": PUBLIC,
    "list_free_slots": PUBLIC,
    # outages
    "list_outages": PUBLIC,
    "list_outages_for_address": PUBLIC,
    "get_outage_map": PUBLIC,
    "create_planned_outage": STAFF(Right.OUTAGE_MANAGE),
    "list_outage_subscriptions": AUTH,
    "create_outage_subscription": PUBLIC,
    "delete_outage_subscription": CONSUMER,
    "confirm_outage_subscription": PUBLIC,
    "create_unplanned_outage": STAFF(Right.OUTAGE_MANAGE),
    "get_outage": PUBLIC,
    "cancel_outage": STAFF(Right.OUTAGE_MANAGE),
    "create_outage_estimate": STAFF(Right.OUTAGE_MANAGE),
    "restore_outage": STAFF(Right.OUTAGE_MANAGE),
    "start_outage": STAFF(Right.OUTAGE_MANAGE),
    "create_power_report": ANONYMOUS | ANY_CONSUMER,  # staff take it by phone
    # personal data (152-ФЗ)
    "export_my_data": ANY_CONSUMER,
    "list_subject_requests": AUTH,
    "file_subject_request": ANY_CONSUMER,
    "get_subject_request": CONSUMER | STAFF(Right.PERSONAL_DATA_OFFICER),
    # paid services
    "list_services": PUBLIC,
    "list_service_categories": PUBLIC,
    "get_service": PUBLIC,
    "list_service_orders": AUTH,
    "create_service_order": CONSUMER,  # for `consumer`'s account
    "get_service_order": CONSUMER | APPEAL_STAFF,
    "cancel_service_order": CONSUMER | APPEAL_WORKER,
    # webhooks with their own keys
    "post_call_event": KEY("X-Telephony-Key"),
    "post_ivr_step": KEY("X-Telephony-Key"),
    "create_partner_appeal": KEY("X-Api-Key"),
    "get_partner_appeal": KEY("X-Api-Key"),
}

# ---- the operations of the document --------------------------------------------------


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str
    secured: bool  # the document requires a token or a key
    multipart: bool


def _operations() -> dict[str, Operation]:
    schema = api.get_openapi_schema()
    found: dict[str, Operation] = {}
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            content = spec.get("requestBody", {}).get("content", {})
            op = Operation(
                id=spec["operationId"],
                method=method,
                path=path,
                secured=bool(spec.get("security")),
                multipart="multipart/form-data" in content,
            )
            assert op.id not in found, f"operationId повторяется: {op.id}"
            found[op.id] = op
    return found


OPS = _operations()


def test_every_operation_has_exactly_one_rule() -> None:
    missing = sorted(set(OPS) - set(OPERATIONS))
    stale = sorted(set(OPERATIONS) - set(OPS))
    assert not missing, f"операции без правила доступа в OPERATIONS: {missing}"
    assert not stale, f"правила для операций, которых нет в API: {stale}"


def test_secured_operations_have_no_public_rule() -> None:
    """A rule saying anonymous callers pass must match a document that asks nothing."""
    wrong = [
        op_id
        for op_id, rule in OPERATIONS.items()
        if op_id in OPS and OPS[op_id].secured and "anonymous" in rule.allowed
    ]
    assert not wrong


# ---- the world ----------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User]
    tokens: dict[str, str]
    objects: dict[str, Any]


def _persona_users(
    branch: Branch,
    other_branch: Branch,
    district_unit: DistrictGridUnit,
    street: Street,
) -> dict[str, User]:
    def building(number: str) -> Building:
        return Building.objects.create(
            settlement=street.settlement,
            street=street,
            number=number,
            number_value=int(number),
        )

    users = {
        "consumer": _consumer(
            email="ivanova@example.ru",
            phone="+79170000001",
            name="Иванова Анна Петровна",
            account="1600000001",
            building=building("1"),
            district_unit=district_unit,
        ).user,
        "other_consumer": _consumer(
            email="petrov@example.ru",
            phone="+79170000002",
            name="Петров Олег Ильич",
            account="1600000002",
            building=building("2"),
            district_unit=district_unit,
        ).user,
    }
    setup: dict[str, tuple[Branch | None, list[str]]] = {
        "operator": (None, []),
        "specialist": (branch, [Competence.METERING]),
        "other_specialist": (branch, [Competence.CONNECTION]),
        "remote_specialist": (other_branch, [Competence.METERING]),
        "office_specialist": (branch, []),
        "connection_engineer": (branch, []),
        "supervisor": (branch, []),
        "analyst": (None, []),
        "administrator": (None, []),
    }
    for name, role in STAFF_ROLES.items():
        where, competences = setup[name]
        users[name] = _user(
            role,
            email=f"{name}@gridcare.test",
            branch=where,
            competences=competences,
            name=name,
        )
    return users  # type: ignore[return-value]


def _objects(users: dict[str, User], street: Street, branch: Branch) -> dict[str, Any]:
    """Everything in the paths, owned by `consumer`."""
    user = users["consumer"]
    consumer = user.consumer  # type: ignore[attr-defined]
    account = consumer.accounts.get()
    point = account.supply_points.get()
    now = timezone.now()
    appeal = appeal_receive(
        actor=user,
        data=AppealInput(
            channel=Channel.PERSONAL_ACCOUNT,
            category=Category.METERING,
            topic=Topic.METERING,
            text="Счётчик перестал показывать расход, прошу проверить.",
            contact_name=consumer.name,
            contact_email=consumer.email,
            contact_phone=consumer.phone,
            answer_channel=AnswerChannel.PERSONAL_ACCOUNT,
            consumer=consumer,
            consumer_account=account,
            supply_point=point,
            files=[SimpleUploadedFile("акт.pdf", PDF)],
        ),
    )
    application = connection_application_draft_create(
        actor=user, consumer=consumer, changes=complete_fields(street)
    )
    for row in requirement_list_for(application):
        if row.is_required:
            connection_application_file_add(
                actor=user,
                application=application,
                requirement_code=row.code,
                files=[SimpleUploadedFile(f"{row.code}.pdf", PDF, "application/pdf")],
            )
    application = connection_application_submit(actor=user, application=application)
    document = application.documents.first() or _document(application, now)
    office = Office.objects.create(
        kind=Office.Kind.SERVICE_POINT,
        name="Пункт по работе с потребителями — Казань",
        branch=branch,
        address="г. Казань, ул. Баумана, д. 10",
        opening_hours="пн–пт 8:00–17:00",
    )
    office.appointment_services.set(OfficeService.objects.all())
    start = (now + timedelta(days=7)).replace(microsecond=0)
    appointment = Appointment.objects.create(
        office=office,
        service=OfficeService.objects.get(code="consultation"),
        user=user,
        code="ACCESS01",
        starts_at=start,
        ends_at=start + timedelta(minutes=15),
        desk=1,
    )
    order = service_order_create(
        actor=user,
        data=ServiceOrderInput(
            service_code="meter-sealing",
            consumer_account_id=account.pk,
            supply_point_id=point.pk,
            comment="Позвоните за час до приезда.",
        ),
    )
    subject_request = subject_request_file(
        actor=user, consumer=consumer, data=RequestInput(type="access")
    )
    consent = Consent.objects.create(
        consumer=consumer,
        text=ConsentText.objects.filter(purpose=ConsentPurpose.MARKETING)
        .order_by("-version")
        .first()
        or ConsentText.objects.order_by("-version").first(),
        given_at=now,
        channel="portal",
    )
    meter = Meter.objects.create(
        supply_point=point,
        serial_number="01234567",
        model="Меркурий 201",
        tariff_zones=1,
        installed_on=date(2020, 1, 10),
    )
    MeterReading.objects.create(
        meter=meter,
        taken_on=date(2026, 1, 20),
        value_t1=Decimal("1234.5"),
        source="personal_account",
    )
    outage = outage_register_unplanned(
        actor=users["supervisor"],
        data=OutageInput(
            cause="equipment_failure",
            cause_text="Повреждение кабельной линии 10 кВ",
            voltage_level="SN2",
            areas=[AreaInput(settlement_id=street.settlement_id, street_id=street.pk)],
            estimated_restoration_at=now + timedelta(hours=3),
        ),
    )
    subscription = Subscription.objects.create(
        user=user,
        email=consumer.email,
        channels=["email"],
        settlement=street.settlement,
        street=street,
        label="Казань, ул. Баумана",
        confirmed_at=now,
    )
    notification = Notification.objects.create(
        event="appeal_registered",
        topic="appeals",
        channel="email",
        recipient=user,
        address=consumer.email,
        subject="Обращение зарегистрировано",
        body="Ваше обращение зарегистрировано.",
        status="sent",
    )
    session = UserSession.objects.create(
        user=user,
        session_key="access-matrix-session",
        started_at=now,
        last_seen_at=now,
    )
    token, _key = api_token_issue(user=user, name="second device")
    return {
        "appeal": appeal,
        "attachment": appeal.attachments.get(),
        "application": application,
        "document": document,
        "office": office,
        "appointment": appointment,
        "order": order,
        "subject_request": subject_request,
        "consent": consent,
        "meter": meter,
        "outage": outage,
        "subscription": subscription,
        "notification": notification,
        "session": session,
        "token": token,
        "conversation": conversation_start(user=user, channel="portal"),
        "account": account,
        "point": point,
        "street": street,
    }


def _document(application: ConnectionApplication, now: Any) -> GeneratedDocument:
    document = GeneratedDocument(
        application=application,
        kind=GeneratedDocument._meta.get_field("kind").choices[0][0],
        version=1,
        number="ТП-1",
        stored_name="access-matrix-document.pdf",
        size=len(PDF),
        sha256="0" * 64,
        issued_at=now,
    )
    document.file.save("access-matrix-document.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


@pytest.fixture(scope="module")
def world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[World]:
    """Built once in an outer transaction, rolled back after the module."""
    media = tmp_path_factory.mktemp("access-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
    ):
        matcher_set(FakeMatcher())  # the bot answers without loading its model
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            branch = Branch.objects.create(
                code="kazan",
                name="Казанские электрические сети",
                short_name="КЭС",
                order=1,
            )
            other_branch = Branch.objects.create(
                code="chelny",
                name="Набережночелнинские электрические сети",
                short_name="НЧЭС",
                order=2,
            )
            unit = DistrictGridUnit.objects.create(
                branch=branch, code="kazan-city", name="Городской РЭС"
            )
            kazan = Settlement.objects.create(
                district_unit=unit, name="Казань", name_key="казань"
            )
            street = Street.objects.create(
                settlement=kazan, name="Баумана", name_key="баумана"
            )
            users = _persona_users(branch, other_branch, unit, street)
            tokens = {
                name: api_token_issue(user=user, name="matrix")[1]
                for name, user in users.items()
            }
            yield World(users, tokens, _objects(users, street, branch))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            matcher_set(None)


# ---- calls --------------------------------------------------------------------------

# Path parameters: `consumer`'s objects.
PATH_VALUES: dict[str, Callable[[World], object]] = {
    "appeal_id": lambda w: w.objects["appeal"].pk,
    "number": lambda w: w.objects["appeal"].number,
    "attachment_id": lambda w: w.objects["attachment"].pk,
    "application_id": lambda w: w.objects["application"].pk,
    "document_id": lambda w: w.objects["document"].pk,
    "office_id": lambda w: w.objects["office"].pk,
    "appointment_id": lambda w: w.objects["appointment"].pk,
    "order_id": lambda w: w.objects["order"].pk,
    "request_id": lambda w: w.objects["subject_request"].pk,
    "consent_id": lambda w: w.objects["consent"].pk,
    "account_id": lambda w: w.objects["account"].pk,
    "meter_id": lambda w: w.objects["meter"].pk,
    "outage_id": lambda w: w.objects["outage"].pk,
    "subscription_id": lambda w: w.objects["subscription"].pk,
    "session_id": lambda w: w.objects["session"].pk,
    "token_id": lambda w: w.objects["token"].pk,
    "token": lambda w: w.objects["conversation"].token,
    "code": lambda w: "meter-sealing",
    "year": lambda w: 2026,
}

# Bodies valid enough to reach the access check (ninja validates a body before the
# view runs, so a refused caller with an invalid one would get 422).
BODIES: dict[str, Callable[[World], Any]] = {
    "create_appeal": lambda w: {
        "channel": "personal_account",
        "category": "metering",
        "topic": "metering",
        "text": "Прошу проверить счётчик, показания не меняются.",
    },
    "answer_appeal": lambda w: {"text": "Проверили, счётчик исправен."},
    "forward_appeal": lambda w: {"to": "ООО «Энергосбыт»", "text": "Направлено."},
    "create_appeal_message": lambda w: {"text": "Дополняю обращение."},
    "create_appeal_note": lambda w: {"text": "Позвонить потребителю."},
    "request_appeal_information": lambda w: {"text": "Пришлите фото счётчика."},
    "rate_appeal": lambda w: {"rating": 5},
    "reopen_appeal": lambda w: {"reason": "Не согласна с ответом."},
    "withdraw_appeal": lambda w: {"reason": "Вопрос решён."},
    "request_callback": lambda w: {"name": "Анна", "phone": "+79170000001"},
    "post_message": lambda w: {"text": "Когда дадут свет?"},
    "link_account": lambda w: {"number": "1600000001", "meter_serial": "01234567"},
    "give_consent": lambda w: {"purpose": "marketing"},
    "submit_connection_application": lambda w: {"consent": True},
    "submit_meter_reading": lambda w: {"values": {"t1": "1300.0"}},
    "mark_notifications_read": lambda w: {"ids": [w.objects["notification"].pk]},
    "book_appointment": lambda w: {
        "office_id": w.objects["office"].pk,
        "service": "consultation",
        "starts_at": (timezone.now() + timedelta(days=8)).isoformat(),
    },
    "move_appointment": lambda w: {
        "starts_at": (timezone.now() + timedelta(days=9)).isoformat()
    },
    "create_planned_outage": lambda w: {
        "cause": "equipment_failure",
        "voltage_level": "SN2",
        "areas": [{"settlement_id": w.objects["street"].settlement_id}],
        "planned_start": (timezone.now() + timedelta(days=3)).isoformat(),
        "planned_end": (timezone.now() + timedelta(days=3, hours=4)).isoformat(),
    },
    "create_unplanned_outage": lambda w: {
        "cause": "equipment_failure",
        "voltage_level": "SN2",
        "areas": [{"settlement_id": w.objects["street"].settlement_id}],
    },
    "create_outage_estimate": lambda w: {
        "estimated_at": (timezone.now() + timedelta(hours=5)).isoformat()
    },
    "file_subject_request": lambda w: {"type": "access"},
    "cancel_outage": lambda w: {"reason": "Работы перенесены."},
    "create_service_order": lambda w: {
        "service_code": "meter-sealing",
        "consumer_account_id": w.objects["account"].pk,
    },
    "post_call_event": lambda w: {
        "call_id": "c-1",
        "event_id": "e-1",
        "type": "incoming",
    },
    "post_ivr_step": lambda w: {"call_id": "c-1"},
    "create_partner_appeal": lambda w: {
        "external_id": "p-1",
        "category": "metering",
        "topic": "metering",
        "contact_name": "Иванова Анна",
        "text": "Прошу проверить счётчик.",
    },
    "create_push_subscription": lambda w: {
        "endpoint": "https://push.example.ru/1",
        "p256dh": "key",
        "auth": "secret",
    },
    "delete_push_subscription": lambda w: {
        "endpoint": "https://push.example.ru/1",
        "p256dh": "key",
        "auth": "secret",
    },
}


# Query strings the operation needs to reach the access check.
QUERIES: dict[str, str] = {"get_form81": "?year=2026&month=1"}


def _why(response: Any) -> str:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return f"{response.status_code} {response.content[:200]!r}"
    return f"{response.status_code} {error.get('code')}: {error.get('message')}"


def _multipart(op: Operation) -> dict[str, Any]:
    upload = SimpleUploadedFile("скан.pdf", PDF, content_type="application/pdf")
    if op.id == "upload_appeal_attachments":
        return {"files": [upload], "text": "Фото счётчика."}
    return {"requirement_code": "passport", "file": upload}


def _call(op: Operation, rule: Rule, caller: str, world: World) -> Any:
    path = re.sub(r"\{(\w+)\}", lambda m: str(PATH_VALUES[m.group(1)](world)), op.path)
    extra: dict[str, Any] = {}
    if caller == "bad_token":
        extra["HTTP_AUTHORIZATION"] = "Bearer not-a-real-token"
        if rule.key:  # a webhook: a wrong key of its own
            extra["HTTP_" + rule.key.upper().replace("-", "_")] = "not-a-real-key"
    elif caller != "anonymous":
        extra["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[caller]}"
    if op.method == "post":
        extra["HTTP_IDEMPOTENCY_KEY"] = f"matrix-{op.id}-{caller}"
    client = ApiClient()
    if op.method == "get":
        return client.get(path + QUERIES.get(op.id, ""), **extra)
    if op.multipart:
        return client.post(path, _multipart(op), **extra)
    body = BODIES.get(op.id, lambda w: {})(world)
    return client.generic(
        op.method.upper(),
        path,
        data=json.dumps(body),
        content_type="application/json",
        **extra,
    )


# What a refused write must leave as it was: row counts and the state of the world.
COUNTED: tuple[type[models.Model], ...] = (
    Appeal,
    AppealEvent,
    AppealMessage,
    AppealNote,
    AppealAttachment,
    ConnectionApplication,
    ApplicationFile,
    MeterReading,
    Appointment,
    ServiceOrder,
    SubjectRequest,
    Consent,
    Outage,
    Subscription,
    Conversation,
    BotMessage,
    PushSubscription,
    Call,
)
STATE: dict[str, tuple[str, ...]] = {
    "appeal": ("status", "assignee_id", "rating"),
    "application": ("status",),
    "appointment": ("status", "starts_at"),
    "order": ("status",),
    "consent": ("withdrawn_at",),
    "outage": ("status", "estimated_restoration_at"),
    "subscription": ("cancelled_at",),
    "notification": ("read_at",),
    "session": ("ended_at",),
    "token": ("revoked_at",),
    "conversation": ("state",),
    "account": ("consumer_id",),
}


def _state(world: World) -> dict[str, Any]:
    """The state of `consumer`'s objects."""
    return {
        name: type(obj).objects.filter(pk=obj.pk).values_list(*fields).first()
        for name, fields in STATE.items()
        for obj in [world.objects[name]]
    }


def _snapshot(world: World) -> dict[str, Any]:
    snap: dict[str, Any] = {m.__name__: m.objects.count() for m in COUNTED}
    snap["active tokens"] = ApiToken.objects.filter(revoked_at__isnull=True).count()
    return snap | _state(world)


def _leaks(response: Any, world: World) -> list[str]:
    """What of `consumer`'s shows in a response (for callers who are not them)."""
    if not response.content or "json" not in response.get("Content-Type", ""):
        return []
    text = json.dumps(response.json(), ensure_ascii=False)
    markers = (
        "ivanova@example.ru",
        "Иванова",
        "SP-1600000001",
        world.objects["appeal"].number,
    )
    return [m for m in markers if m in text]


MATRIX = [(op_id, caller) for op_id in sorted(OPERATIONS) for caller in CALLERS]


@pytest.mark.django_db
@pytest.mark.parametrize(("operation", "caller"), MATRIX)
def test_access(operation: str, caller: str, world: World) -> None:
    op, rule = OPS[operation], OPERATIONS[operation]
    before = _snapshot(world) if op.method != "get" else None
    response = _call(op, rule, caller, world)
    status = response.status_code
    assert status < 500, _why(response)
    if caller in ("anonymous", "bad_token", "other_consumer"):
        assert not _leaks(response, world), _why(response)
    if caller in rule.allowed:
        assert status not in (401, 403, 404), _why(response)
        if caller == "other_consumer" and before is not None:
            # Allowed for themselves, yet nothing of `consumer`'s may change.
            assert _state(world) == {k: before[k] for k in STATE}
        return
    if caller in ("anonymous", "bad_token") and op.secured:
        assert status == 401, _why(response)
    else:
        refusals = {401, 403, 404, rule.also_refuses_with}
        assert status in refusals, _why(response)
    if caller == "other_consumer" and "consumer" in rule.allowed:
        assert status == 404, "чужой объект потребителя — только 404"
    message = response.json()["error"]["message"]
    assert re.search("[а-яА-ЯёЁ]", message), message
    if before is not None:
        assert _snapshot(world) == before


@pytest.mark.django_db
def test_the_leak_markers_show_in_the_owners_own_answers(world: World) -> None:
    """The leak check above can fail: `consumer`'s own answers carry the markers."""
    for op_id in ("get_appeal", "list_accounts"):
        response = _call(OPS[op_id], OPERATIONS[op_id], "consumer", world)
        assert response.status_code == 200, _why(response)
        assert _leaks(response, world), op_id
