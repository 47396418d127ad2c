"""Ordering a service: an appeal of kind service_request is registered with a number,
the order keeps the catalogue's price and term, bad input changes nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gridcare.appeals.codes import Category, Channel, Kind, ServiceRequestType, Topic
from gridcare.appeals.codes import Status as AppealStatus
from gridcare.appeals.models import Appeal
from gridcare.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from gridcare.notifications.models import Notification
from gridcare.service_requests.models import Service, ServiceOrder
from gridcare.service_requests.tests.conftest import on, order_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 3)  # a Tuesday


def _counts() -> tuple[int, int]:
    return Appeal.objects.count(), ServiceOrder.objects.count()


@time_machine.travel(on(TODAY), tick=False)
def test_order_registers_a_service_request_appeal_with_a_number(consumer):
    order = order_for(
        consumer,
        "meter-replacement-1ph",
        preferred_from=TODAY + timedelta(days=2),
        preferred_to=TODAY + timedelta(days=9),
    )
    appeal = order.appeal
    assert appeal.number == "26-0000001"
    assert appeal.status == AppealStatus.REGISTERED
    assert appeal.kind == Kind.SERVICE_REQUEST
    assert appeal.has_service_request is True
    assert appeal.category == Category.METERING
    assert appeal.topic == Topic.METERING
    assert appeal.service_request_type == ServiceRequestType.METERING
    assert appeal.channel == Channel.PERSONAL_ACCOUNT
    assert appeal.consumer == consumer.consumer
    assert appeal.subject == "Заявка на услугу: Замена однофазного прибора учёта"
    assert appeal.text == (
        "Заявка на услугу «Замена однофазного прибора учёта» (код "
        "meter-replacement-1ph).\nЛицевой счёт: 1600000001.\n"
        "Желаемые даты: с 05.03.2026 по 12.03.2026.\n"
        "Комментарий: Позвоните за час до приезда."
    )
    assert order.status == ServiceOrder.Status.ORDERED
    assert order.number == "26-0000001"
    assert (order.unit_price, order.price_includes_vat) == (Decimal("1850.00"), True)
    assert (order.term_working_days, order.service_version) == (10, 1)
    assert order.supply_point.code == "SP-1600000001"
    assert list(order.events.values_list("action", "to_status")) == [
        ("ordered", "ordered")
    ]


@time_machine.travel(on(TODAY), tick=False)
def test_editing_the_catalogue_later_does_not_change_the_order(consumer):
    order = order_for(consumer)
    Service.objects.filter(code="meter-sealing").update(
        price=Decimal("1200.00"), term_working_days=7, version=2
    )
    order.refresh_from_db()
    assert (order.unit_price, order.term_working_days, order.service_version) == (
        Decimal("950.00"),
        5,
        1,
    )


def test_order_tells_the_consumer_by_email_that_it_is_registered(
    consumer, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = order_for(consumer)
    sent = mail.to("ivanova@example.ru")
    assert len(sent) == 1
    assert order.appeal.number in sent[0]["Subject"]
    assert Notification.objects.filter(event="appeal_registered").count() == 2


def test_attachments_are_stored_on_the_appeal(consumer):
    photo = SimpleUploadedFile(
        "meter.pdf",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        content_type="application/pdf",
    )
    order = order_for(consumer, files=[photo])
    assert [a.original_name for a in order.appeal.attachments.all()] == ["meter.pdf"]


def test_another_consumers_account_is_not_found_and_nothing_changes(
    consumer, other_consumer
):
    before = _counts()
    foreign = other_consumer.consumer.accounts.get()
    with pytest.raises(NotFoundError):
        order_for(consumer, consumer_account_id=foreign.pk, supply_point_id=None)
    with pytest.raises(NotFoundError):
        order_for(consumer, supply_point_id=foreign.supply_points.get().pk)
    assert _counts() == before


def test_refuses_a_service_for_legal_entities_to_an_individual(consumer):
    with pytest.raises(ApplicationError) as refused:
        order_for(consumer, "temporary-disconnect-for-works")
    assert (
        refused.value.message == "Эту услугу заказывают только юридические лица и ИП."
    )
    assert _counts() == (0, 0)


def test_refuses_an_inactive_or_unpublished_service(consumer):
    Service.objects.filter(code="meter-sealing").update(is_active=False)
    with pytest.raises(ApplicationError) as refused:
        order_for(consumer)
    assert refused.value.code == "service_inactive"
    Service.objects.filter(code="meter-sealing").update(published_at=None)
    with pytest.raises(NotFoundError):
        order_for(consumer)
    assert _counts() == (0, 0)


@time_machine.travel(on(TODAY), tick=False)
def test_refuses_past_or_reversed_preferred_dates(consumer):
    with pytest.raises(ApplicationError) as past:
        order_for(consumer, preferred_from=TODAY - timedelta(days=1))
    assert past.value.message == "Желаемая дата не может быть в прошлом."
    with pytest.raises(ApplicationError) as reversed_:
        order_for(
            consumer,
            preferred_from=TODAY + timedelta(days=5),
            preferred_to=TODAY + timedelta(days=2),
        )
    assert reversed_.value.message == "Дата «по» раньше даты «с»."
    assert _counts() == (0, 0)


def test_staff_cannot_order_as_a_consumer(operator):
    with pytest.raises(PermissionDeniedError):
        from gridcare.service_requests.services import (
            ServiceOrderInput,
            service_order_create,
        )

        service_order_create(
            actor=operator,
            data=ServiceOrderInput(service_code="meter-sealing", consumer_account_id=1),
        )
