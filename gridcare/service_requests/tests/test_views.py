"""Portal and back-office pages: ordering through the form, the consumer's list and
detail with the stage timeline, cancelling, another consumer's order (404), the staff
queue and card with its transitions, and who is refused."""

import pytest

from gridcare.conftest import PASSWORD
from gridcare.service_requests.models import ServiceOrder
from gridcare.service_requests.tests.conftest import advance

pytestmark = pytest.mark.django_db
S = ServiceOrder.Status


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def _point_choice(user) -> str:
    account = user.consumer.accounts.get()
    return f"{account.pk}:{account.supply_points.get().pk}"


def test_consumer_orders_through_the_form(client, consumer):
    _login(client, consumer)
    form = client.get("/services/meter-sealing/order/")
    assert form.status_code == 200
    assert "1600000001 — " in form.content.decode()
    response = client.post(
        "/services/meter-sealing/order/",
        {
            "supply_point": _point_choice(consumer),
            "preferred_from": "2026-03-05",
            "preferred_to": "2026-03-06",
            "comment": "Собака во дворе, позвоните.",
        },
    )
    order = ServiceOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/services/orders/{order.pk}/"
    assert order.comment == "Собака во дворе, позвоните."
    page = client.get(response["Location"]).content.decode()
    assert "Заявка принята и зарегистрирована под № 26-0000001." in page
    assert 'id="status">Заявка принята</span>' in page
    assert 'data-stage="ordered"' in page and "5 рабочих дней после оплаты" in page


def test_form_errors_are_shown_and_nothing_is_created(client, consumer):
    _login(client, consumer)
    response = client.post(
        "/services/meter-sealing/order/",
        {
            "supply_point": _point_choice(consumer),
            "preferred_from": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert "Желаемая дата не может быть в прошлом." in response.content.decode()
    bad = client.post("/services/meter-sealing/order/", {"supply_point": "999:999"})
    assert "Выберите корректный вариант" in bad.content.decode()
    assert ServiceOrder.objects.count() == 0


def test_anonymous_is_sent_to_login_from_the_order_form(client):
    response = client.get("/services/meter-sealing/order/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_my_orders_list_shows_only_my_orders(
    client, make_order, consumer, other_consumer
):
    mine = make_order()
    make_order(user=other_consumer, code="meter-replacement-1ph")
    html = _login(client, consumer).get("/services/orders/").content.decode()
    assert f'href="/services/orders/{mine.pk}/"' in html
    assert "Опломбировка прибора учёта" in html
    assert "Замена однофазного прибора учёта" not in html


def test_another_consumers_order_page_and_cancel_are_404(client, order, other_consumer):
    _login(client, other_consumer)
    assert client.get(f"/services/orders/{order.pk}/").status_code == 404
    assert client.post(f"/services/orders/{order.pk}/cancel/").status_code == 404
    order.refresh_from_db()
    assert order.status == S.ORDERED


def test_consumer_cancels_from_the_detail_page(client, order, consumer):
    _login(client, consumer)
    assert (
        "Отменить заявку"
        in client.get(f"/services/orders/{order.pk}/").content.decode()
    )
    response = client.post(
        f"/services/orders/{order.pk}/cancel/", {"reason": "Сделали сами"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == (S.CANCELLED, "Сделали сами")
    page = client.get(f"/services/orders/{order.pk}/").content.decode()
    assert "Заявка отменена." in page
    assert "Отменить заявку</summary>" not in page


def test_detail_shows_invoice_with_vat(client, order, consumer, operator):
    advance(order, operator, "invoiced")
    html = (
        _login(client, consumer).get(f"/services/orders/{order.pk}/").content.decode()
    )
    assert "НДС 22\u00a0%" in html
    assert "171,31\u00a0₽" in html and "778,69\u00a0₽" in html
    assert "<strong>950,00\u00a0₽</strong>" in html


def test_staff_queue_and_card_with_transitions(client, order, operator):
    _login(client, operator)
    queue = client.get("/staff/service-requests/", {"status": "ordered"})
    assert queue.status_code == 200
    assert f'href="/staff/service-requests/{order.pk}/"' in queue.content.decode()
    card = client.get(f"/staff/service-requests/{order.pk}/").content.decode()
    assert 'data-action="invoice"' in card and 'data-action="cancel"' in card
    assert 'data-action="pay"' not in card
    response = client.post(
        f"/staff/service-requests/{order.pk}/invoice/",
        {"invoice-quantity": "1", "invoice-invoice_number": "СЧ-5"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.invoice_number) == (S.INVOICED, "СЧ-5")
    response = client.post(
        f"/staff/service-requests/{order.pk}/pay/",
        {"pay-paid_on": "2026-03-03", "pay-reference": "п/п 1"},
    )
    order.refresh_from_db()
    assert order.status == S.PAID
    wrong = client.post(
        f"/staff/service-requests/{order.pk}/complete/",
        {"complete-act_number": "А-1"},
        follow=True,
    )
    assert "это действие недоступно" in wrong.content.decode()
    order.refresh_from_db()
    assert order.status == S.PAID


def test_staff_schedule_on_a_holiday_shows_the_reason(client, order, operator):
    advance(order, operator, "paid")
    response = _login(client, operator).post(
        f"/staff/service-requests/{order.pk}/schedule/",
        {
            "schedule-day": "2026-03-09",
            "schedule-window_start": "09:00",
            "schedule-window_end": "12:00",
        },
        follow=True,
    )
    assert "09.03.2026 — нерабочий день по производственному календарю." in (
        response.content.decode()
    )
    order.refresh_from_db()
    assert order.status == S.PAID and order.scheduled_date is None


def test_consumer_and_analyst_are_refused_staff_actions(
    client, order, consumer, analyst
):
    assert _login(client, consumer).get("/staff/service-requests/").status_code == 403
    client.logout()
    _login(client, analyst)
    assert client.get(f"/staff/service-requests/{order.pk}/").status_code == 200
    response = client.post(
        f"/staff/service-requests/{order.pk}/invoice/", {"invoice-quantity": "1"}
    )
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == S.ORDERED


def test_unknown_staff_action_is_404(client, order, operator):
    response = _login(client, operator).post(
        f"/staff/service-requests/{order.pk}/explode/"
    )
    assert response.status_code == 404
