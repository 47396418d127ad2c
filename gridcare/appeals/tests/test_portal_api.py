"""The consumer's appeal operations over the API (the mobile app): a complaint is
marked as such, a low rating needs a reason, and another consumer reaches none of it
(every endpoint is walked in test_api_access.py)."""

import pytest

from gridcare.api.testing import BASE, api_client
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import appeal_answer

pytestmark = pytest.mark.django_db

URL = f"{BASE}/appeals"


def test_complaint_from_the_mobile_app_is_marked(consumer, other_consumer):
    client = api_client(consumer)
    response = client.post_json(
        URL,
        {
            "category": "service_quality",
            "topic": "general",
            "kind": "complaint",
            "text": "В офисе не приняли заявление.",
            "address_text": "Казань, ул. Баумана, 1",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["channel"], body["kind"], body["status"]) == (
        "mobile_app",
        "complaint",
        "registered",
    )
    assert body["number"] == Appeal.objects.get().number
    listing = client.get(URL).json()
    assert [(i["number"], i["kind"]) for i in listing["items"]] == [
        (body["number"], "complaint")
    ]
    assert api_client(other_consumer).get(URL).json()["count"] == 0
    assert api_client(other_consumer).get(f"{URL}/{body['id']}").status_code == 404


def test_low_rating_without_reason_is_refused_with_a_russian_error(
    make_appeal, consumer, specialist
):
    appeal = make_appeal()
    appeal_answer(actor=specialist, appeal=appeal, text="Заменим счётчик.")
    client = api_client(consumer)
    refused = client.post_json(f"{URL}/{appeal.pk}/rating", {"rating": 1})
    assert refused.status_code == 400
    assert refused.json() == {
        "error": {
            "code": "rating_reason_required",
            "message": "Напишите, что было не так: при оценке 3 и ниже причина "
            "обязательна.",
            "details": None,
        }
    }
    appeal.refresh_from_db()
    assert appeal.rating is None
    rated = client.post_json(
        f"{URL}/{appeal.pk}/rating", {"rating": 3, "comment": "Долго ждал."}
    )
    assert rated.status_code == 200
    assert (rated.json()["rating"], rated.json()["rating_comment"]) == (
        3,
        "Долго ждал.",
    )


def test_other_consumer_cannot_rate_or_withdraw(
    make_appeal, other_consumer, specialist
):
    appeal = make_appeal()
    appeal_answer(actor=specialist, appeal=appeal, text="Ответ.")
    client = api_client(other_consumer)
    for action, body in (("rating", {"rating": 5}), ("withdraw", {"reason": ""})):
        response = client.post_json(f"{URL}/{appeal.pk}/{action}", body)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating) == ("answered", None)
