"""API v1 /service-requests: the public catalogue, the caller's orders, creating with
an Idempotency-Key, cancelling; exact JSON; another consumer gets 404."""

from typing import Any

import pytest

from gridcare.api.testing import BASE, api_client
from gridcare.appeals.models import Appeal
from gridcare.service_requests.models import ServiceOrder
from gridcare.service_requests.tests.conftest import advance

pytestmark = pytest.mark.django_db
URL = f"{BASE}/service-requests"
NBSP = "\u00a0"

SEALING = {
    "code": "meter-sealing",
    "title": "Опломбировка прибора учёта",
    "category": {"code": "metering", "title": "Учёт электроэнергии"},
    "description": "Установка пломб и знаков визуального контроля на прибор учёта и "
    "вводной автомат после ремонта или замены.",
    "unit": "выезд",
    "term_working_days": 5,
    "for_individuals": True,
    "for_legal_entities": True,
    "is_active": True,
    "version": 1,
    "is_sample": True,
    "price": {
        "net": "778.69",
        "vat": "171.31",
        "total": "950.00",
        "vat_rate": "22.00",
        "includes_vat": True,
        "vat_text": f"в т.ч. НДС 22{NBSP}% — 171,31{NBSP}₽",
    },
}


def _stages(states: list[str], at: dict[str, str]) -> list[dict[str, Any]]:
    codes = ["ordered", "invoiced", "paid", "scheduled", "done"]
    labels = [
        "Заявка принята",
        "Счёт выставлен",
        "Оплата получена",
        "Назначены дата и время работ",
        "Услуга оказана",
    ]
    return [
        {"code": code, "label": label, "state": state, "at": at.get(code)}
        for code, label, state in zip(codes, labels, states, strict=True)
    ]


def _order_json(order: ServiceOrder, **changes: Any) -> dict[str, Any]:
    body = {
        "id": order.pk,
        "number": "26-0000001",
        "appeal_id": order.appeal_id,
        "status": "ordered",
        "status_label": "Заявка принята",
        "service_code": "meter-sealing",
        "service_title": "Опломбировка прибора учёта",
        "consumer_account_number": "1600000001",
        "supply_point_code": "SP-1600000001",
        "comment": "Позвоните за час",
        "preferred_from": "2026-03-05",
        "preferred_to": None,
        "ordered_at": "2026-03-03T10:00:00+03:00",
        "unit_price": "950.00",
        "price_includes_vat": True,
        "term_working_days": 5,
        "quantity": 1,
        "invoice_number": "",
        "invoiced_at": None,
        "vat_rate": None,
        "amount_net": None,
        "amount_vat": None,
        "amount_total": None,
        "paid_at": None,
        "due_at": None,
        "scheduled_date": None,
        "window": None,
        "done_at": None,
        "act_number": "",
        "cancelled_at": None,
        "cancelled_by_consumer": False,
        "cancel_reason": "",
        "can_cancel": True,
        "stages": _stages(
            ["current", "ahead", "ahead", "ahead", "ahead"],
            {"ordered": "2026-03-03T10:00:00+03:00"},
        ),
    }
    body.update(changes)
    return body


def _create(user, key: str = "key-1", **payload: Any):
    account = user.consumer.accounts.get()
    body = {
        "service_code": "meter-sealing",
        "consumer_account_id": account.pk,
        "supply_point_id": account.supply_points.get().pk,
        "comment": "Позвоните за час",
        "preferred_from": "2026-03-05",
        **payload,
    }
    return api_client(user).post_json(f"{URL}/orders", body, HTTP_IDEMPOTENCY_KEY=key)


def test_catalogue_is_public_with_exact_prices():
    response = api_client().get(f"{URL}/catalogue", {"q": "опломбировка прибора учёта"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["limit"] == 20 and body["offset"] == 0
    assert [i["code"] for i in body["items"]] == [
        "meter-replacement-1ph",
        "meter-replacement-3ph",
        "meter-sealing",
    ]
    assert body["items"][2] == SEALING


def test_catalogue_categories_and_detail_with_passport():
    categories = api_client().get(f"{URL}/catalogue/categories").json()
    assert categories[0] == {"code": "metering", "title": "Учёт электроэнергии"}
    assert len(categories) == 5
    detail = api_client().get(f"{URL}/catalogue/meter-sealing").json()
    passport = detail.pop("passport")
    assert detail == SEALING
    assert passport["fields"][1] == {
        "field": "Круг заявителей",
        "value": "Физические и юридические лица, индивидуальные предприниматели",
    }
    assert passport["stages"][3] == {
        "number": 4,
        "stage": "Выполнение работ",
        "content": "Выезд в согласованные дату и время.",
        "form": "Выезд специалиста",
        "term": "5 рабочих дней со дня оплаты",
        "legal_reference": "",
    }


def test_unknown_service_is_404_in_russian():
    response = api_client().get(f"{URL}/catalogue/nope")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Услуга не найдена.", "details": None}
    }


def test_create_order_returns_exact_json_and_registers_the_appeal(consumer):
    response = _create(consumer)
    assert response.status_code == 201
    order = ServiceOrder.objects.get()
    assert response.json() == _order_json(order)
    assert order.appeal.channel == "mobile_app"
    assert order.appeal.kind == "service_request"


def test_create_is_idempotent(consumer):
    first = _create(consumer)
    again = _create(consumer)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotency-Replayed"] == "true"
    assert (ServiceOrder.objects.count(), Appeal.objects.count()) == (1, 1)
    reused = _create(consumer, comment="другой текст")
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"


def test_create_refuses_another_consumers_account_and_bad_input(
    consumer, other_consumer
):
    foreign = other_consumer.consumer.accounts.get()
    response = _create(
        consumer, key="k2", consumer_account_id=foreign.pk, supply_point_id=None
    )
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "not_found",
            "message": "Лицевой счёт не найден.",
            "details": None,
        }
    }
    past = _create(consumer, key="k3", preferred_from="2026-03-01")
    assert past.status_code == 400
    assert past.json()["error"] == {
        "code": "preferred_date_past",
        "message": "Желаемая дата не может быть в прошлом.",
        "details": None,
    }
    assert ServiceOrder.objects.count() == 0


def test_orders_need_a_token():
    response = api_client().get(f"{URL}/orders")
    assert response.status_code == 401


def test_list_and_detail_show_only_my_orders(consumer, other_consumer, operator):
    _create(consumer)
    order = ServiceOrder.objects.get()
    advance(order, operator, "invoiced")
    order.refresh_from_db()
    mine = api_client(consumer).get(f"{URL}/orders").json()
    expected = _order_json(
        order,
        status="invoiced",
        status_label="Выставлен счёт",
        invoice_number="У-26-0000001",
        invoiced_at="2026-03-03T10:00:00+03:00",
        vat_rate="22.00",
        amount_net="778.69",
        amount_vat="171.31",
        amount_total="950.00",
        stages=_stages(
            ["done", "current", "ahead", "ahead", "ahead"],
            {
                "ordered": "2026-03-03T10:00:00+03:00",
                "invoiced": "2026-03-03T10:00:00+03:00",
            },
        ),
    )
    assert mine == {"count": 1, "limit": 20, "offset": 0, "items": [expected]}
    assert api_client(consumer).get(f"{URL}/orders/{order.pk}").json() == expected
    theirs = api_client(other_consumer)
    assert theirs.get(f"{URL}/orders").json()["count"] == 0
    assert theirs.get(f"{URL}/orders/{order.pk}").status_code == 404
    cancel = theirs.post_json(f"{URL}/orders/{order.pk}/cancel", {})
    assert cancel.status_code == 404
    order.refresh_from_db()
    assert order.status == "invoiced"


def test_cancel_is_idempotent_and_then_refused(consumer):
    _create(consumer)
    order = ServiceOrder.objects.get()
    client = api_client(consumer)
    url = f"{URL}/orders/{order.pk}/cancel"
    first = client.post_json(url, {"reason": "Не нужно"}, HTTP_IDEMPOTENCY_KEY="c1")
    assert first.status_code == 200
    body = first.json()
    assert (body["status"], body["cancel_reason"], body["can_cancel"]) == (
        "cancelled",
        "Не нужно",
        False,
    )
    assert [s["state"] for s in body["stages"]] == [
        "done",
        "skipped",
        "skipped",
        "skipped",
        "skipped",
    ]
    replay = client.post_json(url, {"reason": "Не нужно"}, HTTP_IDEMPOTENCY_KEY="c1")
    assert replay.json() == body
    again = client.post_json(url, {"reason": "Не нужно"}, HTTP_IDEMPOTENCY_KEY="c2")
    assert again.status_code == 409
    assert again.json() == {
        "error": {
            "code": "wrong_status",
            "message": "Заявка в статусе «Отменена»: это действие недоступно.",
            "details": None,
        }
    }
    assert order.events.count() == 2


def test_order_list_query_count_does_not_grow_with_orders(
    consumer, django_assert_max_num_queries
):
    for n in range(3):
        _create(consumer, key=f"many-{n}", comment=f"Заявка {n}")
    client = api_client(consumer)
    with django_assert_max_num_queries(6):
        body = client.get(f"{URL}/orders").json()
    assert body["count"] == 3
