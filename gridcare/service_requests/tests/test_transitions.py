"""Every transition of a service order, its history row, the appeal it moves and the
notice to the consumer; and the refusals in wrong states or for the wrong person."""

from datetime import date, time
from decimal import Decimal

import pytest
import time_machine

from gridcare.appeals.codes import Status as AppealStatus
from gridcare.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from gridcare.notifications.models import Notification
from gridcare.service_requests.models import ServiceOrder
from gridcare.service_requests.services import (
    service_order_cancel,
    service_order_complete,
    service_order_invoice,
    service_order_record_payment,
    service_order_schedule,
)
from gridcare.service_requests.tests.conftest import advance, on

pytestmark = pytest.mark.django_db
S = ServiceOrder.Status
TODAY = date(2026, 3, 3)  # Tuesday, a working day
D = Decimal


def _snapshot(order: ServiceOrder) -> tuple:
    order.refresh_from_db()
    return (order.status, order.events.count(), order.appeal.status)


@time_machine.travel(on(TODAY), tick=False)
def test_full_life_cycle_with_history_appeal_and_notices(
    order, specialist, operator, django_capture_on_commit_callbacks, mail
):
    with django_capture_on_commit_callbacks(execute=True):
        order = service_order_invoice(actor=operator, order=order, quantity=2)
    assert order.status == S.INVOICED
    assert order.invoice_number == "У-26-0000001"
    assert (order.vat_rate, order.amount_net, order.amount_vat, order.amount_total) == (
        D("22.00"),
        D("1557.38"),
        D("342.62"),
        D("1900.00"),
    )
    appeal = order.appeal
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED
    assert appeal.answer_text == (
        "Стоимость услуги «Опломбировка прибора учёта»: 1\u00a0900,00\u00a0₽ "
        "(в т.ч. НДС 22\u00a0% — 342,62\u00a0₽). Счёт № У-26-0000001 выставлен в "
        "личном кабинете. Срок оказания услуги — 5 раб. дн. после оплаты."
    )

    with django_capture_on_commit_callbacks(execute=True):
        order = service_order_record_payment(
            actor=operator, order=order, reference="п/п 15"
        )
    assert order.status == S.PAID
    assert order.payment_reference == "п/п 15"

    with django_capture_on_commit_callbacks(execute=True):
        order = service_order_schedule(
            actor=operator,
            order=order,
            day=date(2026, 3, 5),
            window_start=time(9),
            window_end=time(13),
        )
        order = service_order_schedule(
            actor=operator,
            order=order,
            day=date(2026, 3, 6),
            window_start=time(14),
            window_end=time(17),
        )
    assert (order.status, order.scheduled_date) == (S.SCHEDULED, date(2026, 3, 6))

    with (
        time_machine.travel(on(date(2026, 3, 6), 16), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        order = service_order_complete(actor=operator, order=order, act_number="А-77")
    assert (order.status, order.act_number) == (S.DONE, "А-77")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED

    assert list(order.events.values_list("action", "from_status", "to_status")) == [
        ("ordered", "", "ordered"),
        ("invoiced", "ordered", "invoiced"),
        ("paid", "invoiced", "paid"),
        ("scheduled", "paid", "scheduled"),
        ("rescheduled", "scheduled", "scheduled"),
        ("done", "scheduled", "done"),
    ]
    assert all(e.actor == operator for e in order.events.exclude(action="ordered"))
    bodies = list(
        Notification.objects.filter(channel="in_app", event="appeal_message")
        .order_by("pk")
        .values_list("body", flat=True)
    )
    assert bodies == [
        "Сообщение по обращению № 26-0000001: Оплата по заявке на услугу "
        "«Опломбировка прибора учёта» получена. Услугу окажем до 11.03.2026; о дате "
        "и времени работ сообщим.",
        "Сообщение по обращению № 26-0000001: Работы по заявке на услугу "
        "«Опломбировка прибора учёта» назначены на 05.03.2026 с 09:00 до 13:00.",
        "Сообщение по обращению № 26-0000001: Работы по заявке на услугу "
        "«Опломбировка прибора учёта» назначены на 06.03.2026 с 14:00 до 17:00.",
        "Сообщение по обращению № 26-0000001: Услуга «Опломбировка прибора учёта» "
        "оказана, акт № А-77.",
    ]
    assert (
        Notification.objects.filter(channel="in_app", event="appeal_answered").count()
        == 1
    )
    assert len(mail.to("ivanova@example.ru")) == 5


@time_machine.travel(on(TODAY), tick=False)
@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("ordered", "pay"),
        ("ordered", "schedule"),
        ("ordered", "complete"),
        ("invoiced", "invoice"),
        ("invoiced", "schedule"),
        ("paid", "invoice"),
        ("paid", "complete"),
        ("scheduled", "pay"),
    ],
)
def test_refuses_a_transition_in_a_wrong_state_and_changes_nothing(
    order, operator, status, action
):
    if status != "ordered":
        order = advance(order, operator, status)
    before = _snapshot(order)
    calls = {
        "invoice": lambda: service_order_invoice(actor=operator, order=order),
        "pay": lambda: service_order_record_payment(actor=operator, order=order),
        "schedule": lambda: service_order_schedule(
            actor=operator,
            order=order,
            day=date(2026, 3, 4),
            window_start=time(9),
            window_end=time(12),
        ),
        "complete": lambda: service_order_complete(
            actor=operator, order=order, act_number="А-1"
        ),
    }
    with pytest.raises(ConflictError) as refused:
        calls[action]()
    assert refused.value.code == "wrong_status"
    assert _snapshot(order) == before


@time_machine.travel(on(TODAY), tick=False)
def test_final_states_refuse_everything(order, operator, consumer):
    order = service_order_cancel(actor=operator, order=order, reason="Дубль заявки")
    for act in (
        lambda: service_order_invoice(actor=operator, order=order),
        lambda: service_order_cancel(actor=consumer, order=order),
        lambda: service_order_cancel(actor=operator, order=order, reason="ещё раз"),
    ):
        with pytest.raises(ConflictError):
            act()
    assert order.events.count() == 2


@time_machine.travel(on(TODAY), tick=False)
def test_consumer_and_analyst_may_not_run_staff_transitions(order, consumer, analyst):
    for actor in (consumer, analyst):
        with pytest.raises(PermissionDeniedError):
            service_order_invoice(actor=actor, order=order)
    assert _snapshot(order)[:2] == (S.ORDERED, 1)


@time_machine.travel(on(TODAY), tick=False)
def test_consumer_cancels_before_the_invoice_and_the_appeal_is_withdrawn(
    order, consumer
):
    order = service_order_cancel(actor=consumer, order=order, reason="Передумала")
    assert (order.status, order.cancelled_by_consumer) == (S.CANCELLED, True)
    order.appeal.refresh_from_db()
    assert order.appeal.status == AppealStatus.WITHDRAWN
    assert order.events.last().details == {
        "by_consumer": True,
        "reason": "Передумала",
    }


@time_machine.travel(on(TODAY, 8), tick=False)
def test_consumer_may_cancel_a_scheduled_visit_until_it_starts(
    make_order, consumer, operator
):
    early = advance(make_order(), operator, "scheduled")  # today 09:00–23:30
    early = service_order_cancel(actor=consumer, order=early)
    assert early.status == S.CANCELLED
    started = advance(make_order(), operator, "scheduled")
    with (
        time_machine.travel(on(TODAY, 10), tick=False),
        pytest.raises(ConflictError) as refused,
    ):
        service_order_cancel(actor=consumer, order=started)
    assert refused.value.message == (
        "Работы уже начались: отменить заявку можно через сотрудника."
    )
    assert _snapshot(started)[0] == S.SCHEDULED


@time_machine.travel(on(TODAY), tick=False)
def test_staff_cancel_needs_a_reason_and_closes_the_appeal(order, operator):
    with pytest.raises(ApplicationError) as refused:
        service_order_cancel(actor=operator, order=order, reason="  ")
    assert refused.value.code == "reason_required"
    order = service_order_cancel(
        actor=operator, order=order, reason="Нет технической возможности"
    )
    order.appeal.refresh_from_db()
    assert order.appeal.status == AppealStatus.CLOSED
    assert order.appeal.answer_text == (
        "Заявка на услугу «Опломбировка прибора учёта» отменена. Причина: Нет "
        "технической возможности"
    )


@time_machine.travel(on(TODAY), tick=False)
def test_another_consumer_cannot_cancel(order, other_consumer):
    with pytest.raises(PermissionDeniedError):
        service_order_cancel(actor=other_consumer, order=order)
    assert _snapshot(order)[0] == S.ORDERED


@time_machine.travel(on(TODAY), tick=False)
def test_schedule_refuses_past_days_holidays_and_empty_windows(order, operator):
    order = advance(order, operator, "paid")
    cases = [
        (date(2026, 3, 2), time(9), time(12), "schedule_past"),
        (date(2026, 3, 7), time(9), time(12), "schedule_non_working_day"),
        (date(2026, 3, 4), time(12), time(12), "schedule_window_invalid"),
    ]
    for day, start, end, code in cases:
        with pytest.raises(ApplicationError) as refused:
            service_order_schedule(
                actor=operator, order=order, day=day, window_start=start, window_end=end
            )
        assert refused.value.code == code
    assert _snapshot(order)[0] == S.PAID


@time_machine.travel(on(TODAY), tick=False)
def test_payment_date_may_not_be_in_the_future_or_before_the_invoice(order, operator):
    order = advance(order, operator, "invoiced")
    for paid_on, code in (
        (date(2026, 3, 4), "paid_on_future"),
        (date(2026, 3, 2), "paid_on_before_invoice"),
    ):
        with pytest.raises(ApplicationError) as refused:
            service_order_record_payment(actor=operator, order=order, paid_on=paid_on)
        assert refused.value.code == code
    assert _snapshot(order)[0] == S.INVOICED


@time_machine.travel(on(TODAY), tick=False)
def test_completion_needs_the_act_and_the_visit_day(order, operator):
    order = advance(order, operator, "paid")
    order = service_order_schedule(
        actor=operator,
        order=order,
        day=date(2026, 3, 5),
        window_start=time(9),
        window_end=time(12),
    )
    with pytest.raises(ApplicationError) as no_act:
        service_order_complete(actor=operator, order=order, act_number=" ")
    assert no_act.value.code == "act_number_required"
    with pytest.raises(ConflictError) as too_early:
        service_order_complete(actor=operator, order=order, act_number="А-1")
    assert too_early.value.code == "done_before_visit"
    assert _snapshot(order)[0] == S.SCHEDULED


@time_machine.travel(on(TODAY), tick=False)
def test_invoice_quantity_is_checked(order, operator):
    for quantity in (0, 101):
        with pytest.raises(ApplicationError) as refused:
            service_order_invoice(actor=operator, order=order, quantity=quantity)
        assert refused.value.code == "quantity_invalid"
    assert _snapshot(order)[0] == S.ORDERED
