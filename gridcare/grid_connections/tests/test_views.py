"""Pages: the portal wizard keeps a draft at every step and explains what is missing;
the clerk files on an applicant's behalf; the engineer's queue and card; public
calculators; refusals for strangers."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gridcare.conftest import PASSWORD
from gridcare.grid_connections.codes import Status
from gridcare.grid_connections.models import ConnectionApplication
from gridcare.grid_connections.tests.conftest import pdf_file

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_wizard_keeps_draft_and_files_a_complete_application(client, consumer, street):
    login(client, consumer)
    response = client.post(reverse("grid_connections:portal_new"))
    application = ConnectionApplication.objects.get()
    assert response.url == reverse(
        "grid_connections:portal_step", args=[application.pk, "applicant"]
    )
    step = lambda name: reverse(  # noqa: E731
        "grid_connections:portal_step", args=[application.pk, name]
    )
    response = client.post(
        step("applicant"),
        {
            "category": "individual_15",
            "applicant_kind": "individual",
            "applicant_name": "Иванова Анна Петровна",
            "contact_phone": "+79170000001",
            "household_use_confirmed": "on",
            "stay": "1",
        },
    )
    assert response.url == step("applicant")
    application.refresh_from_db()
    assert application.household_use_confirmed and application.is_draft
    client.post(
        step("object"),
        {
            "object_name": "Жилой дом",
            "settlement": street.settlement_id,
            "object_address": "ул. Баумана, участок 5",
            "distance_to_grid_m": "120",
        },
    )
    client.post(
        step("power"),
        {
            "requested_power_kw": "15",
            "previous_power_kw": "0",
            "voltage": "0.4",
            "reliability_category": "3",
        },
    )
    review = client.get(step("review"))
    assert "Приложите документ: План расположения" in review.content.decode()
    for code in ("site_plan", "title_document"):
        client.post(
            reverse("grid_connections:portal_file_add", args=[application.pk]),
            {"requirement": code, "file": pdf_file(f"{code}.pdf")},
        )
    response = client.post(
        reverse("grid_connections:portal_submit", args=[application.pk]),
        {"consent": "on"},
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert response.url == reverse(
        "grid_connections:portal_detail", args=[application.pk]
    )
    page = client.get(response.url).content.decode()
    assert application.number in page
    assert "Сетевая организация проверяет комплектность" in page
    assert "срок сетевой организации — до" in page


def test_refused_submission_lists_problems_in_russian(client, consumer, make_draft):
    application = make_draft(requested_power_kw=Decimal(40))
    login(client, consumer)
    response = client.post(
        reverse("grid_connections:portal_submit", args=[application.pk]),
        {"consent": "on"},
        follow=True,
    )
    assert "не более 15 кВт" in response.content.decode()
    application.refresh_from_db()
    assert application.is_draft


def test_clerk_files_on_behalf_of_a_consumer(client, clerk, consumer, street):
    login(client, clerk)
    response = client.post(
        reverse("grid_connections:staff_register"),
        {
            "channel": "office",
            "consumer_query": "+79170000001",
            "category": "individual_15",
            "applicant_kind": "individual",
            "applicant_name": "Иванова Анна Петровна",
            "contact_phone": "+79170000001",
            "household_use_confirmed": "on",
            "object_name": "Баня",
            "settlement": street.settlement_id,
            "object_address": "участок 7",
            "distance_to_grid_m": "50",
            "requested_power_kw": "5",
            "voltage": "0.4",
            "reliability_category": "3",
            "consent": "on",
        },
    )
    application = ConnectionApplication.objects.get()
    assert response.url == reverse(
        "grid_connections:staff_detail", args=[application.pk]
    )
    assert application.consumer == consumer.consumer and application.channel == "office"
    for code in ("site_plan", "title_document"):
        client.post(
            reverse("grid_connections:staff_action", args=[application.pk, "file"]),
            {"requirement": code, "file": pdf_file()},
        )
    client.post(
        reverse("grid_connections:staff_action", args=[application.pk, "submit"])
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.created_by == clerk
    # The applicant sees it in the personal account.
    client.logout()
    login(client, consumer)
    assert (
        application.number
        in client.get(reverse("grid_connections:portal_list")).content.decode()
    )


def test_engineer_queue_card_and_action(client, engineer, make_filed):
    application = make_filed()
    login(client, engineer)
    queue = client.get(reverse("grid_connections:staff_queue")).content.decode()
    assert application.number in queue
    card = client.get(reverse("grid_connections:staff_detail", args=[application.pk]))
    assert "Принять заявку" in card.content.decode()
    client.post(
        reverse("grid_connections:staff_action", args=[application.pk, "accept"]), {}
    )
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


def test_strangers_are_refused(
    client, other_consumer, remote_engineer, consumer, make_filed
):
    application = make_filed()
    document = application.documents.get()
    login(client, other_consumer)
    assert (
        client.get(
            reverse("grid_connections:portal_detail", args=[application.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("grid_connections:portal_document", args=[document.pk])
        ).status_code
        == 404
    )
    client.logout()
    login(client, remote_engineer)
    assert (
        client.get(
            reverse("grid_connections:staff_detail", args=[application.pk])
        ).status_code
        == 404
    )
    client.logout()
    login(client, consumer)
    assert client.get(reverse("grid_connections:staff_queue")).status_code == 403
    pdf = client.get(reverse("grid_connections:portal_document", args=[document.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_public_calculators_without_login(client):
    cost = client.get(
        reverse("grid_connections:cost_calculator"),
        {
            "category": "individual_15",
            "requested_kw": "15",
            "voltage": "0.4",
            "reliability_category": "3",
            "settlement_type": "urban",
            "distance_m": "100",
            "metering_points": "1",
            "on": "2026-06-01",
        },
    ).content.decode()
    assert "114\xa0000,00" in cost and "ОБРАЗЕЦ" in cost
    power = client.get(
        reverse("grid_connections:power_calculator"),
        {
            "calculate": "1",
            "custom_name_0": "Котёл",
            "custom_kw_0": "9",
            "custom_qty_0": "1",
            "simultaneity": "1",
        },
    ).content.decode()
    assert "Рекомендуемая мощность</h2>" not in power or "9 кВт" in power
    assert "Котёл: 9 кВт × 1 = 9 кВт" in power
