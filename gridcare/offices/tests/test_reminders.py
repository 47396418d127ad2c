"""The reminder the day before: one e-mail through a real SMTP server (aiosmtpd) and
one in-app notice per appointment, never twice; cancelled and later ones are not
reminded; a moved appointment is reminded for its new day."""

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from gridcare.notifications.models import Notification
from gridcare.notifications.testing import SmtpSink, body_of, smtp_server
from gridcare.offices.services import (
    appointment_book,
    appointment_cancel,
    appointment_move,
    appointments_remind,
)
from gridcare.offices.tests.conftest import msk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpSink]:
    yield from smtp_server(settings)


def _run() -> str:
    out = StringIO()
    call_command("appointments_remind", stdout=out)
    return out.getvalue().strip()


def test_reminds_tomorrows_appointment_once(
    frozen, office, consultation, consumer, other_consumer, smtp
):
    tomorrow = appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    appointment_book(  # the day after tomorrow: not yet
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 18, 10),
    )
    cancelled = appointment_book(
        user=other_consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 11),
    )
    appointment_cancel(appointment=cancelled, actor=other_consumer)
    smtp.messages.clear()  # booking confirmations

    frozen.move_to("2026-03-16 18:00 +03:00")
    assert _run() == "Отправлено напоминаний: 1"
    assert _run() == "Отправлено напоминаний: 0"

    mails = smtp.to("ivanova@example.ru")
    assert len(mails) == 1
    assert (
        mails[0]["Subject"] == "Напоминание: завтра приём в офисе, 17.03.2026 в 10:00"
    )
    assert f"Код записи: {tomorrow.code}" in body_of(mails[0])
    assert smtp.to("petrov@example.ru") == []
    assert Notification.objects.filter(event="appointment_reminder").count() == 2
    tomorrow.refresh_from_db()
    assert tomorrow.reminded_at == msk(2026, 3, 16, 18)
    assert tomorrow.events.filter(action="reminded").count() == 1


def test_moved_appointment_is_reminded_for_its_new_day(
    frozen, office, consultation, consumer, smtp
):
    appointment = appointment_book(
        user=consumer,
        office=office,
        service=consultation,
        starts_at=msk(2026, 3, 17, 10),
    )
    assert appointments_remind(now=msk(2026, 3, 16, 18)) == 1
    appointment_move(
        appointment=appointment, starts_at=msk(2026, 3, 18, 9, 0), actor=consumer
    )
    assert appointments_remind(now=msk(2026, 3, 16, 18, 30)) == 0
    assert appointments_remind(now=msk(2026, 3, 17, 18)) == 1
    assert appointments_remind(now=msk(2026, 3, 17, 19)) == 0
    subjects = [m["Subject"] for m in smtp.to("ivanova@example.ru")]
    assert subjects.count("Напоминание: завтра приём в офисе, 18.03.2026 в 09:00") == 1
    assert subjects.count("Напоминание: завтра приём в офисе, 17.03.2026 в 10:00") == 1
