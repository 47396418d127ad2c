"""Registration numbers stay unique when several workers register at once."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.models import Appeal
from gridcare.appeals.services import AppealInput, appeal_receive


# serialized_rollback: the flush after the test keeps the seeded reference data
# intact for later transactional tests (no post_migrate re-creation).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel writers need a server database"
)
def test_parallel_registrations_get_distinct_consecutive_numbers(operator):
    def register(i: int) -> str:
        try:
            appeal = appeal_receive(
                actor=operator,
                data=AppealInput(
                    channel=Channel.PHONE,
                    category=Category.OTHER,
                    topic=Topic.GENERAL,
                    text=f"Звонок {i}",
                    contact_name="Абонент",
                    contact_phone=f"+7917000{i:04d}",
                    answer_channel=AnswerChannel.PHONE,
                ),
            )
            return appeal.number or ""
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(register, range(80)))

    assert len(set(numbers)) == 80
    suffixes = sorted(int(n.split("-")[1]) for n in numbers)
    assert suffixes == list(range(1, 81))
    assert Appeal.objects.count() == 80
