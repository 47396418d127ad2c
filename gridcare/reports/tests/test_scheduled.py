"""Scheduled reports go out by e-mail through a real SMTP server (aiosmtpd), with the
XLSX attached, once per due day."""

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from gridcare.outages.tests.conftest import Sink, free_port
from gridcare.reports.models import ReportSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings: Any) -> Iterator[Sink]:
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()


def _send(day: str) -> str:
    out = io.StringIO()
    call_command("reports_send_scheduled", "--date", day, stdout=out)
    return out.getvalue()


def test_weekly_and_monthly_reports_are_sent_when_due(smtp, registry):
    registry(count=300, years=(2024,))
    weekly = ReportSubscription.objects.create(
        report="dashboard",
        frequency="weekly",
        recipients="boss@gridcare.test, analyst@gridcare.test",
    )
    ReportSubscription.objects.create(
        report="report_186", frequency="monthly", recipients="ceo@gridcare.test"
    )
    ReportSubscription.objects.create(
        report="dashboard",
        frequency="weekly",
        recipients="old@gridcare.test",
        is_active=False,
    )
    # Tuesday 2024-07-02: nothing is due.
    assert "Отправлено отчётов: 0." in _send("2024-07-02")
    assert smtp.messages == []
    # Monday 2024-07-01 is also the 1st: both go out.
    assert "Отправлено отчётов: 2." in _send("2024-07-01")
    assert smtp.recipients() == [
        "analyst@gridcare.test",
        "boss@gridcare.test",
        "ceo@gridcare.test",
    ]
    message = smtp.to("boss@gridcare.test")[0]
    assert str(message["Subject"]).strip() == (
        "Отчёт «Система в цифрах (таблицы)» за 24.06.2024 — 30.06.2024"
    )
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == "dashboard-2024-06-24-2024-06-30.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    assert book.sheetnames[0] == "1. Обращения по дням"
    monthly = next(smtp.to("ceo@gridcare.test")[0].iter_attachments())
    assert monthly.get_filename() == "prilozhenie-7-2024.xlsx"
    weekly.refresh_from_db()
    assert weekly.last_sent_on == date(2024, 7, 1)
    # The same day again (a second timer run): nothing twice.
    assert "Отправлено отчётов: 0." in _send("2024-07-01")
    assert len(smtp.messages) == 2
