"""API: the wizard (draft → documents → filing), the status, both calculators
without login, refusals in the common error shape."""

from decimal import Decimal

import pytest

from gridcare.accounts.models import ApiToken
from gridcare.grid_connections.models import ConnectionApplication
from gridcare.grid_connections.tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
BASE = "/api/v1/grid-connections"


@pytest.fixture
def auth(consumer):
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=consumer, name="app", key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_wizard_through_the_api(client, auth, street):
    response = client.post(
        f"{BASE}/applications",
        {
            "category": "individual_15",
            "applicant_kind": "individual",
            "object_name": "Жилой дом",
            "settlement_id": street.settlement_id,
            "object_address": "участок 5",
            "distance_to_grid_m": 80,
            "requested_power_kw": "15",
            "voltage": "0.4",
            "reliability_category": "3",
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
        **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["number"] is None
    assert (
        "Приложите документ: План расположения энергопринимающих устройств."
        in body["problems"]
    )
    # A retry with the same key does not create a second draft.
    again = client.post(
        f"{BASE}/applications",
        {
            "category": "individual_15",
            "applicant_kind": "individual",
            "object_name": "Жилой дом",
            "settlement_id": street.settlement_id,
            "object_address": "участок 5",
            "distance_to_grid_m": 80,
            "requested_power_kw": "15",
            "voltage": "0.4",
            "reliability_category": "3",
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
        **auth,
    )
    assert again.json()["id"] == body["id"]
    assert ConnectionApplication.objects.count() == 1
    app_id = body["id"]
    refused = client.post(
        f"{BASE}/applications/{app_id}/submit",
        {"consent": True},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "application_incomplete"
    assert any("Подтвердите" in p for p in error["details"]["problems"])
    client.patch(
        f"{BASE}/applications/{app_id}",
        {"household_use_confirmed": True},
        content_type="application/json",
        **auth,
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    for code in ("site_plan", "title_document"):
        uploaded = client.post(
            f"{BASE}/applications/{app_id}/files",
            {
                "requirement_code": code,
                "file": SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
            },
            **auth,
        )
        assert uploaded.status_code == 201, uploaded.content
    filed = client.post(
        f"{BASE}/applications/{app_id}/submit",
        {"consent": True},
        content_type="application/json",
        **auth,
    )
    assert filed.status_code == 200, filed.content
    status = client.get(f"{BASE}/applications/{app_id}", **auth).json()
    assert status["status"] == "submitted" and status["number"].startswith("ТП-")
    assert [s["code"] for s in status["stages"]] == [
        "receipt",
        "offer",
        "contract",
        "fulfilment",
        "connection",
        "documents",
    ]
    assert status["stages"][1]["due_at"] and status["next_party"] == "grid_company"
    pdf = client.get(status["documents"][0]["url"], **auth)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_status_of_someone_else_is_not_found(client, auth, make_filed, other_consumer):
    application = make_filed(user=other_consumer) if False else make_filed()
    application.consumer = other_consumer.consumer
    application.save(update_fields=["consumer"])
    response = client.get(f"{BASE}/applications/{application.pk}", **auth)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_calculators_need_no_login(client):
    cost = client.post(
        f"{BASE}/calculators/cost",
        {
            "category": "individual_15",
            "requested_kw": "15",
            "voltage": "0.4",
            "distance_m": 100,
            "on": "2026-06-01",
            "lines": [{"voltage": "0.4", "line_type": "overhead", "length_km": "0.1"}],
        },
        content_type="application/json",
    )
    assert cost.status_code == 200, cost.content
    body = cost.json()
    assert Decimal(body["fee_total"]) == Decimal("114000.00")
    assert body["basis"] == "preferential" and body["has_sample_rates"]
    power = client.post(
        f"{BASE}/calculators/power",
        {
            "items": [{"quantity": 1, "name": "Котёл", "power_kw": "9"}],
            "simultaneity": "0.8",
        },
        content_type="application/json",
    )
    assert power.status_code == 200
    assert power.json()["recommended_kw"] == 8
    catalogue = client.get(f"{BASE}/appliances").json()
    assert any(a["name"] == "Электроплита" for a in catalogue["appliances"])
    docs = client.get(
        f"{BASE}/document-requirements",
        {"category": "business_150", "applicant_kind": "legal_entity"},
    )
    assert "egrul_extract" in [d["code"] for d in docs.json()]
    bad = client.post(
        f"{BASE}/calculators/cost",
        {"category": "nobody", "requested_kw": "1", "voltage": "0.4"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "category" in bad.json()["error"]["message"]


def test_wizard_needs_login(client):
    assert client.get(f"{BASE}/applications").status_code == 401


def test_draft_with_null_choices_keeps_the_defaults(client, auth):
    # Found by schemathesis: null category/kind/reliability broke a database check
    # constraint (500); an empty choice that is never blank keeps its default.
    response = client.post(
        f"{BASE}/applications",
        {"category": None, "applicant_kind": None, "reliability_category": None},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-null",
        **auth,
    )
    assert response.status_code == 201, response.content
    application = ConnectionApplication.objects.get(pk=response.json()["id"])
    assert (
        application.category,
        application.applicant_kind,
        application.reliability_category,
    ) == ("individual_15", "individual", "3")
