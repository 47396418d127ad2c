"""Outage-aware intake across the portal, the API and staff grouping ("storm mode"):
a report of no power under a known outage is linked and answered at once with the
cause and the expected time; one without goes to dispatch, and several close together
raise a suggestion; staff answer and close an outage's appeals with one message.

Driven through HTTP, as people use it."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gridcare.api.testing import BASE, api_client
from gridcare.appeals.models import Appeal
from gridcare.conftest import PASSWORD
from gridcare.notifications.models import Notification
from gridcare.outages.models import OutageSuggestion, PowerReport
from gridcare.outages.services import (
    AreaInput,
    OutageInput,
    outage_plan,
    outage_register_unplanned,
    outage_restore,
)

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


@pytest.fixture
def storm(register: dict[str, Any], supervisor: Any) -> Any:
    """An unplanned outage on ул. Баумана (the consumer lives at no. 1), power back
    expected in 3 hours."""
    eta = timezone.now() + timedelta(hours=3)
    return outage_register_unplanned(
        actor=supervisor,
        data=OutageInput(
            cause="equipment_failure",
            cause_text="Повреждение кабельной линии 10 кВ",
            voltage_level="SN2",
            areas=[
                AreaInput(
                    settlement_id=register["kazan"].pk,
                    street_id=register["streets"]["baumana"].pk,
                )
            ],
            estimated_restoration_at=eta,
        ),
    )


def _eta_text(outage: Any) -> str:
    return timezone.localtime(outage.estimated_restoration_at).strftime(
        "%d.%m.%Y %H:%M"
    )


# ---- portal ------------------------------------------------------------------------


def test_consumer_in_the_portal_is_answered_at_once_and_linked(consumer, storm):
    point = consumer.consumer.accounts.first().supply_points.first()
    client = _login(consumer)
    assert client.get("/outages/report/").status_code == 200
    response = client.post(
        "/outages/report/",
        {
            "supply_point": point.pk,
            "contact_name": "Иванова",
            "contact_phone": "+79170000001",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "аварийное отключение" in page
    assert "Повреждение кабельной линии 10 кВ" in page
    assert f"{_eta_text(storm)} (мск)" in page
    appeal = Appeal.objects.get(consumer=consumer.consumer)
    assert appeal.number in page
    assert appeal.power_report.outage_id == storm.pk
    assert appeal.power_report.link_source == "intake"
    assert (appeal.topic, appeal.category, appeal.regime) == (
        "reliability",
        "transmission",
        "supply_quality",
    )
    assert appeal.status == "registered"


def test_anonymous_portal_report_with_a_messy_address_is_linked(register, storm):
    response = Client().post(
        "/outages/report/",
        {
            "address": "г.Казань ул.Бауманаа д.5",
            "contact_name": "Сосед",
            "contact_phone": "89170001122",
        },
    )
    assert response.status_code == 200
    assert "Повреждение кабельной линии 10 кВ" in response.content.decode()
    report = PowerReport.objects.get()
    assert report.outage_id == storm.pk
    assert report.building == register["buildings"]["baumana_5"]
    assert Appeal.objects.get(power_report=report).contact_phone == "+79170001122"


def test_report_without_a_known_outage_goes_to_dispatch(register, storm):
    response = Client().post(
        "/outages/report/",
        {
            "address": "Казань, Пушкина 5",
            "contact_name": "Пётр",
            "contact_phone": "+79170001123",
        },
    )
    page = response.content.decode()
    assert "Известных отключений по вашему адресу нет" in page
    report = PowerReport.objects.get()
    assert report.outage is None and report.is_waiting
    assert Appeal.objects.get(power_report=report).status == "registered"


def test_refused_report_writes_nothing(register, storm):
    response = Client().post(
        "/outages/report/", {"address": "Баумана 5", "contact_name": "Х"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert PowerReport.objects.count() == 0
    assert Appeal.objects.count() == 0


# ---- API ---------------------------------------------------------------------------


def test_mobile_app_report_gets_the_outage_and_the_answer(consumer, storm):
    point = consumer.consumer.accounts.first().supply_points.first()
    client = api_client(consumer)
    body = {"channel": "mobile_app", "supply_point_id": point.pk}
    first = client.post_json(f"{BASE}/power-reports", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["outage"]["id"] == storm.pk
    assert data["outage"]["cause_text"] == "Повреждение кабельной линии 10 кВ"
    assert _eta_text(storm) in data["answer"]
    appeal = Appeal.objects.get(pk=data["appeal_id"])
    assert appeal.channel == "mobile_app" and appeal.power_report.outage_id == storm.pk
    # A retry of the same request changes nothing.
    again = client.post_json(f"{BASE}/power-reports", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.json() == data
    assert Appeal.objects.count() == 1


def test_chatbot_report_by_address_during_planned_works(register, supervisor):
    now = timezone.now()
    outage = outage_plan(
        actor=supervisor,
        data=OutageInput(
            cause="planned_repair",
            voltage_level="NN",
            areas=[
                AreaInput(
                    settlement_id=register["kazan"].pk,
                    street_id=register["streets"]["zelenaya"].pk,
                )
            ],
            planned_start=now
            + timedelta(minutes=5),  # dispatch has not marked the start
            planned_end=now + timedelta(hours=4),
        ),
    )
    response = api_client().post_json(
        f"{BASE}/power-reports",
        {
            "channel": "chatbot",
            "address": "зеленая 2",
            "contact_name": "Гость",
            "contact_phone": "+79170002233",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["outage"]["id"] == outage.pk
    assert "плановые работы" in response.json()["answer"]


def test_someone_elses_point_of_supply_is_not_found(consumer, other_consumer, storm):
    point = other_consumer.consumer.accounts.first().supply_points.first()
    response = api_client(consumer).post_json(
        f"{BASE}/power-reports", {"channel": "mobile_app", "supply_point_id": point.pk}
    )
    assert response.status_code == 404
    assert PowerReport.objects.count() == 0


def test_outage_lookup_api_on_messy_input(register, storm):
    response = api_client().get(f"{BASE}/outages/lookup", {"q": "ул Бауманa, д 7"})
    assert response.status_code == 200
    place = response.json()["places"][0]
    assert place["building_id"] == register["buildings"]["baumana_7"].pk
    assert [o["id"] for o in place["outages"]] == [storm.pk]


# ---- dispatch and suggestions ------------------------------------------------------


def _report(address: str, phone: str) -> Any:
    return Client().post(
        "/outages/report/",
        {"address": address, "contact_name": "Ж", "contact_phone": phone},
    )


def test_reports_close_together_raise_a_suggestion_that_opens_an_outage(
    register, supervisor
):
    for i, address in enumerate(["Пушкина 5", "Казань Пушкина", "ул. Пушкина, д. 5"]):
        _report(address, f"+7917000300{i}")
    suggestion = OutageSuggestion.objects.get()
    assert (
        suggestion.report_count == 3
        and suggestion.street == register["streets"]["pushkina"]
    )
    client = _login(supervisor)
    assert "Пушкина" in client.get("/staff/outages/dispatch/").content.decode()
    response = client.post(
        f"/staff/outages/suggestions/{suggestion.pk}/", {"action": "open"}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    outage = suggestion.outage
    assert suggestion.status == "accepted" and outage.status == "in_progress"
    assert set(PowerReport.objects.values_list("outage_id", flat=True)) == {outage.pk}
    assert Appeal.objects.filter(power_report__outage=outage).count() == 3


def test_an_outage_opened_later_collects_the_waiting_reports(register, supervisor):
    _report("Казань, Ленина 4", "+79170004000")
    outage = outage_register_unplanned(
        actor=supervisor,
        data=OutageInput(
            cause="weather",
            voltage_level="SN2",
            areas=[
                AreaInput(
                    settlement_id=register["kazan"].pk,
                    street_id=register["streets"]["lenina"].pk,
                )
            ],
        ),
    )
    assert PowerReport.objects.get().outage_id == outage.pk
    assert PowerReport.objects.get().link_source == "outage_opened"


# ---- staff grouping: storm mode ----------------------------------------------------


@pytest.fixture
def storm_appeals(consumer, register, storm) -> list[Any]:
    point = consumer.consumer.accounts.first().supply_points.first()
    _login(consumer).post(
        "/outages/report/",
        {
            "supply_point": point.pk,
            "contact_name": "Иванова",
            "contact_phone": "+79170000001",
        },
    )
    for i, number in enumerate(["3", "5", "7"]):
        _report(f"Баумана {number}", f"+7917000500{i}")
    _report("Пушкина 5", "+79170006000")  # another place, no outage: stays apart
    return list(Appeal.objects.filter(power_report__outage=storm).order_by("pk"))


def test_staff_see_appeals_grouped_by_outage(storm, storm_appeals, operator):
    client = _login(operator)
    listing = client.get("/staff/outages/storm/").content.decode()
    assert f"№ {storm.pk}" in listing
    assert "<strong>4</strong>" in listing  # open appeals of the outage
    detail = client.get(f"/staff/outages/{storm.pk}/storm/").content.decode()
    for appeal in storm_appeals:
        assert appeal.number in detail
    assert "Пушкина" not in detail


def test_storm_mode_answers_and_closes_all_with_one_message(
    storm, storm_appeals, operator, consumer, django_capture_on_commit_callbacks
):
    storm = outage_restore(actor=None, outage=storm)
    client = _login(operator)
    form = client.get(f"/staff/outages/{storm.pk}/storm/").content.decode()
    assert "Электроснабжение восстановлено" in form  # the suggested text
    text = "Электроснабжение восстановлено. Приносим извинения."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/outages/{storm.pk}/storm/", {"text": text, "close": "on"}
        )
    assert response.status_code == 302
    for appeal in storm_appeals:
        appeal.refresh_from_db()
        assert (appeal.status, appeal.answer_text) == ("closed", text)
        assert appeal.events.filter(action="answered").count() == 1
    other = Appeal.objects.exclude(pk__in=[a.pk for a in storm_appeals]).get()
    assert other.status == "registered"
    # The consumer heard the answer in the personal account.
    assert (
        Notification.objects.filter(
            recipient=consumer, event="appeal_answered", channel="in_app"
        ).count()
        == 1
    )
    # Running it again finds nothing left to do.
    again = client.post(
        f"/staff/outages/{storm.pk}/storm/", {"text": text, "close": "on"}
    )
    assert again.status_code == 302
    assert (
        Appeal.objects.filter(power_report__outage=storm, status="closed").count() == 4
    )


def test_storm_mode_is_refused_to_those_who_may_not_answer(
    storm, storm_appeals, analyst, specialist
):
    analyst_client = _login(analyst)
    assert (
        analyst_client.post(
            f"/staff/outages/{storm.pk}/storm/", {"text": "x", "close": "on"}
        ).status_code
        == 403
    )
    # A metering specialist does not see reliability appeals: nothing is answered.
    _login(specialist).post(
        f"/staff/outages/{storm.pk}/storm/", {"text": "x", "close": "on"}
    )
    assert set(Appeal.objects.values_list("status", flat=True)) == {"registered"}
