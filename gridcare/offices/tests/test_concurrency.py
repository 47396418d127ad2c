"""Two consumers book the last place of a slot at the same moment: the office row
lock lets exactly one through (PostgreSQL; SQLite serialises writes anyway)."""

import threading

import pytest
from django.db import connection, connections

from gridcare.core.errors import ConflictError
from gridcare.offices.models import Appointment
from gridcare.offices.services import appointment_book
from gridcare.offices.tests.conftest import msk

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="параллельная запись — на PostgreSQL"
    ),
]


def test_concurrent_bookings_of_one_slot(
    frozen, office, consultation, consumer, other_consumer
):
    barrier = threading.Barrier(2)
    results: list[str] = []

    def book(user):
        try:
            barrier.wait()
            appointment_book(
                user=user,
                office=office,
                service=consultation,
                starts_at=msk(2026, 3, 17, 10),
            )
            results.append("ok")
        except ConflictError as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book, args=(u,)) for u in (consumer, other_consumer)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "slot_unavailable"]
    assert Appointment.objects.count() == 1
