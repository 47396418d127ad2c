"""Remote service centres: queues by consumer kind, assignment by competence and
capacity, least-loaded first; the staff page shows each specialist's load."""

from typing import Any

import pytest
from django.test import Client

from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.conftest import PASSWORD
from gridcare.consumers.models import Consumer, ConsumerKind
from gridcare.written_channels.models import RemoteAssignment, RemoteQueue
from gridcare.written_channels.services.remote import (
    remote_queue_assign_waiting,
    remote_queue_enqueue,
)

pytestmark = pytest.mark.django_db


def _appeal(office: Any, topic: str = Topic.GENERAL, consumer: Any = None) -> Appeal:
    return appeal_receive(
        actor=None,
        data=AppealInput(
            channel=Channel.EMAIL,
            category=Category.OTHER,
            topic=topic,
            text="Текст обращения.",
            contact_name="Заявитель",
            contact_email="someone@example.ru",
            answer_channel=AnswerChannel.EMAIL,
            consumer=consumer,
            office=office,
        ),
    )


def _enqueue(centre: Any, **kwargs: Any) -> RemoteAssignment:
    return remote_queue_enqueue(appeal=_appeal(centre, **kwargs), office=centre)  # type: ignore[return-value]


def test_least_loaded_fitting_specialist_gets_it(
    centre: Any, centre_staff: Any
) -> None:
    anna, boris = centre_staff["anna"].user, centre_staff["boris"].user

    first = _enqueue(centre, topic=Topic.GENERAL)
    second = _enqueue(centre, topic=Topic.GENERAL)
    metering = _enqueue(centre, topic=Topic.METERING)

    assert first.assignee == anna  # equal load: lower id first
    assert second.assignee == boris  # anna now has one
    assert metering.assignee == anna  # only anna has the competence
    assert first.appeal.status == "in_work"


def test_capacity_is_respected_and_waiting_ones_assigned_later(
    centre: Any, centre_staff: Any, operator: Any
) -> None:
    anna = centre_staff["anna"].user
    done = [_enqueue(centre, topic=Topic.METERING) for _ in range(3)]

    assert [a.assignee for a in done] == [anna, anna, None]
    waiting = done[2]
    assert waiting.appeal.assignee is None

    from gridcare.appeals.services import appeal_answer

    appeal_answer(actor=anna, appeal=done[0].appeal, text="Ответ.")
    assert remote_queue_assign_waiting() == 1
    waiting.refresh_from_db()
    assert waiting.assignee == anna


def test_legal_entities_go_to_their_queue(centre: Any, centre_staff: Any) -> None:
    company = Consumer.objects.create(
        kind=ConsumerKind.LEGAL_ENTITY, name="ООО «Ромашка»", email="info@romashka.ru"
    )
    assignment = _enqueue(centre, topic=Topic.METERING, consumer=company)
    assert assignment.queue == RemoteQueue.LEGAL_ENTITIES
    assert assignment.assignee == centre_staff["vera"].user


def test_queue_page_shows_load_per_specialist(
    client: Client, centre: Any, centre_staff: Any, supervisor: Any
) -> None:
    for _ in range(3):
        _enqueue(centre, topic=Topic.METERING)
    assert client.login(username=supervisor.email, password=PASSWORD)

    page = client.get("/staff/written/queues/").content.decode()

    assert "Удалённый центр обслуживания (Казань)" in page
    assert "Анна Учётова" in page
    assert "2 / 2" in page
    assert "норма выбрана" in page
    waiting = RemoteAssignment.objects.get(assignee__isnull=True).appeal
    assert waiting.number in page


def test_consumer_may_not_open_the_queue_page(client: Client, consumer: Any) -> None:
    assert client.login(username=consumer.email, password=PASSWORD)
    assert client.get("/staff/written/queues/").status_code == 403
