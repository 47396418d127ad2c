"""Every stage transition: allowed moves change the status, write one history row and
the stage dates; refused ones raise a Russian error and change nothing."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import DatabaseError, transaction
from django.utils import timezone

from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.grid_connections.codes import DocumentKind, Stage, Status, WorksSide
from gridcare.grid_connections.execution import (
    connection_application_check_fulfilment,
    connection_application_issue_closing_document,
    connection_application_record_connection,
    connection_application_record_payment,
    connection_application_record_works,
)
from gridcare.grid_connections.intake import (
    connection_application_draft_update,
    connection_application_submit,
    connection_application_submit_correction,
    connection_application_withdraw,
)
from gridcare.grid_connections.models import ApplicationEvent, ConnectionApplication
from gridcare.grid_connections.selectors import connection_application_get_for_user
from gridcare.grid_connections.services import (
    TechnicalConditionsInput,
    connection_application_accept,
    connection_application_annul,
    connection_application_issue_offer,
    connection_application_issue_technical_conditions,
    connection_application_request_correction,
)
from gridcare.grid_connections.tariffs import LineInput
from gridcare.notifications.models import Notification

pytestmark = pytest.mark.django_db

TC = TechnicalConditionsInput(
    supply_source="ПС 110/10 кВ «Центральная»",
    connection_point="Опора № 12 ВЛ-0,4 кВ ф. 3 от ТП-1234",
    voltage="0.4",
    max_power_kw=Decimal("15"),
    reliability_category="3",
    distance_m=120,
    grid_works="Строительство ВЛИ-0,4 кВ 0,25 км, установка прибора учёта.",
    applicant_works="Ввод в дом, вводное устройство с автоматом 25 А.",
    lines=[LineInput("0.4", "overhead", Decimal("0.250"))],
)


def _history(application: ConnectionApplication) -> list[tuple[str, str, str]]:
    return list(
        application.events.order_by("at", "id").values_list(
            "action", "from_status", "to_status"
        )
    )


def _run_to(application, engineer, consumer, until: str) -> ConnectionApplication:
    steps = [
        (
            Status.ACCEPTED,
            lambda: connection_application_accept(
                actor=engineer, application=application
            ),
        ),
        (
            Status.OFFER_SENT,
            lambda: (
                connection_application_issue_technical_conditions(
                    actor=engineer, application=application, data=TC
                ),
                connection_application_issue_offer(
                    actor=engineer, application=application
                ),
            ),
        ),
        (
            Status.CONTRACT_CONCLUDED,
            lambda: connection_application_record_payment(
                actor=engineer,
                application=application,
                amount=application.fee_amount,
                paid_on=timezone.localdate(),
            ),
        ),
        (
            Status.CONDITIONS_FULFILLED,
            lambda: (
                connection_application_record_works(
                    actor=engineer,
                    application=application,
                    side=WorksSide.GRID_COMPANY,
                    description="Построена ВЛИ-0,4 кВ",
                    done_on=timezone.localdate(),
                ),
                connection_application_record_works(
                    actor=consumer,
                    application=application,
                    side=WorksSide.APPLICANT,
                    description="Смонтирован ввод",
                    done_on=timezone.localdate(),
                ),
                connection_application_check_fulfilment(
                    actor=engineer, application=application, note="Соответствует"
                ),
            ),
        ),
        (
            Status.CONNECTED,
            lambda: connection_application_record_connection(
                actor=engineer,
                application=application,
                actual_voltage="0.4",
                actual_power_kw=Decimal("15"),
            ),
        ),
        (
            Status.COMPLETED,
            lambda: connection_application_issue_closing_document(
                actor=engineer, application=application
            ),
        ),
    ]
    order = [status for status, _step in steps]
    done = order.index(application.status) + 1 if application.status in order else 0
    for status, step in steps[done:]:
        step()
        application.refresh_from_db()
        assert application.status == status
        if status == until:
            break
    return application


@time_machine.travel("2026-02-16 10:00 +03:00", tick=False)
def test_full_lifecycle_writes_history_and_all_six_stages(
    make_filed, engineer, consumer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = make_filed()
    assert application.number == "ТП-26-0000001"
    with time_machine.travel("2026-03-02 11:00 +03:00", tick=False):
        _run_to(application, engineer, consumer, Status.COMPLETED)

    assert _history(application) == [
        ("submitted", "draft", "submitted"),
        ("accepted", "submitted", "accepted"),
        ("technical_conditions_issued", "", ""),
        ("offer_sent", "accepted", "offer_sent"),
        ("payment_recorded", "offer_sent", "contract_concluded"),
        ("works_recorded", "", ""),
        ("works_recorded", "", ""),
        ("fulfilment_checked", "contract_concluded", "conditions_fulfilled"),
        ("connected", "conditions_fulfilled", "connected"),
        ("closing_document_issued", "connected", "completed"),
    ]
    stages = {s.stage: s for s in application.stages.all()}
    assert list(stages) == [s.value for s in Stage]
    assert all(s.completed_at is not None for s in stages.values())
    # 15 kW individual at 0.4 kV: the notice (Приложение 1(1)), not the act ✅ [R34].
    kinds = sorted(application.documents.values_list("kind", flat=True))
    assert kinds == sorted(
        [
            DocumentKind.APPLICATION,
            DocumentKind.TECHNICAL_CONDITIONS,
            DocumentKind.OFFER,
            DocumentKind.INVOICE,
            DocumentKind.NOTICE,
        ]
    )
    # Preferential RT 2026 rate: 7 600 × 15 kW ✅ [R31] is below the sample standard.
    assert application.fee_amount == Decimal("114000.00")
    assert application.fee_basis == "preferential"
    assert Notification.objects.filter(event="connection_registered").exists()


def test_business_applicant_above_0_4_kv_gets_the_act(make_filed, engineer, consumer):
    application = make_filed(
        category="medium_670",
        applicant_kind="legal_entity",
        requested_power_kw=Decimal("300"),
        voltage="6-10",
        household_use_confirmed=False,
    )
    connection_application_accept(actor=engineer, application=application)
    data = TechnicalConditionsInput(
        **{
            **TC.__dict__,
            "voltage": "6-10",
            "max_power_kw": Decimal("300"),
            "lines": [LineInput("6-10", "cable", Decimal("0.4"))],
        }
    )
    connection_application_issue_technical_conditions(
        actor=engineer, application=application, data=data
    )
    application.refresh_from_db()
    connection_application_issue_offer(actor=engineer, application=application)
    assert application.fee_basis == "standard"
    _run_to(application, engineer, consumer, Status.COMPLETED)
    assert application.documents.filter(kind=DocumentKind.ACT).count() == 1


def test_correction_request_pauses_and_resubmission_resumes(
    make_filed, engineer, consumer
):
    application = make_filed()
    connection_application_request_correction(
        actor=engineer, application=application, text="Приложите выписку ЕГРН."
    )
    application.refresh_from_db()
    assert application.status == Status.CORRECTION_REQUESTED
    assert application.paused_at is not None
    assert application.stages.get(stage=Stage.OFFER).paused_at is not None
    connection_application_draft_update(
        actor=consumer, application=application, changes={"cadastral_number": "16:50:1"}
    )
    connection_application_submit_correction(
        actor=consumer, application=application, text="Приложила."
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.paused_at is None
    assert application.corrections.get().answered_at is not None
    versions = application.documents.filter(kind=DocumentKind.APPLICATION)
    assert [(d.version, d.is_current) for d in versions.order_by("version")] == [
        (1, False),
        (2, True),
    ]
    assert ("correction_submitted", "correction_requested", "submitted") in _history(
        application
    )


def test_refuses_offer_before_technical_conditions(make_filed, engineer):
    application = make_filed()
    connection_application_accept(actor=engineer, application=application)
    before = application.events.count()
    with pytest.raises(ConflictError) as err:
        connection_application_issue_offer(actor=engineer, application=application)
    assert "технические условия" in err.value.message
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert application.events.count() == before


@pytest.mark.parametrize(
    ("until", "service", "kwargs"),
    [
        (
            Status.SUBMITTED,
            connection_application_record_payment,
            {"amount": Decimal(1), "paid_on": date(2026, 1, 1)},
        ),
        (Status.ACCEPTED, connection_application_check_fulfilment, {}),
        (
            Status.OFFER_SENT,
            connection_application_record_connection,
            {"actual_voltage": "0.4", "actual_power_kw": Decimal(15)},
        ),
        (Status.CONTRACT_CONCLUDED, connection_application_issue_closing_document, {}),
        (Status.CONNECTED, connection_application_accept, {}),
    ],
)
def test_refuses_steps_out_of_order(
    make_filed, engineer, consumer, until, service, kwargs
):
    application = make_filed()
    if until != Status.SUBMITTED:
        _run_to(application, engineer, consumer, until)
    status, events = application.status, application.events.count()
    with pytest.raises(ApplicationError):
        service(actor=engineer, application=application, **kwargs)
    application.refresh_from_db()
    assert application.status == status
    assert application.events.count() == events


def test_refuses_fulfilment_check_until_both_sides_report(
    make_filed, engineer, consumer
):
    application = make_filed()
    _run_to(application, engineer, consumer, Status.CONTRACT_CONCLUDED)
    connection_application_record_works(
        actor=engineer,
        application=application,
        side=WorksSide.GRID_COMPANY,
        description="Построена линия",
        done_on=timezone.localdate(),
    )
    with pytest.raises(ConflictError) as err:
        connection_application_check_fulfilment(actor=engineer, application=application)
    assert "обеими сторонами" in err.value.message


def test_refuses_underpaid_invoice_for_simplified_applicant(
    make_filed, engineer, consumer
):
    application = make_filed()
    _run_to(application, engineer, consumer, Status.OFFER_SENT)
    with pytest.raises(ApplicationError) as err:
        connection_application_record_payment(
            actor=engineer,
            application=application,
            amount=Decimal("100.00"),
            paid_on=timezone.localdate(),
        )
    assert "меньше суммы счёта" in err.value.message


def test_withdrawn_and_annulled_are_final(make_filed, engineer, consumer):
    first = make_filed()
    connection_application_withdraw(
        actor=consumer, application=first, reason="Передумал"
    )
    second = make_filed()
    connection_application_annul(
        actor=engineer, application=second, reason="Сведения не представлены"
    )
    for application in (first, second):
        with pytest.raises(ConflictError):
            connection_application_accept(actor=engineer, application=application)
        with pytest.raises(ConflictError):
            connection_application_withdraw(actor=consumer, application=application)


def test_consumer_cannot_process_and_other_branch_cannot_see(
    make_filed, consumer, other_consumer, remote_engineer, engineer
):
    application = make_filed()
    with pytest.raises(PermissionDeniedError):
        connection_application_accept(actor=consumer, application=application)
    for stranger in (other_consumer, remote_engineer):
        with pytest.raises(ApplicationError) as err:
            connection_application_get_for_user(
                user=stranger, application_id=application.pk
            )
        assert err.value.status_code == 404
    assert connection_application_get_for_user(
        user=engineer, application_id=application.pk
    )


def test_refuses_incomplete_draft_with_every_problem_in_russian(make_draft, consumer):
    application = make_draft(requested_power_kw=Decimal("20"), consent=False)
    application.files.filter(requirement_code="title_document").delete()
    with pytest.raises(ApplicationError) as err:
        connection_application_submit(actor=consumer, application=application)
    problems = err.value.extra["problems"]
    assert any("не более 15 кВт" in p for p in problems)
    assert any("Правоустанавливающий документ" in p for p in problems)
    assert any("согласие" in p for p in problems)
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.number is None


def test_history_is_append_only(make_filed):
    application = make_filed()
    event = ApplicationEvent.objects.filter(application=application).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        ApplicationEvent.objects.filter(pk=event.pk).update(action="forged")
