"""The staff queue page: who sees what, filters and search, the htmx partial, a
constant query count per page, bulk assignment."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gridcare.appeals.codes import Category, Channel, Kind, Status, Topic
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import appeal_assign

pytestmark = pytest.mark.django_db

QUEUE = reverse("appeals:staff_queue")
BULK = reverse("appeals:staff_bulk_assign")


@pytest.fixture
def appeals(make_appeal, other_branch):
    """A metering and a ТП appeal in Kazan, a metering appeal in another branch."""
    metering = make_appeal()
    connection_appeal = make_appeal(
        category=Category.CONNECTION, topic=Topic.CONNECTION, text="Когда подключат?"
    )
    elsewhere = make_appeal()
    Appeal.objects.filter(pk=elsewhere.pk).update(branch=other_branch)
    return {
        "metering": metering,
        "connection": connection_appeal,
        "elsewhere": elsewhere,
    }


def _numbers(response) -> set[str]:
    return {
        a.number
        for a in Appeal.objects.all()
        if f">{a.number}</a>" in response.content.decode()
    }


def test_specialist_sees_only_own_competence_and_branch(client, appeals, specialist):
    client.force_login(specialist)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert _numbers(response) == {appeals["metering"].number}


def test_supervisor_sees_every_topic_of_the_branch(client, appeals, supervisor):
    client.force_login(supervisor)
    response = client.get(QUEUE)
    assert _numbers(response) == {
        appeals["metering"].number,
        appeals["connection"].number,
    }


def test_consumer_is_refused_and_anonymous_is_sent_to_login(client, consumer):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(consumer)
    assert client.get(QUEUE).status_code == 403


def test_filters_by_status_topic_and_assignee(client, appeals, supervisor, specialist):
    appeal_assign(actor=supervisor, appeal=appeals["metering"], assignee=specialist)
    client.force_login(supervisor)

    in_work = client.get(QUEUE, {"status": Status.IN_WORK})
    assert _numbers(in_work) == {appeals["metering"].number}
    by_topic = client.get(QUEUE, {"topic": Topic.CONNECTION})
    assert _numbers(by_topic) == {appeals["connection"].number}
    unassigned = client.get(QUEUE, {"assignee": "none"})
    assert _numbers(unassigned) == {appeals["connection"].number}
    by_person = client.get(QUEUE, {"assignee": str(specialist.pk)})
    assert _numbers(by_person) == {appeals["metering"].number}


def test_mine_filter_shows_what_is_assigned_to_me(client, appeals, specialist):
    appeal_assign(actor=specialist, appeal=appeals["metering"], assignee=specialist)
    client.force_login(specialist)
    assert _numbers(client.get(QUEUE, {"assignee": "me"})) == {
        appeals["metering"].number
    }


def test_overdue_and_due_soon_filters(client, appeals, supervisor):
    now = timezone.now()
    Appeal.objects.filter(pk=appeals["metering"].pk).update(
        due_at=now - timedelta(hours=1)
    )
    Appeal.objects.filter(pk=appeals["connection"].pk).update(
        due_soon_at=now - timedelta(hours=1), due_at=now + timedelta(days=1)
    )
    client.force_login(supervisor)
    overdue = client.get(QUEUE, {"overdue": "on"})
    assert _numbers(overdue) == {appeals["metering"].number}
    assert "Просрочено" in overdue.content.decode()
    due_soon = client.get(QUEUE, {"due_soon": "on"})
    assert _numbers(due_soon) == {appeals["connection"].number}
    assert "Срок истекает" in due_soon.content.decode()


def test_search_by_number_name_and_phone(client, appeals, make_appeal, supervisor):
    other = make_appeal(
        channel=Channel.PHONE,
        consumer=None,
        consumer_account=None,
        supply_point=None,
        contact_name="Сидоров Пётр",
        contact_phone="+79991112233",
        contact_email="",
        answer_channel="phone",
        actor=supervisor,
    )
    Appeal.objects.filter(pk=other.pk).update(branch=appeals["metering"].branch)
    client.force_login(supervisor)
    metering = appeals["metering"]
    assert _numbers(client.get(QUEUE, {"q": metering.number})) == {metering.number}
    assert _numbers(client.get(QUEUE, {"q": "сидоров"})) == {other.number}
    assert _numbers(client.get(QUEUE, {"q": "8 999 111-22-33"})) == {other.number}


def test_complaint_has_a_badge(client, make_appeal, supervisor):
    make_appeal(kind=Kind.COMPLAINT)
    client.force_login(supervisor)
    assert 'class="badge complaint"' in client.get(QUEUE).content.decode()


def test_bad_filter_values_are_ignored(client, appeals, supervisor):
    client.force_login(supervisor)
    response = client.get(QUEUE, {"status": "nonsense", "branch": "x", "page": "z"})
    assert response.status_code == 200
    assert len(_numbers(response)) == 2


def test_htmx_request_gets_only_the_table(client, appeals, supervisor):
    client.force_login(supervisor)
    response = client.get(QUEUE, {"topic": Topic.METERING}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "<form" not in body
    assert "<table" in body
    assert _numbers(response) == {appeals["metering"].number}
    assert "HX-Request" in response["Vary"]


def test_full_page_has_filters_socket_notice_and_script(client, appeals, supervisor):
    client.force_login(supervisor)
    body = client.get(QUEUE).content.decode()
    assert 'id="queue-changes"' in body
    assert "js/queue.js" in body
    assert 'hx-get="/staff/appeals/"' in body
    assert "<script>" not in body  # no inline scripts (CSP)


def _queries_for_queue(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(QUEUE).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(client, make_appeal, supervisor):
    make_appeal()
    appeal_assign(actor=supervisor, appeal=make_appeal(), assignee=supervisor)
    client.force_login(supervisor)
    _queries_for_queue(client)  # the first request records the session (one-off writes)
    few = _queries_for_queue(client)
    for _ in range(5):
        appeal_assign(actor=supervisor, appeal=make_appeal(), assignee=supervisor)
    assert _queries_for_queue(client) == few


def test_paginates_by_fifty(client, make_appeal, supervisor):
    for _ in range(51):
        make_appeal()
    client.force_login(supervisor)
    first = client.get(QUEUE)
    assert first.content.decode().count('name="appeal_ids"') == 50
    assert "Страница 1 из 2" in first.content.decode()
    second = client.get(QUEUE, {"page": 2})
    assert second.content.decode().count('name="appeal_ids"') == 1


def test_supervisor_assigns_several_appeals_at_once(
    client, make_appeal, supervisor, specialist
):
    first, second = make_appeal(), make_appeal()
    client.force_login(supervisor)
    response = client.post(
        BULK,
        {
            "appeal_ids": [first.pk, second.pk],
            "assignee": specialist.pk,
            "next": "/staff/appeals/?topic=metering",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/appeals/?topic=metering"
    for appeal in (first, second):
        appeal.refresh_from_db()
        assert (appeal.assignee, appeal.status) == (specialist, Status.IN_WORK)
        assert appeal.events.filter(action="assigned").count() == 1


def test_bulk_assignment_skips_appeals_the_user_cannot_see(
    client, appeals, supervisor, specialist
):
    client.force_login(supervisor)
    client.post(
        BULK,
        {
            "appeal_ids": [appeals["metering"].pk, appeals["elsewhere"].pk],
            "assignee": specialist.pk,
        },
    )
    appeals["elsewhere"].refresh_from_db()
    appeals["metering"].refresh_from_db()
    assert appeals["metering"].assignee == specialist
    assert appeals["elsewhere"].assignee is None


def test_specialist_cannot_bulk_assign(client, make_appeal, specialist):
    appeal = make_appeal()
    client.force_login(specialist)
    response = client.post(BULK, {"appeal_ids": [appeal.pk], "assignee": specialist.pk})
    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.assignee is None
    assert appeal.status == Status.REGISTERED
    assert 'name="appeal_ids"' not in client.get(QUEUE).content.decode()


def test_queue_opens_on_open_appeals_and_all_shows_finished_ones(
    client, appeals, supervisor
):
    from gridcare.appeals.services import appeal_answer, appeal_close

    closed = appeals["connection"]
    appeal_answer(actor=supervisor, appeal=closed, text="Ответ")
    appeal_close(actor=supervisor, appeal=closed)
    client.force_login(supervisor)
    assert _numbers(client.get(QUEUE)) == {appeals["metering"].number}
    everything = client.get(QUEUE, {"status": ""})
    assert _numbers(everything) == {appeals["metering"].number, closed.number}
