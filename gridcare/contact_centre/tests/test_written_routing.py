"""Written appeals of the remote service centres in the routing engine: a work item per
appeal, the centre's queue as the segment skill, the operator's capacity for written
work, the desk's list «Письменные обращения в работе» and «Взять следующее»."""

from collections.abc import Callable

import pytest
from django.test import Client

from gridcare.accounts.models import Role, User
from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import AppealInput, appeal_answer, appeal_receive
from gridcare.conftest import PASSWORD
from gridcare.consumers.models import Consumer, ConsumerKind
from gridcare.contact_centre.models import Interaction, OperatorProfile
from gridcare.contact_centre.services.written import written_take_next
from gridcare.core.errors import ConflictError
from gridcare.offices.models import Office
from gridcare.territory.models import Branch
from gridcare.written_channels.models import (
    RemoteAssignment,
    RemoteCentreMember,
    RemoteQueue,
)
from gridcare.written_channels.services.remote import remote_queue_enqueue

pytestmark = pytest.mark.usefixtures("no_overflow")

MakeOperator = Callable[..., User]


@pytest.fixture
def centre(branch: Branch) -> Office:
    return Office.objects.create(
        kind=Office.Kind.SERVICE_CENTRE,
        name="Удалённый центр обслуживания (Казань)",
        branch=branch,
        address="Казань, ул. Бутлерова, 1",
        opening_hours="пн–пт 8:00–17:00",
        serves_remote_channels=True,
    )


def _appeal(centre: Office, n: int, consumer: Consumer | None = None) -> Appeal:
    appeal = appeal_receive(
        actor=None,
        data=AppealInput(
            channel=Channel.EMAIL,
            category=Category.OTHER,
            topic=Topic.METERING,
            text=f"Письмо {n}.",
            contact_name="Заявитель",
            contact_email=f"writer{n}@example.ru",
            answer_channel=AnswerChannel.EMAIL,
            consumer=consumer,
            office=centre,
        ),
    )
    remote_queue_enqueue(appeal=appeal, office=centre)
    return appeal


def _item(appeal: Appeal) -> Interaction:
    return Interaction.objects.get(kind="appeal", appeal=appeal)


def test_an_appeal_the_centre_gives_is_held_by_its_specialist(
    centre: Office, specialist: User
) -> None:
    RemoteCentreMember.objects.create(
        office=centre, user=specialist, queue=RemoteQueue.INDIVIDUALS, max_open=2
    )
    appeal = _appeal(centre, 1)
    item = _item(appeal)
    assert (item.status, item.operator, item.segment, item.topic) == (
        "active",
        specialist,
        "individual",
        "metering",
    )


def test_a_waiting_appeal_goes_by_segment_and_capacity(
    centre: Office, make_operator: MakeOperator
) -> None:
    company = Consumer.objects.create(
        kind=ConsumerKind.LEGAL_ENTITY, name="ООО «Ромашка»", email="info@romashka.ru"
    )
    individuals = make_operator(
        "Ivan", segments=["individual"], appeal_capacity=1, ready_at=0
    )
    legal = make_operator("Lena", segments=["legal"], appeal_capacity=1, ready_at=0)

    first, second = _appeal(centre, 1), _appeal(centre, 2)
    from_company = _appeal(centre, 3, consumer=company)

    first.refresh_from_db()
    assert (_item(first).operator, first.assignee) == (individuals, individuals)
    assert RemoteAssignment.objects.get(appeal=first).assignee == individuals
    assert (_item(second).status, _item(second).operator) == ("queued", None)
    assert (_item(from_company).segment, _item(from_company).operator) == (
        "legal",
        legal,
    )
    with pytest.raises(ConflictError):
        written_take_next(actor=individuals)  # at capacity

    # Answering the first frees the place: the next waiting one comes.
    appeal_answer(actor=individuals, appeal=first, text="Ответ.")

    assert _item(first).status == "closed"
    second.refresh_from_db()
    assert (_item(second).operator, second.assignee) == (individuals, individuals)


def test_the_desk_lists_written_work_and_takes_the_next(
    centre: Office, make_operator: MakeOperator
) -> None:
    ivan = make_operator("Ivan", segments=["individual"], appeal_capacity=1)
    first, second = _appeal(centre, 1), _appeal(centre, 2)  # nobody working yet
    OperatorProfile.objects.filter(user=ivan).update(appeal_capacity=1)
    client = Client()
    assert client.login(username=ivan.email, password=PASSWORD)

    refused = client.post("/staff/desk/written/next/", follow=True)
    assert "Поставьте статус" in refused.content.decode()

    client.post("/staff/desk/status/", {"status": "ready"})  # takes one at once
    page = client.get("/staff/desk/").content.decode()
    assert "Письменные обращения в работе" in page
    assert first.number in page and second.number not in page

    OperatorProfile.objects.filter(user=ivan).update(appeal_capacity=2)
    taken = client.post("/staff/desk/written/next/", follow=True).content.decode()
    assert f"Вы взяли обращение № {second.number}" in taken
    second.refresh_from_db()
    assert second.assignee == ivan


def test_a_consumer_cannot_take_written_work(consumer: User) -> None:
    assert consumer.role == Role.CONSUMER
    client = Client()
    assert client.login(username=consumer.email, password=PASSWORD)
    assert client.post("/staff/desk/written/next/").status_code in (302, 403)
