"""Who reaches which appeal: consumers only their own, specialists their competence and
branch, supervisors their branch, analysts everything read-only."""

import pytest

from gridcare.appeals.codes import Category, Topic
from gridcare.appeals.selectors import (
    QueueFilters,
    appeal_get_for_user,
    appeal_list_for_queue,
)
from gridcare.appeals.services import appeal_answer, appeal_assign, appeal_note_add
from gridcare.core.errors import NotFoundError, PermissionDeniedError

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeals(make_appeal, other_branch, remote_specialist):
    """One metering appeal and one ТП appeal in Kazan, one metering appeal elsewhere."""
    from gridcare.appeals.models import Appeal

    metering = make_appeal()
    connection = make_appeal(
        category=Category.CONNECTION,
        topic=Topic.CONNECTION,
        text="Когда подключат дом?",
    )
    elsewhere = make_appeal()
    Appeal.objects.filter(pk=elsewhere.pk).update(branch=other_branch)
    return {"metering": metering, "connection": connection, "elsewhere": elsewhere}


def _queue(user) -> set[int]:
    return set(
        appeal_list_for_queue(user=user, filters=QueueFilters()).values_list(
            "pk", flat=True
        )
    )


def test_consumer_never_reaches_another_consumers_appeal(
    appeals, other_consumer, consumer
):
    for appeal in appeals.values():
        with pytest.raises(NotFoundError):
            appeal_get_for_user(user=other_consumer, appeal_id=appeal.pk)
        assert appeal_get_for_user(user=consumer, appeal_id=appeal.pk) == appeal


def test_specialist_sees_only_own_competence_and_branch(
    appeals, specialist, other_specialist, remote_specialist
):
    assert _queue(specialist) == {appeals["metering"].pk}
    assert _queue(other_specialist) == {appeals["connection"].pk}
    assert _queue(remote_specialist) == {appeals["elsewhere"].pk}
    with pytest.raises(NotFoundError):
        appeal_get_for_user(user=specialist, appeal_id=appeals["connection"].pk)


def test_assigned_appeal_is_visible_to_its_assignee(
    appeals, supervisor, other_specialist
):
    appeal_assign(
        actor=supervisor, appeal=appeals["metering"], assignee=other_specialist
    )
    assert appeals["metering"].pk in _queue(other_specialist)


def test_supervisor_sees_every_topic_of_the_branch(appeals, supervisor):
    assert _queue(supervisor) == {appeals["metering"].pk, appeals["connection"].pk}


def test_operator_and_analyst_see_all_branches(appeals, operator, analyst):
    everything = {a.pk for a in appeals.values()}
    assert _queue(operator) == everything
    assert _queue(analyst) == everything


def test_analyst_cannot_change_anything(appeals, analyst):
    appeal = appeal_get_for_user(user=analyst, appeal_id=appeals["metering"].pk)
    before = (appeal.status, appeal.events.count())
    for service, kwargs in [
        (appeal_answer, {"text": "Ответ"}),
        (appeal_note_add, {"text": "Заметка"}),
        (appeal_assign, {"assignee": analyst}),
    ]:
        with pytest.raises(PermissionDeniedError):
            service(actor=analyst, appeal=appeal, **kwargs)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.events.count()) == before


def test_specialist_cannot_assign_to_someone_else(
    appeals, specialist, other_specialist
):
    with pytest.raises(PermissionDeniedError):
        appeal_assign(
            actor=specialist, appeal=appeals["metering"], assignee=other_specialist
        )


def test_inactive_staff_sees_nothing(appeals, specialist):
    specialist.is_active = False
    specialist.save()
    assert _queue(specialist) == set()


def test_search_by_number_phone_and_name(appeals, supervisor):
    metering = appeals["metering"]

    def found(query: str) -> set[int]:
        return set(
            appeal_list_for_queue(
                user=supervisor, filters=QueueFilters(query=query)
            ).values_list("pk", flat=True)
        )

    assert found(metering.number) == {metering.pk}
    assert metering.pk in found("8 917 000-00-01")
    assert metering.pk in found("иванова анна")
    assert found("несуществующий") == set()
